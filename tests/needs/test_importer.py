"""The Kobo CSV import: Kobo's headers, `;` or `,`, every bad row by number, nothing written unless all good;
and the XLSForm made from the same field list, checked with pyxform."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyxform.xls2xform import convert

from kenesh.accounts.testing import office_login
from kenesh.needs import importer, kobo
from kenesh.needs.models import Problem, Session
from kenesh.needs.services import categories_for

NAME_HEADERS = [
    "start",
    "end",
    "session/municipality",
    "session/village",
    "session/held_on",
    "session/facilitator",
    "session/group_type",
    "session/method",
    "people/participants",
    "people/women",
    "people/men",
    "problems/problem_1_category",
    "problems/problem_1_text_ky",
    "problems/problem_1_score",
    "problems/problem_2_category",
    "problems/problem_2_score",
    "_id",
    "_uuid",
    "_submission_time",
]


def _csv(rows, headers=NAME_HEADERS, delimiter=","):
    lines = [delimiter.join(headers)] + [delimiter.join(row) for row in rows]
    return SimpleUploadedFile("export.csv", "\n".join(lines).encode("utf-8"), content_type="text/csv")


def _row(campaign, villages, **overrides):
    cells = {
        "start": "2025-07-01T10:00:00",
        "end": "2025-07-01T11:00:00",
        "session/municipality": campaign.municipality.coate,
        "session/village": villages[0].coate,
        "session/held_on": "2025-07-01",
        "session/facilitator": "Айгүл",
        "session/group_type": "women",
        "session/method": "points",
        "people/participants": "10",
        "people/women": "10",
        "people/men": "0",
        "problems/problem_1_category": "drinking-water",
        "problems/problem_1_text_ky": "Суу",
        "problems/problem_1_score": "20",
        "problems/problem_2_category": "kindergartens",
        "problems/problem_2_score": "10",
        "_id": "1",
        "_uuid": "",
        "_submission_time": "",
    }
    cells.update(overrides)
    return [cells[header] for header in NAME_HEADERS]


def test_a_good_export_is_imported(campaign, villages, staff):
    upload = _csv(
        [_row(campaign, villages), _row(campaign, villages, **{"session/village": villages[1].name_ru})]
    )
    assert importer.sessions_import(actor=staff, campaign=campaign, upload=upload) == 2
    assert Problem.objects.count() == 4
    import datetime

    session = Session.objects.order_by("id").first()
    assert session.held_on == datetime.date(2025, 7, 1) and session.created_by == staff
    assert session.created_at is not None and session.created_at.tzinfo is not None
    assert [(p.category.key, p.points, p.rank) for p in session.problems.order_by("id")] == [
        ("drinking-water", 20, None),
        ("kindergartens", 10, None),
    ]
    assert session.problems.first().text_ky == "Суу"


def test_label_headers_and_label_values_with_semicolons(campaign, villages, staff):
    headers = [
        "Жолугушуу/Айыл",
        "Дата встречи",
        "Группа",
        "Как ранжировали",
        "Участников всего",
        "Аялдар",
        "Мужчин",
        "Проблема 1: категория",
        "1-көйгөй: упайы же орду",
    ]
    row = [villages[0].name_ky, "01.07.2025", "Мужчины", "По местам (1, 2, 3…)", "8", "0", "8", "Дороги", "1"]
    upload = _csv([row], headers=headers, delimiter=";")
    assert importer.sessions_import(actor=staff, campaign=campaign, upload=upload) == 1
    session = Session.objects.get()
    assert session.group_type == "men" and session.method == "rank"
    assert session.problems.get().category.key == "roads"


def test_every_bad_row_is_reported_by_number_and_nothing_is_written(campaign, villages, staff):
    rows = [
        _row(campaign, villages),
        _row(campaign, villages, **{"session/village": "Атлантида"}),
        _row(campaign, villages, **{"session/municipality": "41702215810000"}),
        _row(campaign, villages, **{"people/women": "7"}),
        _row(campaign, villages, **{"problems/problem_1_score": "200"}),
    ]
    with pytest.raises(importer.ImportRejected) as caught:
        importer.sessions_import(actor=staff, campaign=campaign, upload=_csv(rows))
    by_row = {error.row: error.message for error in caught.value.errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert "Атлантида" in by_row[3]
    assert "another municipality" in by_row[4]
    assert "add up to" in by_row[5]
    assert "points" in by_row[6]
    assert not Session.objects.exists()


def test_unknown_and_missing_columns(campaign, villages):
    headers = [h for h in NAME_HEADERS if h != "people/women"] + ["session/weather"]
    with pytest.raises(importer.ImportRejected) as caught:
        importer.sessions_read(campaign, _csv([], headers=headers))
    messages = " ".join(error.message for error in caught.value.errors)
    assert "weather" in messages and "women" in messages
    assert {error.row for error in caught.value.errors} == {1}


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe\x00bad", "UTF-8"), (b"", "empty"), (b"village\n", "required column")],
)
def test_files_that_are_not_exports(campaign, content, message):
    with pytest.raises(importer.ImportRejected) as caught:
        importer.sessions_read(campaign, SimpleUploadedFile("x.csv", content))
    assert message in " ".join(error.message for error in caught.value.errors)


def test_a_re_import_skips_known_submissions(campaign, villages, staff):
    rows = [_row(campaign, villages, _uuid="abc-1")]
    assert importer.sessions_import(actor=staff, campaign=campaign, upload=_csv(rows)) == 1
    assert importer.sessions_import(actor=staff, campaign=campaign, upload=_csv(rows)) == 0


def test_the_import_page_lists_bad_rows_in_the_readers_language(client, campaign, villages, staff):
    office_login(client, staff)
    url = reverse("needs:office_import", kwargs={"coate": campaign.municipality.coate, "year": campaign.year})
    assert client.get(url).status_code == 200
    upload = _csv([_row(campaign, villages, **{"session/village": "Атлантида"})])
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "Атлантида" in response.content.decode()
    good = _csv([_row(campaign, villages)])
    assert client.post(url, {"file": good}).status_code == 302
    assert Session.objects.count() == 1


def test_the_published_xlsform_converts_with_pyxform(client, campaign, villages):
    url = reverse("needs:xlsform", kwargs={"coate": campaign.municipality.coate, "year": campaign.year})
    response = client.get(url)
    assert response.status_code == 200
    result = convert(xlsform=io.BytesIO(response.content), file_type=".xlsx")
    xml = result.xform
    for field in kobo.form_fields(campaign.max_problems):
        assert f"<{field.name}" in xml
    for village in villages:
        assert village.coate in xml


def test_the_importer_reads_every_question_of_the_form(campaign):
    names = importer._header_map(kobo.form_fields())
    for field in kobo.form_fields():
        assert names[importer._norm(field.name)] == field.name
        assert names[importer._norm(field.label_ru)] == field.name
    assert {c[0] for c in kobo.choice_lists([], categories_for(campaign.municipality))["category"]} >= {
        "roads"
    }
