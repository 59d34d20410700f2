"""Maximum utilitarian welfare: the exact knapsack solvers, tie-breaking, parity with pabutools by welfare
value, and properties every rule of the greedy/Phragmén/welfare family must keep on generated elections."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kenesh.tally.model import Election
from kenesh.tally.pabulib import merge_identical_ballots, read_pabulib
from kenesh.tally.rules import greedy, phragmen
from kenesh.tally.rules._common import REASONS, project_totals
from kenesh.tally.rules.welfare import _dp, _lexicographic_bb, max_welfare, solve_knapsack
from kenesh.tally.satisfaction import entry_utilities
from tests.ci import import_or_missing
from tests.tally.conftest import pabulib_file


def make_election(
    costs: list[int],
    budget: int,
    ballots: list[list[int]],
    *,
    points: list[list[int]] | None = None,
    vote_type: str = "approval",
    ids: list[str] | None = None,
) -> Election:
    """An election in whole som from project costs and ballots of project indices (ids "1", "2", ...)."""
    lengths = [len(b) for b in ballots]
    return Election(
        meta={},
        project_ids=ids or [str(j + 1) for j in range(len(costs))],
        costs=np.array(costs, dtype=np.int64),
        budget_scaled=budget,
        money_scale=1,
        vote_type=vote_type,
        indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        indices=np.array([j for b in ballots for j in b], dtype=np.int32),
        points=None if points is None else np.array([p for row in points for p in row], dtype=np.int64),
    )


def welfare_of(election: Election, selected: list[str], sat: str) -> int:
    totals = project_totals(election, entry_utilities(election, sat))
    position = {p: j for j, p in enumerate(election.project_ids)}
    return sum(totals[position[p]] for p in selected)


def brute_force(costs: list[int], values: list[int], capacity: int) -> list[int]:
    """The lexicographically-first optimum by definition: the best indicator vector, 1 before 0."""
    best: tuple[int, tuple[int, ...]] | None = None
    for bits in itertools.product((1, 0), repeat=len(costs)):
        if sum(c for c, b in zip(costs, bits, strict=True) if b) > capacity:
            continue
        value = sum(v for v, b in zip(values, bits, strict=True) if b)
        if best is None or value > best[0]:
            best = (value, bits)
    assert best is not None
    return [i for i, b in enumerate(best[1]) if b]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 12), st.integers(1, 6)), min_size=1, max_size=9),
    st.integers(0, 40),
)
def test_both_solvers_find_the_lexicographically_first_optimum(
    items: list[tuple[int, int]], capacity: int
) -> None:
    costs = [c for c, _ in items]
    values = [v for _, v in items]
    expected = brute_force(costs, values, capacity)
    assert _dp(costs, values, capacity) == expected
    assert _lexicographic_bb(costs, values, capacity) == expected


def test_large_costs_use_branch_and_bound_and_stay_exact() -> None:
    # Costs with no common divisor and a huge budget: too many steps for the DP table. {2, 3} brings
    # 9e17 + 1 and {1, 2, 4} 9e17, the same float; {1, 3} does not fit by 3.
    costs = [10**15 + 7, 10**15 + 3, 2 * 10**15 + 11, 10**15 + 5]
    values = [3 * 10**17, 3 * 10**17, 6 * 10**17 + 1, 3 * 10**17]
    capacity = 3 * 10**15 + 15
    picked = solve_knapsack(costs, values, capacity, [0, 1, 2, 3])
    assert picked == brute_force(costs, values, capacity) == [1, 2]
    assert float(9 * 10**17 + 1) == float(9 * 10**17)


def test_max_welfare_beats_greedy_and_leaves_unsupported_projects_out() -> None:
    # Greedy by approvals buys 1 (3 voters, 60) and then nothing else fits; 2 + 3 (2 voters each, 50 each)
    # give cost-satisfaction 200 against 180. 4 is supported by nobody: never bought.
    election = make_election([60, 50, 50, 0], 100, [[0, 1], [0, 2], [0], [1, 2]])
    outcome = max_welfare(election, explain=True)
    assert outcome.selected == ["2", "3"]
    assert outcome.details == {"sat": "cost", "welfare": 200}
    assert greedy.utilitarian_greedy(election).selected == ["1", "4"]
    assert outcome.explanation is not None
    assert {r["project"]: r["reason"] for r in outcome.explanation["projects"]} == {
        "2": "selected",
        "3": "selected",
        "1": "not_in_optimum",
        "4": "no_support",
    }


def test_ties_between_optima_prefer_the_smaller_ids() -> None:
    # {1} and {2, 3} both bring 2 approvals (card) within 10: the optimum holding "1" wins.
    election = make_election([10, 5, 5], 10, [[0], [0], [1], [2]])
    assert max_welfare(election, sat="card").selected == ["1"]
    election = make_election([10, 5, 5], 10, [[0], [1], [2]])
    assert max_welfare(election, sat="card").selected == ["2", "3"]


PARITY = [
    ("Poland_Warszawa_2018_Rakowiec.pb", ["cost", "card"]),
    ("Poland_Zabrze_2021_Biskupice.pb", ["cost", "card"]),
    ("Poland_Katowice_2022_Koszutka.pb", ["cost", "card", "additive"]),
    ("Poland_Krakow_2022_Bienczyce.pb", ["cost", "card", "borda"]),
    ("Worldwide_Mechanical_Turk_Ranking_value_money_7.pb", ["cost", "card", "borda"]),
    ("US_Stanford_Dataset_PB_Chicago_47th_Ward_2020_vote_knapsacks.pb", ["cost", "card"]),
]


@pytest.fixture(scope="module")
def pabutools_sats() -> dict[str, type]:
    import_or_missing("pabutools")
    from pabutools.election import Additive_Borda_Sat, Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat

    return {
        "cost": Cost_Sat,
        "card": Cardinality_Sat,
        "additive": Additive_Cardinal_Sat,
        "borda": Additive_Borda_Sat,
    }


@pytest.mark.parametrize(("name", "sats"), PARITY)
def test_same_as_pabutools(name: str, sats: list[str], pabutools_sats: dict[str, type]) -> None:
    """Utilitarian greedy gives pabutools' very set; max-welfare its welfare (its ILP picks any optimum)."""
    path = pabulib_file(name)
    from pabutools.election import parse_pabulib as pabutools_parse
    from pabutools.rules import greedy_utilitarian_welfare, max_additive_utilitarian_welfare

    election = read_pabulib(path)
    instance, profile = pabutools_parse(str(path))
    for sat in sats:
        theirs = {
            p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=pabutools_sats[sat])
        }
        assert set(greedy.utilitarian_greedy(election, sat=sat).selected) == theirs, sat
        optimum = [
            p.name for p in max_additive_utilitarian_welfare(instance, profile, sat_class=pabutools_sats[sat])
        ]
        ours = max_welfare(election, sat=sat)
        assert welfare_of(election, ours.selected, sat) == welfare_of(election, optimum, sat), sat
        assert ours.total_cost <= election.budget


# --- properties of every rule, on generated elections --------------------------------------------------


@st.composite
def elections(draw: st.DrawFn) -> Election:
    n = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    budget = draw(st.integers(0, 80))
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal"]))
    ballots = draw(
        st.lists(
            st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True),
            min_size=1,
            max_size=12,
        )
    )
    # Repeat some ballots so that merging has something to merge.
    ballots = ballots + draw(st.lists(st.sampled_from(ballots), max_size=6))
    points = None
    if vote_type == "cumulative":
        points = [[(3 * j + len(b)) % 5 + 1 for j in b] for b in ballots]
    return make_election(costs, budget, ballots, points=points, vote_type=vote_type)


def all_runs(election: Election) -> dict[str, list[str]]:
    runs = {
        "greedy": greedy.greedy(election).selected,
        "greedy-no-skip": greedy.greedy_no_skip(election).selected,
    }
    sats = ["cost", "card", *{"cumulative": ["additive"], "ordinal": ["borda"]}.get(election.vote_type, [])]
    for sat in sats:
        runs[f"utilitarian-greedy/{sat}"] = greedy.utilitarian_greedy(election, sat=sat).selected
        runs[f"max-welfare/{sat}"] = max_welfare(election, sat=sat).selected
    if election.vote_type == "approval":
        runs["phragmen"] = phragmen.phragmen(election).selected
    return runs


@settings(max_examples=150, deadline=None)
@given(elections())
def test_no_rule_exceeds_the_budget(election: Election) -> None:
    position = {p: j for j, p in enumerate(election.project_ids)}
    for rule, selected in all_runs(election).items():
        assert len(set(selected)) == len(selected), rule
        assert sum(int(election.costs[position[p]]) for p in selected) <= election.budget_scaled, rule


@settings(max_examples=150, deadline=None)
@given(elections())
def test_merging_identical_ballots_changes_no_outcome(election: Election) -> None:
    merged = merge_identical_ballots(election)
    assert merged.n_voters == election.n_voters
    assert all_runs(merged) == all_runs(election)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_max_welfare_is_at_least_any_greedy_welfare(election: Election) -> None:
    runs = all_runs(election)
    for sat in ("cost", "card"):
        best = welfare_of(election, runs[f"max-welfare/{sat}"], sat)
        for rule in ("greedy", "greedy-no-skip", f"utilitarian-greedy/{sat}"):
            assert best >= welfare_of(election, runs[rule], sat), (rule, sat)
        assert Fraction(max_welfare(election, sat=sat).details["welfare"]) == best


@settings(max_examples=100, deadline=None)
@given(elections())
def test_every_explanation_accounts_for_every_project_once(election: Election) -> None:
    outcomes = [
        greedy.greedy(election, explain=True),
        greedy.greedy_no_skip(election, explain=True),
        greedy.utilitarian_greedy(election, explain=True),
        max_welfare(election, explain=True),
    ]
    if election.vote_type == "approval":
        outcomes.append(phragmen.phragmen(election, explain=True))
    keys = {"project", "selected", "rank", "score", "cost", "money_left_before", "reason"}
    for outcome in outcomes:
        assert outcome.explanation is not None
        assert outcome.explanation["rule"] == outcome.rule
        rows = outcome.explanation["projects"]
        json.dumps(outcome.as_json())
        assert sorted(r["project"] for r in rows) == sorted(election.project_ids), outcome.rule
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        assert {r["project"] for r in rows if r["selected"]} == set(outcome.selected)
        for row in rows:
            assert keys <= row.keys()
            assert row["reason"] in REASONS
            assert (row["reason"] == "selected") == row["selected"]
