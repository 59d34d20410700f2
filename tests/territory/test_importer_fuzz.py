"""Fuzzing the СОАТЕ import: whatever the file holds, only TerritoryImportError, in words, may come out.

Seeds are the files the repository ships (the regions and the Kochkor demo), mutated byte by byte,
re-encoded, given huge or broken cells, or replaced by random bytes or text. The whole import runs
(`territory_import_csv`, as `manage.py import_territory` does), writes included, in the test's transaction.
"""

from __future__ import annotations

import codecs
import io

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenesh.territory.demo import DEMO_CSV, REGIONS_CSV
from kenesh.territory.importer import MAX_LINES, MAX_POPULATION, TerritoryImportError
from kenesh.territory.services import territory_import_csv
from tests.crafted import mutated

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEEDS = (REGIONS_CSV.read_bytes(), DEMO_CSV.read_bytes())
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1251", "koi8-r")
HEADER = "coate,name_ru,level,parent_coate,population,predecessors,valid_from\n"
OBLAST = "41704000000000,Нарынская область,oblast_or_republican_city,,"


@st.composite
def territory_files(draw: st.DrawFn) -> bytes:
    seed = draw(st.sampled_from(SEEDS))
    kind = draw(st.sampled_from(("mutated", "encoded", "encoded+mutated", "cells", "random", "text")))
    if kind == "random":
        return draw(st.binary(max_size=2_000))
    if kind == "text":
        return draw(st.text(max_size=400)).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "cells":
        # A good header and strange cells in each column.
        cell = st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                (
                    "٤١٧٠٤٠٠٠٠٠٠٠٠٠",  # Arabic-Indic digits: \\d matches them
                    "99999999999999999999",
                    "-1",
                    "1e9",
                    "9" * 5_000,
                    "2024-02-30",
                    "9999-12-31",
                    "0001-01-01",
                    "x" * 300,
                    " ".join(["41704000000000"] * 80),
                )
            ),
        )
        rows = draw(st.lists(st.lists(cell, min_size=1, max_size=9), max_size=6))
        text = HEADER + "".join(
            ",".join(c.replace(",", " ").replace("\n", " ") for c in r) + "\n" for r in rows
        )
        return text.encode()
    if kind.startswith("encoded"):
        seed = seed.decode("utf-8").encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind.endswith("mutated"):
        seed = draw(mutated(seed))
    return seed


def _only_our_refusal(data: bytes, language: str) -> None:
    with translation.override(language):
        try:
            territory_import_csv(file=io.BytesIO(data), valid_from=None)
        except TerritoryImportError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.line >= 1 and str(problem).strip()


@FUZZ
@given(data=territory_files(), language=st.sampled_from(("ky", "ru", "en")))
def test_any_file_gives_only_the_importers_refusal(data, language):
    _only_our_refusal(data, language)


def problems_of(data: bytes) -> list[str]:
    with translation.override("en"), pytest.raises(TerritoryImportError) as caught:
        territory_import_csv(file=io.BytesIO(data), valid_from=None)
    with translation.override("en"):
        return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ((HEADER + OBLAST + "\n").encode("utf-16-le"), "Line 1: The file is not UTF-8 text."),
        ((HEADER + OBLAST + "\n").encode() + b"\xff\xfe", "Line 1: The file is not UTF-8 text."),
        (
            (HEADER + OBLAST + ',,"').encode() + b"x" * 140_000 + b'"\n',
            "Line 2: The line cannot be read: a cell is too long or its quotes are not closed.",
        ),
        (
            (HEADER + "41704000000000,Н,oblast_or_republican_city,,99999999999\n").encode(),
            "Line 2: The population “99999999999” is not a whole number of people.",
        ),
        (
            (HEADER + "٤١٧٠٤٠٠٠٠٠٠٠٠٠,Н,oblast_or_republican_city,,\n").encode(),
            "Line 2: The СОАТЕ code “٤١٧٠٤٠٠٠٠٠٠٠٠٠” is not 14 digits.",
        ),
        (
            (HEADER + OBLAST + "," + " ".join(["41704000000001"] * 51) + ",2020-01-01\n").encode(),
            "Line 2: A unit has at most 50 predecessors.",
        ),
        (
            (HEADER + "\n" * MAX_LINES + OBLAST + "\n").encode(),
            f"Line {MAX_LINES + 1}: A file has at most {MAX_LINES} lines.",
        ),
    ],
    ids=[
        "utf-16-without-bom",
        "invalid-utf-8",
        "field-over-128kb",
        "population",
        "unicode-digits",
        "predecessors",
        "lines",
    ],
)
def test_bad_files_are_refused_in_words(data, expected):
    assert expected in problems_of(data)


def test_a_utf16_file_with_its_byte_order_mark_is_read():
    data = codecs.BOM_UTF16_LE + (HEADER + OBLAST + "\n").encode("utf-16-le")
    assert territory_import_csv(file=io.BytesIO(data), valid_from=None).created == 1


def test_population_bound_is_above_the_country():
    assert MAX_POPULATION > 7_000_000


def test_a_code_with_too_many_versions_is_refused_without_comparing_them_all():
    rows = [
        f"41704000000000,Н,oblast_or_republican_city,,,,{2000 + n // 12}-{n % 12 + 1:02d}-01"
        for n in range(60)
    ]
    problems = problems_of((HEADER + "\n".join(rows) + "\n").encode())
    assert "Line 2: The code 41704000000000 has more than 50 versions." in problems


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Строка 2: Строку не удаётся прочитать"),
        ("ky", "2-сап: Сапты окуу мүмкүн эмес"),
    ],
    ids=["ru", "ky"],
)
def test_the_refusal_is_in_the_persons_language(language, expected):
    data = (HEADER + OBLAST + ',,"').encode() + b"x" * 140_000 + b'"\n'
    with translation.override(language), pytest.raises(TerritoryImportError) as caught:
        territory_import_csv(file=io.BytesIO(data), valid_from=None)
    with translation.override(language):
        assert any(str(problem).startswith(expected) for problem in caught.value.problems)
