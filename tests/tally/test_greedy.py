"""The cities' greedy rules (by votes or score) and pabutools' utilitarian greedy, on small elections."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kenesh.tally.model import Election, TallyError
from kenesh.tally.pabulib import parse_pabulib
from kenesh.tally.rules import get_rule
from kenesh.tally.rules.greedy import (
    city_score_unit,
    city_scores,
    greedy,
    greedy_no_skip,
    greedy_threshold,
    utilitarian_completion,
    utilitarian_greedy,
)
from tests.ci import import_or_missing


def pabulib(
    projects: str, votes: str, *, budget: str = "100", vote_type: str = "approval", extra: str = ""
) -> Election:
    """An election from the PROJECTS and VOTES lines of a Pabulib file (headers included)."""
    text = (
        f"META\nkey;value\ndescription;test\ncountry;Kyrgyzstan\nunit;Test\ninstance;2025\n"
        f"budget;{budget}\nvote_type;{vote_type}\nrule;greedy\n{extra}"
        f"PROJECTS\n{projects.strip()}\nVOTES\n{votes.strip()}\n"
    )
    return parse_pabulib(text)


# Votes: 1 has 4, 2 has 3, 3 has 2, 4 has 1. Budget 100: greedy buys 1 (60), skips 2 (50), buys 3 (30);
# 4 (120) costs more than the whole budget.
SMALL = pabulib(
    "project_id;cost\n1;60\n2;50\n3;30\n4;120",
    "voter_id;vote\nv1;1,2\nv2;1,2,3\nv3;1,2\nv4;1,3\nv5;4",
)


def test_greedy_skips_what_does_not_fit() -> None:
    outcome = greedy(SMALL, explain=True)
    assert outcome.selected == ["1", "3"]
    assert outcome.total_cost == 90
    assert outcome.explanation is not None
    rows = outcome.explanation["projects"]
    assert [(r["project"], r["rank"], r["score"], r["money_left_before"], r["reason"]) for r in rows] == [
        ("1", 1, 4, 100, "selected"),
        ("2", 2, 3, 40, "skipped_does_not_fit"),
        ("3", 3, 2, 40, "selected"),
        ("4", 4, 1, 10, "exceeds_budget"),
    ]
    json.dumps(outcome.as_json())


def test_greedy_no_skip_stops_at_the_first_project_that_does_not_fit() -> None:
    outcome = greedy_no_skip(SMALL, explain=True)
    assert outcome.selected == ["1"]
    assert outcome.explanation is not None
    reasons = [(r["project"], r["reason"], r["money_left_before"]) for r in outcome.explanation["projects"]]
    assert reasons == [
        ("1", "selected", 100),
        ("2", "stopped_does_not_fit", 40),
        ("3", "stopped_before", None),
        ("4", "stopped_before", None),
    ]


def test_greedy_no_skip_passes_over_a_withdrawn_project_as_the_checker_does() -> None:
    # 999999999 is Pabulib's cost for a project withdrawn after the vote: it must not stop the count.
    election = pabulib(
        "project_id;cost\n1;999999999\n2;60\n3;30",
        "voter_id;vote\nv1;1,2\nv2;1,2,3\nv3;1",
    )
    assert greedy_no_skip(election).selected == ["2", "3"]
    # Any other project dearer than the budget stops a no-skip count, as in the checker.
    dear = pabulib("project_id;cost\n1;500\n2;60\n3;30", "voter_id;vote\nv1;1,2\nv2;1,2,3\nv3;1")
    assert greedy_no_skip(dear).selected == []
    assert greedy(dear).selected == ["2", "3"]


def test_greedy_threshold_keeps_projects_reaching_the_threshold() -> None:
    election = pabulib(
        SMALL_PROJECTS := "project_id;cost\n1;60\n2;20\n3;10\n4;5",
        "voter_id;vote\nv1;1,2\nv2;1,2,3\nv3;1,2\nv4;1,3\nv5;4",
        extra="min_project_score_threshold;2\n",
    )
    outcome = greedy_threshold(election, explain=True)
    # Score >= threshold is eligible (3 has exactly 2 votes); 4 (1 vote) is not, though it would fit.
    assert outcome.selected == ["1", "2", "3"]
    assert outcome.explanation is not None
    assert outcome.explanation["projects"][-1]["reason"] == "below_threshold"
    assert outcome.details["threshold"] == 2
    assert greedy(election).selected == ["1", "2", "3", "4"]
    with pytest.raises(TallyError, match="min_project_score_threshold"):
        greedy_threshold(pabulib(SMALL_PROJECTS, "voter_id;vote\nv1;1"))


def test_ties_keep_the_file_order_as_the_checker_does() -> None:
    # Warsaw 2020 Rembertów broke a tie at 231 votes for the project it listed first (2146, not 2072).
    election = pabulib(
        "project_id;cost\n2146;60\n2072;50",
        "voter_id;vote\nv1;2146,2072\nv2;2072,2146",
    )
    assert greedy(election).selected == ["2146"]


def test_scores_for_ordinal_and_cumulative_ballots() -> None:
    # The checker scores a ranking of n projects n, n-1, ..., 1.
    ordinal = pabulib(
        "project_id;cost\n1;10\n2;10\n3;10",
        "voter_id;vote\nv1;3,1,2\nv2;1,3\nv3;2",
        vote_type="ordinal",
    )
    assert city_scores(ordinal) == [2 + 2, 1 + 1, 3 + 1]
    cumulative = pabulib(
        "project_id;cost\n1;10\n2;10\n3;10",
        "voter_id;vote;points\nv1;1,2;1.5,3.5\nv2;2,3;2,3",
        vote_type="cumulative",
    )
    # Points are stored in units of 1/points_scale; the explanation gives them back exactly.
    assert [s / city_score_unit(cumulative) for s in city_scores(cumulative)] == [1.5, 5.5, 3]
    scores = {r["project"]: r["score"] for r in greedy(cumulative, explain=True).explanation["projects"]}  # type: ignore[index]
    assert scores == {"2": "11/2", "3": 3, "1": "3/2"}


def test_merged_ballots_count_with_their_weight() -> None:
    merged = Election(
        meta={},
        project_ids=["a", "b"],
        costs=np.array([60, 60], dtype=np.int64),
        budget_scaled=100,
        money_scale=1,
        vote_type="approval",
        indptr=np.array([0, 1, 2], dtype=np.int64),
        indices=np.array([0, 1], dtype=np.int32),
        weights=np.array([2, 3], dtype=np.int64),
    )
    assert greedy(merged).selected == ["b"]
    assert utilitarian_greedy(merged, sat="card").selected == ["b"]


def test_utilitarian_greedy_orders_by_satisfaction_per_cost() -> None:
    # Cost satisfaction per cost is the number of approvals: 1 (4), 2 (3), 3 (2): same as greedy here.
    assert utilitarian_greedy(SMALL).selected == ["1", "3"]
    # Cardinality per cost: 3 has 2/30, 1 has 4/60, a tie broken by id; then 2 (3/50) does not fit.
    outcome = utilitarian_greedy(SMALL, sat="card", explain=True)
    assert outcome.selected == ["1", "3"]
    assert outcome.explanation is not None
    assert [r["score_per_cost"] for r in outcome.explanation["projects"]] == ["1/15", "1/15", "3/50", "1/120"]
    assert outcome.details == {"sat": "card", "welfare": 6}


def test_utilitarian_greedy_decides_ratios_exactly() -> None:
    # 2 / (2e16 + 1) < 1 / 1e16, but in floats both are 1e-16: a float comparison would tie and take
    # project "1" by id; exactly, "2" has the better ratio and "1" then no longer fits.
    big = 10**16
    election = Election(
        meta={},
        project_ids=["1", "2"],
        costs=np.array([2 * big + 1, big], dtype=np.int64),
        budget_scaled=2 * big + 1,
        money_scale=1,
        vote_type="approval",
        indptr=np.array([0, 1, 2, 3], dtype=np.int64),
        indices=np.array([0, 0, 1], dtype=np.int32),
    )
    assert float(2) / float(2 * big + 1) == float(1) / float(big)
    assert utilitarian_greedy(election, sat="card").selected == ["2"]


def test_utilitarian_greedy_buys_unsupported_and_free_projects_like_pabutools() -> None:
    election = pabulib(
        "project_id;cost\n1;60\n2;0\n3;30\n4;10",
        "voter_id;vote\nv1;1,2\nv2;1,3",
    )
    # 2 is free and supported: first. 4 has no support: density 0, last, but it still fits.
    assert utilitarian_greedy(election, sat="card").selected == ["2", "1", "3", "4"]


def test_utilitarian_completion_goes_on_from_a_selection() -> None:
    # From nothing it is the rule itself: 1 (4/60) and 3 (2/30) tie and go by id, 2 (3/50) does not fit.
    assert utilitarian_completion(SMALL, "card", []) == [0, 2]
    # From 2 (50 of the 100 som), 1 (60) no longer fits; 3 (30) does, then nothing else.
    rows: list[dict[str, object]] = []
    assert utilitarian_completion(SMALL, "card", [1], rows=rows) == [2]
    assert [(r["project"], r["money_left_before"], r["reason"]) for r in rows] == [
        ("1", 50, "skipped_does_not_fit"),
        ("3", 50, "selected"),
        ("4", 20, "exceeds_budget"),
    ]


def test_registry_names_reach_these_rules() -> None:
    import_or_missing("kenesh.tally.rules.mes")  # the registry imports the MES module too
    assert get_rule("greedy") is greedy
    assert get_rule("greedy-no-skip") is greedy_no_skip
    assert get_rule("greedy-threshold") is greedy_threshold
    assert get_rule("utilitarian-greedy") is utilitarian_greedy
