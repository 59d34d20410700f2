"""Sequential Phragmén: hand-checked loads, stopping not skipping, exact ties, parity with pabutools."""

from __future__ import annotations

import numpy as np
import pytest

from kenesh.tally.model import TallyError
from kenesh.tally.pabulib import parse_pabulib, read_pabulib
from kenesh.tally.rules.phragmen import phragmen
from tests.ci import import_or_missing
from tests.tally.conftest import pabulib_file
from tests.tally.test_welfare import make_election


def test_phragmen_stops_rather_than_skips() -> None:
    # Voters a, b approve 1 (40): load 20. c, d, e approve 2 (90): load 30. a approves 3 (35): after 1,
    # (20 + 35) / 1 = 55. Round 1 buys 1; round 2's best is 2, which no longer fits: the rule stops, and
    # 3 -- which would fit -- is not bought.
    election = make_election([40, 90, 35], 100, [[0, 2], [0], [1], [1], [1]])
    outcome = phragmen(election, explain=True)
    assert outcome.selected == ["1"]
    assert outcome.explanation is not None
    rows = [
        (r["project"], r["max_load"], r["money_left_before"], r["reason"])
        for r in outcome.explanation["projects"]
    ]
    assert rows == [
        ("1", 20, 100, "selected"),
        ("2", 30, 60, "stopped_does_not_fit"),
        ("3", 55, None, "stopped_before"),
    ]


def test_loads_accumulate_over_rounds() -> None:
    # 1 (cost 6, voters a, b, c): load 2. 2 (cost 4, voters a, d): (2 + 4) / 2 = 3. 3 (cost 9, voter e): 9.
    election = make_election([6, 4, 9], 100, [[0, 1], [0], [0], [1], [2]])
    outcome = phragmen(election, explain=True)
    assert outcome.selected == ["1", "2", "3"]
    assert outcome.explanation is not None
    assert [r["max_load"] for r in outcome.explanation["projects"]] == [2, 3, 9]


def test_loads_are_compared_exactly() -> None:
    # Loads 1e17 + 1 and 1e17 are the same float: a float comparison would tie and take "1" by id.
    big = 10**17
    election = make_election([big + 1, big], big + 1, [[0], [1]])
    assert float(big + 1) == float(big)
    assert phragmen(election).selected == ["2"]


def test_exact_ties_go_to_the_smaller_id_and_fractional_loads_are_exact() -> None:
    # 1 and 2 each cost 1 for 3 voters: a tie at load 1/3, broken by id.
    election = make_election([1, 1], 1, [[0], [0], [0], [1], [1], [1]], ids=["b", "a"])
    outcome = phragmen(election, explain=True)
    # Both tie at 1/3 and "a" comes first; then "b" does not fit and the rule stops.
    assert outcome.selected == ["a"]
    assert outcome.explanation is not None
    assert outcome.explanation["projects"][0]["max_load"] == "1/3"


def test_unsupported_projects_come_last_and_dear_ones_never() -> None:
    election = make_election([10, 5, 200], 100, [[0], [0]])
    outcome = phragmen(election, explain=True)
    assert outcome.selected == ["1", "2"]
    assert outcome.explanation is not None
    assert [(r["project"], r["max_load"], r["reason"]) for r in outcome.explanation["projects"]] == [
        ("1", 5, "selected"),
        ("2", "inf", "selected"),
        ("3", None, "exceeds_budget"),
    ]


def test_merged_ballots_give_the_same_outcome() -> None:
    plain = make_election([40, 90, 35, 20], 120, [[0, 2], [0, 2], [1], [1], [3], [1]])
    merged = make_election([40, 90, 35, 20], 120, [[0, 2], [1], [3]])
    merged.weights = np.array([2, 3, 1], dtype=np.int64)
    assert phragmen(merged).selected == phragmen(plain).selected


def test_phragmen_needs_approval_ballots() -> None:
    text = (
        "META\nkey;value\ndescription;t\ncountry;KG\nunit;T\ninstance;1\nbudget;10\nvote_type;cumulative\n"
        "PROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote;points\nv1;1;3\n"
    )
    with pytest.raises(TallyError, match="approval"):
        phragmen(parse_pabulib(text))


PARITY_FILES = [
    "Poland_Warszawa_2018_Rakowiec.pb",
    "Poland_Gdynia_2022_Chylonia__large.pb",
    "Poland_Zabrze_2021_Biskupice.pb",
    "Poland_Wroclaw_2017_Rejon_nr_8_250.pb",
    "Switzerland_Zurich_S5.pb",
    "Worldwide_Mechanical_Turk_Knapsack_8.pb",
]


@pytest.mark.parametrize("name", PARITY_FILES)
def test_same_outcome_as_pabutools(name: str) -> None:
    path = pabulib_file(name)
    pabutools = import_or_missing("pabutools")
    from pabutools.election import parse_pabulib as pabutools_parse
    from pabutools.rules import sequential_phragmen

    assert pabutools.__version__ == "1.2.3"
    instance, profile = pabutools_parse(str(path))
    theirs = {p.name for p in sequential_phragmen(instance, profile)}
    assert set(phragmen(read_pabulib(path)).selected) == theirs
