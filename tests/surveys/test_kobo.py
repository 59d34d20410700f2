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


def labelled(rows, instrument, language):
    """The rows as Kobo exports them "as labels" in one language: headers and answers are labels."""
    from kenesh.surveys.bank import LIKERT_LABELS

    questions = {q.code: q for q in instrument.questions.prefetch_related("choices")}
    out = []
    for row in rows:
        relabelled = {}
        for code, value in row.items():
            question = questions[code]
            labels = {c.code: getattr(c, f"label_{language}") for c in question.choices.all()}
            if question.kind == "likert" and value:
                value = LIKERT_LABELS[int(value)][0 if language == "ky" else 1]
            elif question.kind == "multiple":
                value = " ".join(labels[c] for c in value.split())
            elif question.kind == "single" and value:
                value = labels[value]
            relabelled[getattr(question, f"text_{language}")] = value
        out.append(relabelled)
    return out


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_label_export_reads_as_the_code_export(survey_round, instrument, villages, language):
    from kenesh.surveys.testing import round_make

    rows = rows_of(villages, 40, seed=8)
    kobo_import(actor=None, survey_round=survey_round, data=export(rows, villages))
    other = round_make(instrument, kind="endline", year=2027)
    data = export(labelled(rows, instrument, language), villages)
    assert "Коомдук угууга Муктаждыктарды аныктоого".encode() in data or language == "ru"
    assert kobo_import(actor=None, survey_round=other, data=data) == 40

    def stored(survey_round):
        found = [answers_of(r) for r in Response.objects.filter(round=survey_round)]
        return sorted(sorted(a.items()) for a in found)

    assert stored(other) == stored(survey_round)


@pytest.fixture
def services_question(instrument):
    """A multiple choice whose labels contain spaces, and overlap: "Drinking water Street lighting" reads two
    ways (the first two options, or the last two)."""
    from django.db import transaction

    from kenesh.surveys.services import OwnQuestionDraft, own_question_add

    with transaction.atomic():
        own_question_add(
            actor=None,
            instrument=instrument,
            draft=OwnQuestionDraft(
                kind="multiple",
                text_ky="Кызматтар",
                text_ru="Услуги",
                code="services",
                choices=[
                    ("water", "Ичүүчү суу", "Drinking water", True),
                    ("light", "Көчө жарыгы", "Street lighting", True),
                    ("roads", "Жолдор", "Roads", False),
                    ("drink", "Ичүү", "Drinking", False),
                    ("wsl", "Суу көчө жарыгы", "water Street lighting", False),
                ],
            ),
        )
    return instrument.questions.get(code="services")


def test_labels_with_spaces_are_matched_whole_and_an_ambiguous_or_unknown_cell_is_refused(
    survey_round, villages, services_question
):
    rows = rows_of(villages, 6)
    cells = ["Drinking water Roads", "Street lighting Drinking water", "Ичүүчү суу Көчө жарыгы", "roads", ""]
    for row, cell in zip(rows, cells, strict=False):
        row["services"] = cell
    rows[5]["services"] = "Street lighting   Roads"
    kobo_import(actor=None, survey_round=survey_round, data=export(rows, villages))
    masks = sorted(answers_of(r).get("services", -1) for r in Response.objects.all())
    water, light, roads = 1, 2, 4
    assert masks == sorted([water | roads, water | light, water | light, roads, -1, light | roads])

    rows[1]["services"] = "Drinking water Street lighting"  # {water, light} or {drink, wsl}
    rows[3]["services"] = "Drinking beer"
    with pytest.raises(ImportRejected) as rejected:
        kobo_import(actor=None, survey_round=survey_round, data=export(rows, villages))
    problems = [str(p) for p in rejected.value.problems]
    assert problems == [
        "Line 3: column “services”: “Drinking water Street lighting” can be read as more than one set of "
        "options; export the codes instead.",
        "Line 5: column “services”: “Drinking beer” is not an option of this question.",
    ]
    assert Response.objects.count() == 6


def test_separate_columns_of_a_multiple_choice_are_read(survey_round, villages, instrument):
    rows = rows_of(villages, 12, seed=4)
    options = ["hearing", "needs", "pb_vote", "appeal"]
    headers_extra = [f"participated/{o}" for o in options]
    out = io.StringIO()
    writer = csv.writer(out)
    codes = [c for c in rows[0] if c != "participated"]
    writer.writerow(["municipality", *codes, *headers_extra])
    for row in rows:
        chosen = row["participated"].split()
        ticks = [("1" if o in chosen else "0") if chosen else "" for o in options]
        writer.writerow(["41702215810000", *[row[c] for c in codes], *ticks])
    kobo_import(actor=None, survey_round=survey_round, data=out.getvalue().encode())
    positions = {o: i for i, o in enumerate(options)}
    expected = sorted(
        float(sum(1 << positions[o] for o in r["participated"].split())) if r["participated"] else -1.0
        for r in rows
    )
    assert sorted(answers_of(r).get("participated", -1.0) for r in Response.objects.all()) == expected

    bad = out.getvalue().splitlines()
    bad[2] = bad[2][: bad[2].rfind(",")] + ",yes"
    with pytest.raises(ImportRejected) as rejected:
        kobo_import(actor=None, survey_round=survey_round, data="\n".join(bad).encode())
    assert str(rejected.value.problems[0]) == (
        "Line 3: column “participated/appeal”: “yes” is neither 0 nor 1."
    )


def test_separate_columns_with_label_headers_are_read(survey_round, villages, instrument):
    question = instrument.questions.get(code="participated")
    hearing = question.choices.get(code="hearing")
    rows = rows_of(villages, 5)
    out = io.StringIO()
    writer = csv.writer(out)
    codes = [c for c in rows[0] if c != "participated"]
    writer.writerow(["municipality", *codes, f"{question.text_ru}/{hearing.label_ru}"])
    for row in rows:
        writer.writerow(["41702215810000", *[row[c] for c in codes], "1"])
    kobo_import(actor=None, survey_round=survey_round, data=out.getvalue().encode())
    assert {answers_of(r)["participated"] for r in Response.objects.all()} == {1.0}


def test_the_import_and_the_indicators_cost_a_fixed_number_of_queries(survey_round, villages, instrument):
    """Whatever the number of rows: the answers go in with one statement and come out with one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kenesh.surveys.selectors import round_indicators
    from kenesh.surveys.testing import round_make

    counts = []
    for size, year in ((10, 2030), (80, 2031)):
        target = round_make(instrument, kind="endline", year=year)
        with CaptureQueriesContext(connection) as imported:
            kobo_import(actor=None, survey_round=target, data=export(rows_of(villages, size), villages))
        with CaptureQueriesContext(connection) as read:
            result = round_indicators(target)
        assert result.respondents == size
        counts.append((len(imported), len(read)))
    assert counts[0] == counts[1]
    assert counts[0][1] <= 4
