"""The election model and the satisfaction measures: exact money, CSR ballots, weights, equality."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from kenesh.tally.model import Election, Outcome, PabulibError, TallyError
from kenesh.tally.pabulib import merge_identical_ballots, parse_pabulib
from kenesh.tally.satisfaction import default_satisfaction, entry_utilities

ORDINAL = """META
key;value
budget;10.5
vote_type;ordinal
PROJECTS
project_id;cost
a;2.25
b;4
c;6
VOTES
voter_id;vote
1;c,a,b
2;b
3;c,a,b
"""

CUMULATIVE = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost
a;2
b;4
VOTES
voter_id;vote;points
1;a,b;0.5,2
2;b;3
"""


def test_money_is_exact_in_units_of_the_scale():
    e = parse_pabulib(ORDINAL)
    assert e.money_scale == 100
    assert e.costs.tolist() == [225, 400, 600]
    assert e.budget == Fraction(21, 2) and isinstance(e.budget, Fraction)
    assert e.project_cost(0) == Fraction(9, 4)


def test_ballots_are_csr_rows_in_the_voters_order():
    e = parse_pabulib(ORDINAL)
    assert (e.n_projects, e.n_ballots, e.n_voters) == (3, 3, 3)
    assert e.ballot(0).tolist() == [2, 0, 1]
    assert e.ballot(1).tolist() == [1]
    assert e.ballot_weights().tolist() == [1, 1, 1]


def test_weights_count_voters_of_merged_rows():
    merged = merge_identical_ballots(parse_pabulib(ORDINAL))
    assert (merged.n_ballots, merged.n_voters) == (2, 3)
    assert merged.ballot_weights().tolist() == [2, 1]
    assert merged.ballot(0).tolist() == [2, 0, 1]


def test_equality_compares_arrays_by_value():
    e = parse_pabulib(ORDINAL)
    same = parse_pabulib(ORDINAL)
    assert e == same and e is not same
    same.indices = same.indices.copy()
    same.indices[0] = 1
    assert e != same
    other = parse_pabulib(ORDINAL)
    other.weights = np.ones(3, dtype=np.int64)
    assert e != other  # None and explicit ones are different representations
    other = parse_pabulib(ORDINAL)
    other.meta = dict(reversed(list(other.meta.items())))
    assert e != other  # META order is part of the file
    assert e != "not an election"
    with pytest.raises(TypeError):
        hash(e)


def test_pabulib_error_carries_message_and_line():
    error = PabulibError("a bad number", 7)
    assert (error.message, error.line, str(error)) == ("a bad number", 7, "line 7: a bad number")
    assert str(PabulibError("no file")) == "no file"
    assert isinstance(error, TallyError)


def test_entry_utilities_for_each_satisfaction():
    e = parse_pabulib(ORDINAL)
    assert entry_utilities(e, "cost").tolist() == [600, 225, 400, 400, 600, 225, 400]
    assert entry_utilities(e, "card").tolist() == [1] * 7
    assert entry_utilities(e, "borda").tolist() == [2, 1, 0, 0, 2, 1, 0]
    with pytest.raises(TallyError, match="needs points"):
        entry_utilities(e, "additive")
    with pytest.raises(TallyError, match="unknown satisfaction 'nope'"):
        entry_utilities(e, "nope")


def test_additive_satisfaction_uses_the_scaled_points():
    e = parse_pabulib(CUMULATIVE)
    assert e.points_scale == 10
    assert entry_utilities(e, "additive").tolist() == [5, 20, 30]
    assert entry_utilities(e, "additive").dtype == np.int64


def test_default_satisfaction_follows_pabutools():
    assert [
        default_satisfaction(t) for t in ("approval", "choose-1", "cumulative", "scoring", "ordinal")
    ] == [
        "cost",
        "cost",
        "additive",
        "additive",
        "borda",
    ]
    with pytest.raises(TallyError, match="unknown vote type"):
        default_satisfaction("borda")


def test_outcome_json_is_exact():
    outcome = Outcome(
        rule="greedy", selected=["a"], total_cost=Fraction(9, 4), budget=Fraction(10), details={"note": 1}
    )
    assert outcome.as_json() == {
        "rule": "greedy",
        "selected": ["a"],
        "total_cost": "9/4",
        "budget": 10,
        "note": 1,
    }


def test_an_election_can_be_built_directly():
    e = Election(
        meta={"budget": "5", "vote_type": "approval"},
        project_ids=["p"],
        costs=np.array([3], dtype=np.int64),
        budget_scaled=5,
        money_scale=1,
        vote_type="approval",
        indptr=np.array([0, 1, 1], dtype=np.int64),
        indices=np.array([0], dtype=np.int32),
    )
    assert (e.n_ballots, e.n_voters, e.voter_ids, e.points) == (2, 2, [], None)
