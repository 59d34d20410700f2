"""The hearings pages: the office forms (and who may use them), the public pages, minutes and open data."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from kenesh.accounts.testing import office_login
from kenesh.hearings.models import AnswerStatus, Hearing, HearingDocument, HearingProposal
from kenesh.hearings.testing import hearing_make
from tests.hearings.conftest import WATER_KEY, days_ago

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("ru"):
        return reverse(f"hearings:{name}", kwargs=kwargs)


def schedule_data(**overrides):
    data = {
        "kind": "draft_budget",
        "title_ky": "Бюджеттин долбоору 2026",
        "title_ru": "",
        "date": (days_ago(0) + datetime.timedelta(days=20)).isoformat(),
        "time": "10:00",
        "venue": "Айыл өкмөтү",
        "online_url": "",
        "budget_version": "",
        "notice_date": days_ago(0).isoformat(),
    }
    data.update(overrides)
    return data


def test_scheduling_in_time_gives_no_warning(client, staff, ours, draft):
    office_login(client, staff)
    response = client.post(
        url("office_new", coate=ours.coate), schedule_data(budget_version=draft.pk), follow=True
    )
    assert response.status_code == 200
    hearing = Hearing.objects.get()
    assert hearing.budget_version == draft
    assert "message--warning" not in response.content.decode()


def test_scheduling_late_warns(client, staff, ours):
    office_login(client, staff)
    late = (days_ago(0) + datetime.timedelta(days=3)).isoformat()
    response = client.post(url("office_new", coate=ours.coate), schedule_data(date=late), follow=True)
    page = response.content.decode()
    assert Hearing.objects.count() == 1
    assert "3" in page and "10" in page and "message--warning" in page


def test_a_notice_after_the_hearing_is_refused_and_the_form_keeps_what_was_typed(client, staff, ours):
    office_login(client, staff)
    data = schedule_data(date=days_ago(5).isoformat(), notice_date=days_ago(1).isoformat())
    response = client.post(url("office_new", coate=ours.coate), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Бюджеттин долбоору 2026" in page  # kept
    assert 'role="alert"' in page
    assert not Hearing.objects.exists()


def test_the_notice_rule_is_per_municipality(client, staff, ours):
    office_login(client, staff)
    client.post(url("office_policy", coate=ours.coate), {"notice_days": 15, "answer_days": 20})
    client.post(url("office_new", coate=ours.coate), schedule_data())
    assert Hearing.objects.get().notice_days_required == 15


@pytest.mark.parametrize(
    "name",
    ["office_new", "office_policy", "office_municipality"],
)
def test_staff_of_another_municipality_get_403(client, their_staff, ours, name):
    office_login(client, their_staff)
    assert client.get(url(name, coate=ours.coate)).status_code == 403
    assert client.post(url(name, coate=ours.coate), schedule_data()).status_code == 403
    assert not Hearing.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "office_hearing",
        "office_edit",
        "office_attendance",
        "office_summary",
        "office_document",
        "office_proposal_new",
    ],
)
def test_another_municipality_s_hearing_is_closed_to_our_staff(client, their_staff, ours, name):
    hearing = hearing_make(ours, days_ago(2))
    office_login(client, their_staff)
    assert client.get(url(name, pk=hearing.pk)).status_code == 403
    assert client.post(url(name, pk=hearing.pk), {}).status_code == 403


def test_anonymous_people_are_sent_to_login(client, ours):
    response = client.get(url("office_new", coate=ours.coate))
    assert response.status_code == 302 and "login" in response["Location"]


def test_attendance_that_does_not_add_up_is_shown_and_nothing_changes(client, staff, ours):
    hearing = hearing_make(ours, days_ago(2))
    office_login(client, staff)
    data = {
        "participants": 30,
        "women": 10,
        "men": 10,
        "youth": 0,
        "elderly": 0,
        "disabled": 0,
        "minorities": 0,
        "officials": 2,
    }
    with translation.override("ru"):
        response = client.post(url("office_attendance", pk=hearing.pk), data, HTTP_ACCEPT_LANGUAGE="ru")
    page = response.content.decode()
    assert response.status_code == 200 and 'value="30"' in page
    hearing.refresh_from_db()
    assert not hearing.attendance_recorded
    data["men"] = 20
    client.post(url("office_attendance", pk=hearing.pk), data)
    hearing.refresh_from_db()
    assert hearing.attendance_recorded and hearing.men == 20


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(client, staff, ours, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_make(ours, days_ago(2))
    office_login(client, staff)
    upload = SimpleUploadedFile("budget.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url("office_document", pk=hearing.pk), {"title": "Долбоор", "file": upload})
    assert response.status_code == 200 and 'value="Долбоор"' in response.content.decode()
    assert not HearingDocument.objects.exists()


def test_a_pdf_is_uploaded_and_served(client, staff, ours, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_make(ours, days_ago(2))
    office_login(client, staff)
    pdf = SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(url("office_document", pk=hearing.pk), {"title": "Долбоор", "file": pdf})
    document = HearingDocument.objects.get()
    response = client.get(url("document", coate=ours.coate, pk=hearing.pk, document_id=document.pk))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_proposals_are_recorded_and_answered(client, staff, ours, draft):
    hearing = hearing_make(ours, days_ago(2))
    office_login(client, staff)
    client.post(
        url("office_proposal_new", pk=hearing.pk),
        {"kind": "proposal", "text_ky": "Суу", "text_ru": "", "raised_by": ""},
    )
    proposal = HearingProposal.objects.get()
    response = client.post(
        url("office_answer", pk=proposal.pk),
        {
            "status": "accepted",
            "answer_ky": "Кабыл алынды",
            "answer_ru": "",
            "answered_on": "",
            "budget_line_version": draft.pk,
            "budget_line_key": WATER_KEY,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.ACCEPTED and proposal.budget_line_key == WATER_KEY


def test_an_answer_to_another_municipality_s_proposal_is_refused(client, staff, theirs):
    proposal = hearing_make(theirs, days_ago(2), proposals=["Жол"]).proposals.get()
    office_login(client, staff)
    response = client.post(url("office_answer", pk=proposal.pk), {"status": "accepted", "answer_ky": "ok"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.UNANSWERED


def test_a_document_of_another_municipality_cannot_be_removed(client, staff, theirs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_make(theirs, days_ago(2))
    document = HearingDocument.objects.create(hearing=hearing, title="x", kind="pdf", file="x.pdf", size=1)
    office_login(client, staff)
    assert client.post(url("office_document_delete", pk=document.pk)).status_code == 403
    assert HearingDocument.objects.exists()


# Public pages


@pytest.fixture
def answered(ours, draft):
    hearing = hearing_make(
        ours,
        days_ago(10),
        proposals=["Суу түтүгүн оңдоо", "Көчө жарыгы"],
        budget_version=draft,
        attendance_recorded=True,
        participants=23,
        women=12,
        men=11,
        disabled=2,
        officials=4,
    )
    first = hearing.proposals.get(number=1)
    first.status, first.answer_ky, first.answered_on = AnswerStatus.ACCEPTED, "Бюджетке кирди", days_ago(5)
    first.budget_line_version, first.budget_line_key = draft, WATER_KEY
    first.save()
    return hearing


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_public_page_shows_notice_answers_unanswered_and_small_groups(client, answered, ours, language):
    with translation.override(language):
        page = client.get(reverse("hearings:detail", kwargs={"coate": ours.coate, "pk": answered.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Бюджетке кирди" in text
    assert "#line-expenditure-7063-2215" in text
    with translation.override(language):
        from django.utils.translation import gettext

        assert gettext("Not answered yet") in text
        assert gettext("fewer than 5") in text
        assert gettext("Notice published on") in text


def test_a_hearing_before_its_notice_is_not_public(client, ours):
    hearing = hearing_make(ours, days_ago(-20), notice_days=15)  # notice five days from now
    assert client.get(url("detail", coate=ours.coate, pk=hearing.pk)).status_code == 404


def test_the_archive_lists_public_hearings(client, answered, ours):
    page = client.get(url("archive", coate=ours.coate))
    assert page.status_code == 200 and str(answered.date.year) in page.content.decode()
    assert client.get(url("archive", coate="41700000000000")).status_code == 404


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_minutes_are_an_a4_pdf_in_each_language(client, answered, ours, language):
    response = client.get(url("minutes", coate=ours.coate, pk=answered.pk, language=language))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_minutes_refuse_other_languages(client, answered, ours):
    assert client.get(url("minutes", coate=ours.coate, pk=answered.pk, language="xx")).status_code == 404


def test_open_data_hides_small_groups_and_carries_last_modified(client, answered, ours):
    response = client.get(f"/hearings/data/{ours.coate}/hearings.json")
    body = json.loads(response.content)
    record = body["hearings"][0]
    assert body["licence"]["name"] == "CC-BY-4.0"
    assert record["women"] == 12 and record["disabled"] == "<5" and record["participants"] == 23
    assert record["proposals_unanswered"] == 1
    assert response["Last-Modified"]
    again = client.get(
        f"/hearings/data/{ours.coate}/hearings.json", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert again.status_code == 304
    csv_text = client.get("/hearings/data/hearings.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("id,coate,municipality,kind")
    assert ",<5," in csv_text
    proposals = client.get("/hearings/data/proposals.csv").content.decode()
    assert WATER_KEY in proposals


def test_the_api_lists_hearings_with_attendance_and_proposals(client, answered, ours):
    response = client.get(f"/api/hearings/{ours.coate}")
    assert response.status_code == 200 and response["Last-Modified"]
    record = response.json()["hearings"][0]
    assert record["disabled"] == "<5" and len(record["proposal_list"]) == 2
    assert client.get("/api/hearings/41700000000000").status_code == 404
    assert client.get("/api/hearings/?year=2026").status_code == 200


def test_the_minutes_print_small_groups_as_fewer_than_5(answered):
    from kenesh.hearings.pdf import minutes_html

    html = minutes_html(answered, language="ru")
    assert "меньше 5" in html and "Бюджетке кирди" in html


def test_the_national_view_pages_its_rows_and_totals_them_all(client, ours):
    from kenesh.territory.models import Level, Unit

    for index in range(55):
        unit = Unit.objects.create(
            coate=f"417042359{index:02d}000",
            level=Level.MUNICIPALITY,
            name_ru=f"Айыл {index:02d}",
            parent=ours.parent,
        )
        hearing_make(unit, days_ago(30), attendance_recorded=True, participants=10, women=6, men=4)
    first = client.get(url("national")).content.decode()
    second = client.get(url("national") + "?page=2").content.decode()
    assert "Айыл 00" in first and "Айыл 54" not in first and "Айыл 54" in second
    assert "55" in first and 'rel="next"' in first
