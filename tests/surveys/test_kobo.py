"""The XLSForm converts with pyxform; a Kobo CSV export maps back, and a bad file stores nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from kenesh.audit.models import AuditEntry
from kenesh.surveys.kobo import ImportRejected, kobo_import
from kenesh.surveys.models import Response
from kenesh.surveys.synthetic import Profile, answers_generate
from kenesh.surveys.testing import answers_of
from kenesh.surveys.xlsform import xlsform_bytes

pytestmark = pytest.mark.django_db


def test_the_xlsform_of_an_instrument_converts_with_pyxform(instrument):
    data = xlsform_bytes(instrument)
    result = convert(xlsform=io.BytesIO(data), file_type=".xlsx", form_name="kenesh")
    xml = result.xform
    for question in instrument.questions.all():
        assert f"/{question.code}" in xml
    assert "41702215810000" in xml  # the municipality's code, calculated
    assert "Насколько вы доверяете айыл окмоту?" in xml and "Айыл өкмөтүнө канчалык ишенесиз?" in xml
    sheets = load_workbook(io.BytesIO(data)).sheetnames
    assert sheets == ["survey", "choices", "settings"]


def export(rows, villages, *, separator=",", group="", labels=False, coate="41702215810000", extra=None):
    """A Kobo-like CSV: Kobo's own columns, the fields (optionally as group paths), the option columns."""
    codes = ["municipality", *rows[0].keys()]
    headers = ["start", "end", *[f"{group}{c}" if c != "municipality" else c for c in codes], "_id", "_uuid"]
    if extra:
        headers.append(extra[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    writer.writerow(headers)
    for index, row in enumerate(rows):
        values = ["2025-03-02T10:00:00", "2025-03-02T10:09:00", coate, *row.values(), str(index), "u"]
        if extra:
            values.append(extra[1][index])
        writer.writerow(values)
    return out.getvalue().encode()


def rows_of(villages, count=30, seed=5):
    return answers_generate(Profile([f"v{v.coate}" for v in villages], [0.5, 0.3, 0.2]), count, seed)


@pytest.mark.parametrize(("separator", "group"), [(",", ""), (";", "group_profile/")])
def test_an_export_is_imported_whatever_its_separator_and_group_paths(
    survey_round, villages, separator, group
):
    rows = rows_of(villages)
    count = kobo_import(
        actor=None, survey_round=survey_round, data=export(rows, villages, separator=separator, group=group)
    )
    assert count == 30 == Response.objects.count()
    assert sorted(Response.objects.values_list("sex", flat=True)) == sorted(
        {"female": "f", "male": "m"}[r["sex"]] for r in rows
    )
    assert AuditEntry.objects.filter(action="surveys.response.import").count() == 1


def test_label_headers_and_label_answers_are_understood(survey_round, villages, instrument):
    rows = rows_of(villages, 5)
    questions = {q.code: q for q in instrument.questions.all()}
    relabelled = [
        {
            questions[code].text_ru: ("Да" if value == "yes" else "Нет" if value == "no" else value)
            for code, value in row.items()
        }
        for row in rows
    ]
    kobo_import(actor=None, survey_round=survey_round, data=export(relabelled, villages))
    assert Response.objects.count() == 5
    yes = sum(r["aware_budget"] == "yes" for r in rows)
    assert sum(answers_of(r)["aware_budget"] == 0.0 for r in Response.objects.all()) == yes


def test_a_weight_column_is_kept(survey_round, villages):
    rows = rows_of(villages, 4)
    kobo_import(
        actor=None,
        survey_round=survey_round,
        data=export(rows, villages, extra=("weight", ["1.5", "0,5", "2", "1"])),
    )
    assert sorted(Response.objects.values_list("weight", flat=True)) == [0.5, 1.0, 1.5, 2.0]


def test_every_bad_row_is_reported_by_line_in_the_readers_language_and_nothing_is_stored(
    survey_round, villages
):
    rows = rows_of(villages, 6)
    rows[1]["trust_lsg"] = "9"
    rows[3]["corruption"] = "maybe"
    data = export(rows, villages)
    data = data.replace(b"41702215810000", b"41702215810000", 4)  # lines 2-5 ours
    lines = data.decode().splitlines()
    lines[6] = lines[6].replace("41702215810000", "41703220820000")  # the 6th answer: another municipality
    with pytest.raises(ImportRejected) as rejected:
        kobo_import(actor=None, survey_round=survey_round, data="\n".join(lines).encode())
    problems = [str(p) for p in rejected.value.problems]
    assert problems[0].startswith("Line 3: column “trust_lsg”: “9” is not on the scale")
    assert problems[1].startswith("Line 5: column “corruption”: “maybe” is not an option")
    assert problems[2].startswith("Line 7: the row is for another municipality (“41703220820000”")
    assert not Response.objects.exists()
    assert not AuditEntry.objects.filter(action="surveys.response.import").exists()
    with translation.override("ru"), pytest.raises(ImportRejected) as in_russian:
        kobo_import(actor=None, survey_round=survey_round, data="\n".join(lines).encode())
    with translation.override("ru"):
        assert str(in_russian.value.problems[0]).startswith("Строка 3: столбец «trust_lsg»")


def test_a_missing_required_column_is_reported_on_line_1(survey_round, villages):
    rows = rows_of(villages, 3)
    for row in rows:
        del row["trust_lsg"]
    with pytest.raises(ImportRejected) as rejected:
        kobo_import(actor=None, survey_round=survey_round, data=export(rows, villages))
    assert [str(p) for p in rejected.value.problems] == [
        "Line 1: The required column “trust_lsg” is missing."
    ]


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00garbage", b"municipality\n"])
def test_empty_or_unreadable_files_are_refused(survey_round, data):
    with pytest.raises(ImportRejected):
        kobo_import(actor=None, survey_round=survey_round, data=data)
    assert not Response.objects.exists()


def test_a_bad_weight_is_refused(survey_round, villages):
    rows = rows_of(villages, 2)
    with pytest.raises(ImportRejected, match="weight"):
        kobo_import(
            actor=None, survey_round=survey_round, data=export(rows, villages, extra=("weight", ["-1", "x"]))
        )
