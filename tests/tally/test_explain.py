"""Explanations of MES outcomes: their documented shape, their arithmetic, and the loser counterfactuals."""

from __future__ import annotations

import dataclasses
import json
import math
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings

from kenesh.tally.explain import voter_explanation
from kenesh.tally.model import Election, Outcome
from kenesh.tally.pabulib import parse_pabulib, read_pabulib
from kenesh.tally.rules import mes as M
from tests.tally.conftest import pabulib_file
from tests.tally.test_mes import CHECKER_EXAMPLE, pabulib_texts

REASONS = {"selected", "selected_free", "selected_completion", "no_support", "not_affordable"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def explained(out: Outcome) -> dict[str, Any]:
    assert out.explanation is not None
    return out.explanation


def check_payments(election: Election, outcome_rule: str) -> None:
    """Every bought project is paid exactly by its supporters; nobody pays more than they hold."""
    out = getattr(M, outcome_rule)(election, explain=True)
    json.dumps(out.as_json())
    rounds = explained(out)["rounds"]
    paid: dict[str, Fraction] = {r["project"]: Fraction(0) for r in rounds}
    weights = election.ballot_weights()
    for i in range(election.n_ballots):
        mine = voter_explanation(election, out, i)
        spent = sum((Fraction(p["paid"]) for p in mine["payments"]), Fraction(0))
        assert Fraction(mine["left"]) >= 0
        assert spent + Fraction(mine["left"]) == Fraction(mine["budget"])
        for p in mine["payments"]:
            paid[p["project"]] += Fraction(p["paid"]) * int(weights[i])
    for j, pid in enumerate(election.project_ids):
        if pid in paid:
            assert paid[pid] == election.project_cost(j)


@SETTINGS
@given(pabulib_texts())
def test_payments_add_up_to_costs_and_stay_within_budgets(text: str) -> None:
    election = parse_pabulib(text)
    for rule in ("mes", "mes_add1", "mes_greedy"):
        check_payments(election, rule)


@SETTINGS
@given(pabulib_texts())
def test_every_project_has_a_row_with_a_documented_reason(text: str) -> None:
    election = parse_pabulib(text)
    for rule in ("mes", "mes_add1_utilitarian", "mes_pabutools_add1"):
        out = getattr(M, rule)(election, explain=True)
        rows = explained(out)["projects"]
        assert [r["project"] for r in rows] == election.project_ids
        assert {r["reason"] for r in rows} <= REASONS
        assert sorted(r["project"] for r in rows if r["selected"]) == sorted(out.selected)
        assert [r["project"] for r in explained(out)["rounds"]] == [
            pid
            for pid in out.selected
            if next(x for x in rows if x["project"] == pid)["reason"] == "selected"
        ]


def with_cost(election: Election, j: int, cost: int) -> Election:
    costs = election.costs.copy()
    costs[j] = cost
    return dataclasses.replace(election, costs=costs)


@SETTINGS
@given(pabulib_texts(vote_types=("approval", "cumulative")))
def test_winning_cost_is_the_threshold_at_which_a_loser_wins(text: str) -> None:
    election = parse_pabulib(text)
    for sat in ("cost", "card") if election.vote_type == "approval" else ("additive",):
        out = M.mes(election, sat=sat, explain=True)
        for j, row in enumerate(explained(out)["projects"]):
            if row["reason"] != "not_affordable":
                continue
            threshold = Fraction(row["winning_cost"])
            assert Fraction(row["cheaper_by"]) == election.project_cost(j) - threshold
            below = math.ceil(threshold) - 1
            if below >= 1:
                assert row["project"] in M.mes(with_cost(election, j, below), sat=sat).selected
            above = math.floor(threshold) + 1
            if above <= int(election.costs[j]):
                assert row["project"] not in M.mes(with_cost(election, j, above), sat=sat).selected


def test_voter_explanation_without_a_stored_explanation_recounts_the_same() -> None:
    election = parse_pabulib(CHECKER_EXAMPLE)
    explained = M.mes_add1(election, explain=True)
    plain = M.mes_add1(election)
    for i in range(election.n_ballots):
        assert voter_explanation(election, plain, i) == voter_explanation(election, explained, i)
    # Per-voter budget 3 (10/4 floored is 2; +1 still fits, +2 buys all three): v3 has 1 left after a,
    # so v4 pays the other 3 of c's 4.
    assert voter_explanation(election, plain, 2)["payments"][1] == {"round": 2, "project": "c", "paid": 1}
    assert voter_explanation(election, plain, 3) == {
        "voter": 3,
        "budget": 3,
        "payments": [{"round": 2, "project": "c", "paid": 3}],
        "left": 0,
    }


def test_explanation_of_a_real_add1_count() -> None:
    election = read_pabulib(pabulib_file("Poland_Wieliczka_2023_Green_Budget.pb"))
    out = M.mes_add1(election, explain=True)
    ex = explained(out)
    assert ex["rule"] == "mes-add1" and ex["sat"] == "cost" and ex["per_voter_budget"] == 315
    first = ex["rounds"][0]
    # Nobody has paid anything yet: the most-voted affordable project, split equally among its voters.
    assert first["project"] == "24" and first["effective_votes"] == 720 and first["payers"] == 720
    losers = [r for r in ex["projects"] if r["reason"] == "not_affordable"]
    assert losers
    for row in losers:
        assert 0 <= Fraction(row["winning_cost"]) <= Fraction(row["cost"])
        assert Fraction(row["money_left"]) < Fraction(row["cost"])
        assert isinstance(row["more_supporters"], int) and row["more_supporters"] >= 1
    json.dumps(ex)
    total = np.sum([Fraction(r["total_paid"]) for r in ex["projects"] if r["reason"] == "selected"])
    assert total == out.total_cost


NO_VOTES = """META
key;value
num_projects;2
num_votes;0
budget;10
vote_type;approval
PROJECTS
project_id;cost
a;6
b;4
VOTES
voter_id;vote
"""


def test_an_election_nobody_voted_in_is_explained_as_no_support() -> None:
    election = parse_pabulib(NO_VOTES)
    for rule in (M.mes, M.mes_add1, M.mes_add1_comparison, M.mes_pabutools_add1):
        explanation = explained(rule(election, explain=True))
        assert explanation["per_voter_budget"] == 0
        assert {row["reason"] for row in explanation["projects"]} == {"no_support"}
