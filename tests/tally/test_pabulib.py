"""The Pabulib reader and writer: every feature, every error, the real files, pabutools' reading, fuzzing."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenesh.tally.model import Election, PabulibError
from kenesh.tally.pabulib import (
    merge_identical_ballots,
    parse_pabulib,
    read_pabulib,
    validate_pabulib,
    write_pabulib,
    write_pabulib_file,
)
from tests.ci import import_or_missing, missing
from tests.tally.conftest import pabulib_file, pabulib_files

# Line numbers:  1 META, 7 vote_type, 8 PROJECTS, 10-12 projects, 13 VOTES, 14 header, 15-17 ballots.
BASE = """META
key;value
description;test
num_projects;3
num_votes;3
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;30;First
2;50;Second
3;60;Third
VOTES
voter_id;vote;age
v1;1,2;30
v2;3;41
v3;;55
"""


def ballots(e: Election) -> list[list[str]]:
    return [[e.project_ids[j] for j in e.ballot(i)] for i in range(e.n_ballots)]


def ballot_points(e: Election) -> list[list[Fraction]]:
    assert e.points is not None
    return [
        [Fraction(int(p), e.points_scale) for p in e.points[e.indptr[i] : e.indptr[i + 1]]]
        for i in range(e.n_ballots)
    ]


def assert_round_trip(e: Election) -> None:
    again = parse_pabulib(write_pabulib(e))
    assert again == e


# --- features -------------------------------------------------------------------------------------------


def test_reads_a_small_approval_election():
    e = parse_pabulib(BASE)
    assert e.meta == {
        "description": "test",
        "num_projects": "3",
        "num_votes": "3",
        "budget": "100",
        "vote_type": "approval",
    }
    assert e.project_ids == ["1", "2", "3"]
    assert e.costs.tolist() == [30, 50, 60]
    assert e.costs.dtype == np.int64
    assert (e.budget_scaled, e.money_scale, e.budget) == (100, 1, Fraction(100))
    assert e.vote_type == "approval"
    assert ballots(e) == [["1", "2"], ["3"], []]
    assert e.indptr.tolist() == [0, 2, 3, 3]
    assert e.indices.dtype == np.int32
    assert e.points is None and e.weights is None
    assert e.voter_ids == ["v1", "v2", "v3"]
    assert e.voter_columns == ["voter_id", "vote", "age"]
    assert e.voter_fields == {"age": ["30", "41", "55"]}
    assert e.project_columns == ["project_id", "cost", "name"]
    assert e.project_fields[1] == {"project_id": "2", "cost": "50", "name": "Second"}
    assert_round_trip(e)


def test_crlf_bom_blank_lines_and_section_case_are_accepted():
    text = "\ufeff" + BASE.replace("PROJECTS", "projects").replace("\nVOTES", "\n\n  Votes \n").replace(
        "\n", "\r\n"
    )
    e = parse_pabulib(text)
    assert e == parse_pabulib(BASE)
    assert read_pabulib(text.encode("utf-8")) == e
    assert read_pabulib(BASE.encode("utf-8-sig")) == e


def test_reads_from_a_path_a_str_path_bytes_and_text(tmp_path: Path):
    path = tmp_path / "e.pb"
    path.write_text(BASE, encoding="utf-8")
    expected = parse_pabulib(BASE)
    assert read_pabulib(path) == expected
    assert read_pabulib(str(path)) == expected
    assert read_pabulib(path.read_bytes()) == expected
    assert read_pabulib(BASE) == expected


def test_quoted_fields_keep_semicolons_and_quotes():
    text = BASE.replace("2;50;Second", '2;50;"Park; ""green"" corner"').replace("v2;3;41", 'v2;3;"4;1"')
    e = parse_pabulib(text)
    assert e.project_fields[1]["name"] == 'Park; "green" corner'
    assert e.voter_fields["age"] == ["30", "4;1", "55"]
    assert ballots(e)[1] == ["3"]
    assert_round_trip(e)


def test_optional_columns_are_kept_as_written():
    text = """META
key;value
budget;10
vote_type;approval
PROJECTS
project_id;cost;votes;name;category;target;beneficiaries;latitude;selected
a;4.0;2;Road;roads,public space;children;None;42.87;1
b;5;1; Well ;water;;;;0
VOTES
voter_id;vote;age;sex;voting_method;neighborhood;education
1;a,b;33;F;paper;Jal-Abad;higher
2;a;;M;internet;;
"""
    e = parse_pabulib(text)
    assert e.project_fields[0]["category"] == "roads,public space"
    assert e.project_fields[0]["cost"] == "4.0" and e.costs.tolist() == [4, 5] and e.money_scale == 1
    assert e.project_fields[1]["name"] == " Well "
    assert e.voter_fields["neighborhood"] == ["Jal-Abad", ""]
    assert list(e.voter_fields) == ["age", "sex", "voting_method", "neighborhood", "education"]
    assert_round_trip(e)
    assert "a;4.0;2;Road" in write_pabulib(e)


def test_non_numeric_project_ids_and_spaces_around_entries():
    text = BASE.replace("1;30;First", "BAD/0019;30;First").replace("v1;1,2;30", "v1; BAD/0019 , 2 ;30")
    e = parse_pabulib(text)
    assert ballots(e)[0] == ["BAD/0019", "2"]


def test_empty_entries_of_an_approval_vote_are_skipped_as_pabutools_does():
    e = parse_pabulib(BASE.replace("v1;1,2;30", "v1;1,,2,;30"))
    assert ballots(e)[0] == ["1", "2"]


def test_fractional_and_decimal_comma_amounts_are_exact():
    text = BASE.replace("budget;100", "budget;100,5").replace("1;30;First", "1;30.25;First")
    e = parse_pabulib(text)
    assert e.money_scale == 100
    assert e.budget_scaled == 10050 and e.budget == Fraction(201, 2)
    assert e.costs.tolist() == [3025, 5000, 6000]
    assert e.project_cost(0) == Fraction(121, 4)
    assert e.meta["budget"] == "100,5"
    assert_round_trip(e)


def test_money_scale_is_the_smallest_power_of_ten():
    e = parse_pabulib(BASE.replace("1;30;First", "1;30.500;First").replace("budget;100", "budget;100.0"))
    assert e.money_scale == 10 and e.costs.tolist() == [305, 500, 600]


CUMULATIVE = """META
key;value
budget;100
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost
x;40
y;50
z;70
VOTES
voter_id;vote;points;sex
1;x,y;7,3;F
2;z;10;M
3;;;F
"""


def test_cumulative_points_are_aligned_with_the_vote():
    e = parse_pabulib(CUMULATIVE)
    assert ballots(e) == [["x", "y"], ["z"], []]
    assert ballot_points(e) == [[7, 3], [10], []]
    assert e.points is not None and e.points.dtype == np.int64 and e.points_scale == 1
    assert e.voter_fields == {"sex": ["F", "M", "F"]}
    assert_round_trip(e)


def test_scoring_allows_negative_and_fractional_points():
    e = parse_pabulib(CUMULATIVE.replace("cumulative", "scoring").replace("1;x,y;7,3", "1;x,y;-1.5,2"))
    assert e.points_scale == 10
    assert ballot_points(e)[0] == [Fraction(-3, 2), 2]
    assert e.points is not None and e.points.tolist()[:2] == [-15, 20]
    assert_round_trip(e)


def test_ordinal_keeps_the_ranking_and_choose_1_reads_like_approval():
    ordinal = parse_pabulib(BASE.replace("approval", "ordinal").replace("v1;1,2;30", "v1;3,1,2;30"))
    assert ballots(ordinal)[0] == ["3", "1", "2"]
    assert_round_trip(ordinal)
    choose = parse_pabulib(BASE.replace("approval", "choose-1").replace("v1;1,2;30", "v1;2;30"))
    assert choose.vote_type == "choose-1" and ballots(choose)[0] == ["2"]


def test_a_points_column_of_an_approval_file_is_kept_as_a_field():
    text = BASE.replace("voter_id;vote;age", "voter_id;vote;points").replace(";30\n", ";1,1\n")
    e = parse_pabulib(text)
    assert e.points is None and e.voter_fields["points"] == ["1,1", "41", "55"]
    assert_round_trip(e)


def test_a_project_twice_in_a_vote_is_read_as_pabutools_reads_it_unless_strict():
    approval = BASE.replace("v1;1,2;30", "v1;2,1,2;30")
    assert ballots(parse_pabulib(approval))[0] == ["2", "1"]
    cumulative = CUMULATIVE.replace("1;x,y;7,3", "1;y,x,y;1,2,3")
    e = parse_pabulib(cumulative)
    assert ballots(e)[0] == ["y", "x"] and ballot_points(e)[0] == [3, 2]
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(approval, strict=True)
    assert (caught.value.message, caught.value.line) == ("project '2' appears twice in this vote", 15)
    assert [(p.line, p.message) for p in validate_pabulib(cumulative)] == [
        (13, "project 'y' appears twice in this vote")
    ]


def test_write_pabulib_file(tmp_path: Path):
    e = parse_pabulib(CUMULATIVE)
    path = tmp_path / "out.pb"
    write_pabulib_file(e, path)
    assert read_pabulib(path) == e
    assert path.read_bytes().startswith(b"META\nkey;value\n")


def test_writer_quotes_ids_and_updates_counts():
    e = parse_pabulib(BASE.replace("3;60;Third", '"3;x";60;Third').replace("v2;3;41", 'v2;"3;x";41'))
    assert e.project_ids[2] == "3;x"
    text = write_pabulib(e)
    assert 'v2;"3;x";41' in text
    assert parse_pabulib(text) == e
    e.meta["num_votes"] = "99"
    assert "num_votes;3\n" in write_pabulib(e)


def test_writer_refuses_what_could_not_be_read_back():
    e = parse_pabulib(BASE)
    e.project_ids[0] = "1,5"
    with pytest.raises(PabulibError, match="cannot be written"):
        write_pabulib(e)
    e = parse_pabulib(BASE)
    e.voter_fields["age"][0] = "3\n0"
    with pytest.raises(PabulibError, match="line break"):
        write_pabulib(e)


def test_merge_identical_ballots_sums_weights():
    text = BASE.replace("num_votes;3", "num_votes;5").replace("v3;;55\n", "v3;;55\nv4;2,1;20\nv5;3;22\n")
    e = parse_pabulib(text)
    merged = merge_identical_ballots(e)
    assert ballots(merged) == [["1", "2"], ["3"], []]
    assert merged.weights is not None and merged.weights.tolist() == [2, 2, 1]
    assert merged.n_ballots == 3 and merged.n_voters == 5
    assert merged.voter_ids == [] and merged.voter_fields == {}
    # Writing a merged election spells each voter out again.
    again = parse_pabulib(write_pabulib(merged))
    assert again.n_ballots == 5 and again.voter_ids == ["1", "2", "3", "4", "5"]
    assert merge_identical_ballots(again) == merged
    assert merge_identical_ballots(merged) == merged


def test_merge_keeps_order_for_ordinal_and_points_for_cumulative():
    ordinal = parse_pabulib(
        BASE.replace("approval", "ordinal")
        .replace("num_votes;3", "num_votes;4")
        .replace("v3;;55\n", "v3;2,1;55\nv4;1,2;50\n")
    )
    merged = merge_identical_ballots(ordinal)
    assert ballots(merged) == [["1", "2"], ["3"], ["2", "1"]]
    assert merged.weights is not None and merged.weights.tolist() == [2, 1, 1]
    cumulative = parse_pabulib(CUMULATIVE.replace("3;;;F\n", "3;y,x;3,7;F\n4;x,y;3,7;M\n"))
    merged = merge_identical_ballots(cumulative)
    assert merged.weights is not None and merged.weights.tolist() == [2, 1, 1]
    assert ballot_points(merged) == [[7, 3], [10], [3, 7]]


# --- errors ---------------------------------------------------------------------------------------------

ERRORS = [
    ("", "the file is empty; a Pabulib file starts with META", 1),
    (
        BASE.replace("META\n", "PROJECTS\n", 1),
        "expected the META section here, found the PROJECTS section",
        1,
    ),
    (BASE.split("PROJECTS")[0], "the file ends without a PROJECTS section", 7),
    (BASE.split("VOTES")[0], "the file ends without a VOTES section", 12),
    (BASE.replace("PROJECTS\n", ""), "expected the PROJECTS section here, found the VOTES section", 12),
    (BASE.replace("key;value", "id;val"), "the META header should be key;value, not 'id;val'", 2),
    (
        BASE.replace("PROJECTS\nproject_id;cost;name\n", "PROJECTS\nVOTES\n"),
        "the PROJECTS section has no header line",
        9,
    ),
    (BASE.replace("budget;100\n", ""), "META has no budget", 6),
    (BASE.replace("vote_type;approval\n", ""), "META has no vote_type", 6),
    (
        BASE.replace("vote_type;approval", "vote_type;borda"),
        "unknown vote_type 'borda'; expected one of approval, choose-1, cumulative, scoring, ordinal",
        7,
    ),
    (BASE.replace("budget;100", "budget;lots"), "the budget 'lots' is not a number", 6),
    (BASE.replace("budget;100", "budget;-100"), "the budget -100 is negative", 6),
    (BASE.replace("2;50;Second", "2;-50;Second"), "the cost of project '2' -50 is negative", 11),
    (BASE.replace("2;50;Second", "2;5O;Second"), "the cost of project '2' '5O' is not a number", 11),
    (BASE.replace("2;50;Second", "2;nan;Second"), "the cost of project '2' 'nan' is not a number", 11),
    (BASE.replace("3;60;Third", "1;60;Third"), "project '1' is listed twice (first on line 10)", 12),
    (BASE.replace("2;50;Second", "2;50"), "this project has 2 fields but the PROJECTS header has 3", 11),
    (
        BASE.replace("2;50;Second", "2,5;50;Second"),
        "project id '2,5' holds a comma, so no vote could name it",
        11,
    ),
    (BASE.replace("2;50;Second", ";50;Second"), "a project has an empty project_id", 11),
    (BASE.replace("project_id;cost;name", "id;cost;name"), "the header has no project_id column", 9),
    (BASE.replace("project_id;cost;name", "project_id;price;name"), "the header has no cost column", 9),
    (
        BASE.replace("project_id;cost;name", "project_id;cost;cost"),
        "the header names the column 'cost' twice",
        9,
    ),
    (BASE.replace("voter_id;vote;age", "voter_id;ballot;age"), "the header has no vote column", 14),
    (
        BASE.replace("description;test", "budget;7"),
        "the META key 'budget' appears twice (first on line 3)",
        6,
    ),
    (
        BASE.replace("description;test", "description"),
        "a META line should be key;value, not 'description'",
        3,
    ),
    (BASE.replace("v2;3;41", "v2;4;41"), "project '4' in this vote is not in PROJECTS", 16),
    (BASE.replace("v2;3;41", "v1;3;41"), "voter 'v1' votes twice (first on line 15)", 16),
    (BASE.replace("v2;3;41", "v2;3"), "this ballot has 2 fields but the VOTES header has 3", 16),
    (BASE.replace("v2;3;41", "v2;3;41;x"), "this ballot has 4 fields but the VOTES header has 3", 16),
    (BASE + "PROJECTS\n", "a second PROJECTS section; VOTES must be the last section", 18),
    (
        BASE.replace("num_projects;3", "num_projects;4"),
        "META says num_projects is 4 but there are 3 projects in PROJECTS",
        4,
    ),
    (
        BASE.replace("num_votes;3", "num_votes;4"),
        "META says num_votes is 4 but there are 3 ballots in VOTES",
        5,
    ),
    (BASE.replace("num_votes;3", "num_votes;three"), "num_votes should be a whole number, not 'three'", 5),
    (CUMULATIVE.replace("1;x,y;7,3", "1;x,y;7"), "this vote names 2 projects but gives 1 points", 13),
    (CUMULATIVE.replace("1;x,y;7,3", "1;x,y;7,3,1"), "this vote names 2 projects but gives 3 points", 13),
    (CUMULATIVE.replace("1;x,y;7,3", "1;x,y;7,-3"), "the points value -3 is negative", 13),
    (CUMULATIVE.replace("1;x,y;7,3", "1;x,y;7,lots"), "the points value 'lots' is not a number", 13),
    (CUMULATIVE.replace("1;x,y;7,3", "1;x,,y;7,1,3"), "this vote has an empty entry", 13),
    (
        CUMULATIVE.replace("voter_id;vote;points;sex", "voter_id;vote;sex")
        .replace(";7,3;", ";")
        .replace(";10;", ";")
        .replace(";;;", ";;"),
        "a cumulative election needs a points column in VOTES",
        12,
    ),
    (BASE.replace("v2;3;41", 'v2;"3;41'), "a quoted value is not closed on its line", 16),
    (
        BASE.replace("2;50;Second", "2;2e15;Second"),
        "the cost of project '2' 2e15 is too large (the limit is 1,000,000,000,000,000)",
        11,
    ),
    (BASE.replace("2;50;Second", "2;" + "9" * 5000 + ";Second"), "the cost of project '2' '9999", 11),
    (BASE.replace("budget;100", "budget;1e-30"), "costs and budget may have at most 18 decimal places", 9),
    (
        BASE.replace("num_votes;3", "num_votes;" + "9" * 5000),
        "num_votes should be a whole number, not '999",
        5,
    ),
    (
        CUMULATIVE.replace("1;x,y;7,3", "1;x,y;7," + "9" * 20),
        "the points value 99999999999999999999 is too large (the limit is 1,000,000,000,000,000)",
        13,
    ),
    (CUMULATIVE.replace("1;x,y;7,3", "1;x,y;7,1e-30"), "points may have at most 18 decimal places", 12),
]


@pytest.mark.parametrize(("text", "message", "line"), ERRORS, ids=[e[1][:50] for e in ERRORS])
def test_malformed_files_raise_pabulib_error_naming_the_line(text: str, message: str, line: int):
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text)
    # A message cut short in ERRORS (a long number) is checked by its beginning.
    assert caught.value.message.startswith(message)
    assert caught.value.message == message or len(caught.value.message) < 200
    assert caught.value.line == line
    assert str(caught.value) == f"line {line}: {caught.value.message}"
    # validate_pabulib finds the same problem first.
    problems = validate_pabulib(text)
    assert problems and (problems[0].message, problems[0].line) == (caught.value.message, line)


def test_bytes_that_are_not_utf8_name_their_line():
    data = BASE.replace("Second", "S\xe9cond").encode("latin-1")
    with pytest.raises(PabulibError) as caught:
        read_pabulib(data)
    assert caught.value.line == 11
    assert caught.value.message == "the file is not UTF-8 text (byte 0xe9 cannot be decoded)"


def test_a_missing_file_is_a_pabulib_error(tmp_path: Path):
    with pytest.raises(PabulibError, match=r"cannot read .*missing\.pb") as caught:
        read_pabulib(tmp_path / "missing.pb")
    assert caught.value.line is None
    assert [p.line for p in validate_pabulib(tmp_path / "missing.pb")] == [None]
    # A one-line str is taken for a path, even one no file system accepts.
    assert [p.line for p in validate_pabulib("META;\x00")] == [None]


def test_validate_goes_on_after_a_bad_project_or_ballot():
    text = (
        BASE.replace("2;50;Second", "2;-5;Second").replace("v2;3;41", "v2;9;41").replace("v3;;55", "v1;;55")
    )
    problems = validate_pabulib(text)
    assert [(p.line, p.message) for p in problems] == [
        (11, "the cost of project '2' -5 is negative"),
        (15, "project '2' in this vote is not in PROJECTS"),
        (16, "project '9' in this vote is not in PROJECTS"),
        (17, "voter 'v1' votes twice (first on line 15)"),
    ]
    assert validate_pabulib(BASE) == []


# --- real files -----------------------------------------------------------------------------------------

REAL = pabulib_files()


@pytest.mark.parametrize("path", REAL or [None], ids=[p.stem for p in REAL] or ["absent"])
def test_every_shared_file_is_read_and_round_trips(path: Path | None):
    if path is None:
        missing("no shared Pabulib elections (set KENESH_PABULIB_DIR)")
    e = read_pabulib(path)
    assert e.n_ballots == int(e.meta.get("num_votes", e.n_ballots))
    assert e.n_projects == int(e.meta.get("num_projects", e.n_projects))
    assert len(e.voter_ids) == e.n_ballots
    assert 0 <= e.indices.min(initial=0) and e.indices.max(initial=0) < e.n_projects
    assert_round_trip(e)


REPEATED_PROJECT = {
    "Poland_Czestochowa_2020.pb": [(11740, "project '579' appears twice in this vote")],
    "Poland_Warszawa_2026_Brodno.pb": [(357, "project '1379' appears twice in this vote")],
    "Poland_Warszawa_2026_Grochow.pb": [
        (1590, "project '2107' appears twice in this vote"),
        (1990, "project '2096' appears twice in this vote"),
    ],
    "Poland_Warszawa_2026_Jelonki_Polnocne_Jelonki_Poludniowe_Chrzanow.pb": [
        (1391, "project '1051' appears twice in this vote")
    ],
    "Poland_Warszawa_2026_Rakowiec.pb": [(477, "project '1812' appears twice in this vote")],
    "Poland_Warszawa_2026_Srodmiescie_Poludniowe.pb": [(656, "project '174' appears twice in this vote")],
    "Poland_Warszawa_2026_Szczesliwice.pb": [(303, "project '468' appears twice in this vote")],
    "Poland_Warszawa_2026_Tarchomin.pb": [
        (135, "project '1557' appears twice in this vote"),
        (385, "project '1543' appears twice in this vote"),
    ],
    "Poland_Warszawa_2026_Wierzbno_Ksawerow.pb": [
        (180, "project '924' appears twice in this vote"),
        (230, "project '1620' appears twice in this vote"),
    ],
}
"""Shared files that read (as pabutools reads them) but that validate_pabulib reports, with the problems."""


def test_validate_accepts_the_shared_files_but_the_known_repeats(pabulib_dir: Path):
    found = {}
    for path in REAL:
        problems = validate_pabulib(path)
        if problems:
            found[path.name] = [(p.line, p.message) for p in problems]
    assert found == {name: v for name, v in REPEATED_PROJECT.items() if (pabulib_dir / name).exists()}


PABUTOOLS_SAMPLE = [
    "Poland_Czestochowa_2020.pb",  # cumulative, a project four times in one vote
    "Poland_Warszawa_2026_Brodno.pb",  # approval, a project twice in one vote
    "Poland_Warszawa_2018_Przyczolek_Grochowski.pb",  # a budget with cents
    "Netherlands_Amsterdam_179.pb",
    "France_Toulouse_2022.pb",
    "US_Stanford_Dataset_Programing_for_July_2024_-_Participatory_Budget_El_Nido_vote_rankings.pb",
]


def _first_of_each_vote_type() -> list[str]:
    """One small shared file per vote type, so that the sample covers them all."""
    chosen: dict[str, tuple[int, str]] = {}
    for path in REAL:
        with path.open(encoding="utf-8") as f:
            head = f.read(4000)
        for line in head.splitlines():
            if line.startswith("vote_type;"):
                kind = line.split(";")[1].strip()
                size = path.stat().st_size
                if kind not in chosen or size < chosen[kind][0]:
                    chosen[kind] = (size, path.name)
    return sorted(name for _, name in chosen.values())


@pytest.mark.parametrize("name", sorted(set(PABUTOOLS_SAMPLE) | set(_first_of_each_vote_type())))
def test_we_read_what_pabutools_reads(name: str):
    pabutools = import_or_missing("pabutools.election")
    path = REAL[0].parent / name if REAL else pabulib_file(name)
    if not path.exists():
        missing(f"{name} is not among the shared files")
    instance, profile = pabutools.parse_pabulib(str(path))
    e = read_pabulib(path)
    assert Fraction(instance.budget_limit) == e.budget
    assert {p.name: Fraction(p.cost) for p in instance} == {
        pid: e.project_cost(j) for j, pid in enumerate(e.project_ids)
    }
    assert profile.num_ballots() == e.n_voters
    ours = ballots(e)
    points = ballot_points(e) if e.points is not None else []
    for i, ballot in enumerate(profile):
        if e.vote_type in ("approval", "choose-1"):
            assert sorted(ours[i]) == sorted(p.name for p in ballot)
        elif e.vote_type == "ordinal":
            assert ours[i] == [p.name for p in ballot]
        else:
            theirs = {p.name: Fraction(v) for p, v in ballot.items()}
            assert dict(zip(ours[i], points[i], strict=True)) == theirs


# --- generated elections --------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs"], exclude_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    max_size=8,
)
PROJECT_ID = TEXT.map(str.strip).filter(lambda s: s != "" and "," not in s)
VOTER_ID = TEXT.map(str.strip)


def _decimal(value: int, digits: int, pad: int) -> str:
    """value / 10**digits written with `pad` extra trailing zeros (files write 4000.0)."""
    if digits == 0 and pad == 0:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), 10**digits)
    return f"{sign}{whole}." + (f"{part:0{digits}d}" if digits else "") + "0" * pad


@st.composite
def elections(draw: st.DrawFn) -> Election:
    vote_type = draw(st.sampled_from(["approval", "choose-1", "cumulative", "scoring", "ordinal"]))
    ids = draw(st.lists(PROJECT_ID, min_size=1, max_size=6, unique=True))
    digits = draw(st.integers(0, 3))
    raw_costs = draw(st.lists(st.integers(0, 10**9), min_size=len(ids), max_size=len(ids)))
    budget_raw = draw(st.integers(0, 10**10))
    pad = draw(st.integers(0, 1))
    cost_texts = [_decimal(c, digits, pad) for c in raw_costs]
    budget_text = _decimal(budget_raw, digits, 0)
    values = [Fraction(t) for t in [*cost_texts, budget_text]]
    scale = next(10**d for d in range(5) if all((v * 10**d).denominator == 1 for v in values))
    extra_project = draw(st.lists(st.sampled_from(["name", "category", "target", "votes"]), unique=True))
    extra_voter = draw(
        st.lists(st.sampled_from(["age", "sex", "voting_method", "neighborhood"]), unique=True)
    )
    n = draw(st.integers(0, 12))
    voters = draw(st.lists(VOTER_ID, min_size=n, max_size=n, unique=True))
    with_points = vote_type in ("cumulative", "scoring")
    point_digits = draw(st.integers(0, 2)) if vote_type == "scoring" else 0
    rows: list[list[int]] = []
    points: list[int] = []
    for _ in range(n):
        row = draw(st.permutations(range(len(ids))))[: draw(st.integers(0, len(ids)))]
        rows.append(list(row))
        if with_points:
            low = -50 if vote_type == "scoring" else 0
            points.extend(draw(st.lists(st.integers(low, 50), min_size=len(row), max_size=len(row))))
    points_scale = 1
    if point_digits and any(p % 10**point_digits for p in points):
        points_scale = next(
            10**d for d in range(point_digits + 1) if all(p * 10**d % 10**point_digits == 0 for p in points)
        )
        points = [p * points_scale // 10**point_digits for p in points]
    meta = {"description": draw(TEXT.map(str.strip)), "budget": budget_text, "vote_type": vote_type}
    if draw(st.booleans()):
        meta["num_votes"] = str(n)
    return Election(
        meta=meta,
        project_ids=ids,
        costs=np.array([int(v * scale) for v in values[:-1]], dtype=np.int64),
        budget_scaled=int(values[-1] * scale),
        money_scale=scale,
        vote_type=vote_type,
        indptr=np.cumsum([0] + [len(r) for r in rows], dtype=np.int64),
        indices=np.array([j for r in rows for j in r], dtype=np.int32),
        points=np.array(points, dtype=np.int64) if with_points else None,
        points_scale=points_scale,
        voter_ids=voters,
        project_columns=["project_id", "cost", *extra_project],
        project_fields=[
            {"project_id": pid, "cost": cost_texts[j], **{c: draw(TEXT) for c in extra_project}}
            for j, pid in enumerate(ids)
        ],
        voter_columns=["voter_id", "vote", *(["points"] if with_points else []), *extra_voter],
        voter_fields={c: draw(st.lists(TEXT, min_size=n, max_size=n)) for c in extra_voter},
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_generated_elections_round_trip(e: Election):
    assert_round_trip(e)
    merged = merge_identical_ballots(e)
    assert merged.n_voters == e.n_voters
    assert merge_identical_ballots(parse_pabulib(write_pabulib(merged))) == merged


# --- mutation fuzz --------------------------------------------------------------------------------------


def _mutate(lines: list[str], rng: random.Random) -> list[str]:
    lines = list(lines)
    kind = rng.randrange(9)
    k = rng.randrange(len(lines)) if lines else 0
    if not lines:
        return ["META"]
    if kind == 0:
        del lines[k]
    elif kind == 1:
        lines.insert(k, lines[rng.randrange(len(lines))])
    elif kind == 2:
        m = rng.randrange(len(lines))
        lines[k], lines[m] = lines[m], lines[k]
    elif kind == 3 and lines[k]:
        at = rng.randrange(len(lines[k]))
        lines[k] = lines[k][:at] + rng.choice('0-9x;,". \t\u00e9\x00\u2028') + lines[k][at + 1 :]
    elif kind == 4:
        lines = lines[:k]
    elif kind == 5:
        at = rng.randrange(len(lines[k]) + 1)
        lines[k] = lines[k][:at] + rng.choice([";", '"', ",", '";"', ";;"]) + lines[k][at:]
    elif kind == 6:
        number = rng.choice(["-1", "0", "1", str(10**30), str(2**63), "7", "9" * 5000])
        parts = lines[k].split(";")
        parts[rng.randrange(len(parts))] = rng.choice([number, "1.5", "1,5", "1e400", "", "None", "x"])
        lines[k] = ";".join(parts)
    elif kind == 7:
        lines[k] = lines[k][: rng.randrange(len(lines[k]) + 1)]
    else:
        lines.insert(
            k, rng.choice(["META", "PROJECTS", "VOTES", "", "key;value", "budget;5", "vote_type;ordinal"])
        )
    return lines


def _small_shared_files() -> list[Path]:
    by_size = sorted(REAL, key=lambda p: p.stat().st_size)
    return by_size[:: max(1, len(by_size) // 6)][:6] if by_size else []


@pytest.mark.parametrize("seed", range(6))
def test_mutated_real_files_raise_nothing_but_pabulib_error(seed: int):
    files = _small_shared_files()
    source = files[seed % len(files)].read_text(encoding="utf-8") if files else BASE + CUMULATIVE
    base_lines = source.splitlines()
    rng = random.Random(seed)
    accepted = 0
    for _ in range(400):
        lines = base_lines
        for _ in range(rng.randrange(1, 4)):
            lines = _mutate(lines, rng)
        text = "\n".join(lines)
        try:
            e = parse_pabulib(text)
        except PabulibError as error:
            assert error.message
        else:
            accepted += 1
            assert e.n_ballots == len(e.voter_ids)
            assert e.indices.size == 0 or 0 <= e.indices.min() <= e.indices.max() < e.n_projects
            assert_round_trip(e)
        for problem in validate_pabulib(text):
            assert isinstance(problem, PabulibError)
    assert accepted < 400
