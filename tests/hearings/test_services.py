"""The writes of the hearings app: scheduling and its notice rule, attendance, documents, answers."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from kenesh.audit.models import AuditEntry
from kenesh.hearings.models import AnswerStatus, Hearing, HearingDocument, HearingKind, HearingProposal
from kenesh.hearings.services import (
    attendance_record,
    document_add,
    hearing_schedule,
    hearing_update,
    late_notice_warning,
    policy_set,
    proposal_add,
    proposal_answer,
)
from kenesh.hearings.testing import hearing_make
from tests.hearings.conftest import WATER_KEY, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English here; test_messages_are_in_the_person_s_language checks ky/ru."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Женщины (22) и мужчины (20) в сумме дают 42, а не 40 участников."),
        ("ky", "Аялдар (22) менен эркектер (20) бирге 42 болот, 40 катышуучу эмес."),
    ],
)
def test_messages_are_in_the_person_s_language(staff, ours, language, expected):
    hearing = hearing_make(ours, days_ago(3))
    with translation.override(language), pytest.raises(ValidationError) as error:
        attendance_record(actor=staff, hearing=hearing, **{**ATTENDANCE, "men": 20})
    assert error.value.message_dict["participants"] == [expected]


def schedule(staff, municipality, **overrides):
    today = days_ago(0)
    data = {
        "kind": HearingKind.DRAFT_BUDGET,
        "title_ky": "",
        "title_ru": "",
        "date": today + datetime.timedelta(days=20),
        "time": datetime.time(10, 0),
        "venue": "Айыл өкмөтү",
        "online_url": "",
        "budget_version": None,
        "notice_date": today,
    }
    data.update(overrides)
    return hearing_schedule(actor=staff, municipality=municipality, **data)


def test_scheduling_keeps_the_rule_and_is_audited(staff, ours, draft):
    hearing = schedule(staff, ours, budget_version=draft)
    assert hearing.notice_days_required == 10
    assert not hearing.notice_is_late
    assert late_notice_warning(hearing) == ""
    assert AuditEntry.objects.filter(action="hearings.hearing.schedule").count() == 1


def test_a_late_notice_is_accepted_with_a_warning(staff, ours):
    hearing = schedule(staff, ours, date=days_ago(0) + datetime.timedelta(days=4))
    assert hearing.notice_is_late
    assert "4" in late_notice_warning(hearing) and "10" in late_notice_warning(hearing)


def test_the_municipality_sets_its_own_notice_rule(staff, ours):
    policy_set(actor=staff, municipality=ours, notice_days=14, answer_days=20)
    hearing = schedule(staff, ours, date=days_ago(0) + datetime.timedelta(days=12))
    assert hearing.notice_days_required == 14 and hearing.notice_is_late
    assert hearing.answer_due == hearing.date + datetime.timedelta(days=20)


def test_a_notice_after_the_hearing_is_refused_and_nothing_is_written(staff, ours):
    with pytest.raises(ValidationError) as error:
        schedule(staff, ours, date=days_ago(5), notice_date=days_ago(2))
    assert "notice_date" in error.value.message_dict
    assert "after the hearing" in error.value.message_dict["notice_date"][0]
    assert not Hearing.objects.exists() and not AuditEntry.objects.exists()


def test_a_notice_in_the_future_is_refused(staff, ours):
    with pytest.raises(ValidationError) as error:
        schedule(staff, ours, notice_date=days_ago(-3))
    assert "notice_date" in error.value.message_dict


def test_a_hearing_needs_a_place(staff, ours):
    with pytest.raises(ValidationError) as error:
        schedule(staff, ours, venue=" ", online_url="")
    assert "venue" in error.value.message_dict


def test_the_budget_version_must_be_the_municipality_s(staff, ours, their_draft):
    with pytest.raises(ValidationError) as error:
        schedule(staff, ours, budget_version=their_draft)
    assert "budget_version" in error.value.message_dict


def test_a_new_date_is_audited(staff, ours):
    hearing = schedule(staff, ours)
    data = {
        name: getattr(hearing, name)
        for name in ("kind", "title_ky", "title_ru", "time", "venue", "online_url")
    }
    new_date = hearing.date + datetime.timedelta(days=3)
    hearing_update(
        actor=staff,
        hearing=hearing,
        date=new_date,
        budget_version=None,
        notice_date=hearing.notice_date,
        **data,
    )
    hearing.refresh_from_db()
    assert hearing.date == new_date and hearing.answer_due == new_date + datetime.timedelta(days=30)
    assert AuditEntry.objects.filter(action="hearings.hearing.update").exists()


ATTENDANCE = {
    "participants": 40,
    "women": 22,
    "men": 18,
    "youth": 6,
    "elderly": 9,
    "disabled": 2,
    "minorities": 3,
    "officials": 5,
}


def test_attendance_is_recorded(staff, ours):
    hearing = hearing_make(ours, days_ago(3))
    attendance_record(actor=staff, hearing=hearing, **ATTENDANCE)
    hearing.refresh_from_db()
    assert hearing.attendance_recorded and hearing.women == 22 and hearing.women_share == Decimal("0.55")


def test_attendance_that_does_not_add_up_is_refused_and_nothing_changes(staff, ours):
    hearing = hearing_make(ours, days_ago(3))
    with pytest.raises(ValidationError) as error:
        attendance_record(actor=staff, hearing=hearing, **{**ATTENDANCE, "men": 20})
    assert "add up to 42, not to the 40 participants" in error.value.message_dict["participants"][0]
    with pytest.raises(ValidationError) as error:
        attendance_record(actor=staff, hearing=hearing, **{**ATTENDANCE, "officials": 41})
    assert "officials" in error.value.message_dict
    hearing.refresh_from_db()
    assert not hearing.attendance_recorded and hearing.participants == 0
    assert not AuditEntry.objects.exists()


def test_attendance_waits_for_the_hearing(staff, ours):
    hearing = hearing_make(ours, days_ago(-5))
    with pytest.raises(ValidationError):
        attendance_record(actor=staff, hearing=hearing, **ATTENDANCE)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, format="PNG")
    return output.getvalue()


def test_a_pdf_and_an_image_are_accepted(staff, ours, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_make(ours, days_ago(3))
    pdf = document_add(
        actor=staff, hearing=hearing, title="Долбоор", upload=SimpleUploadedFile("a.pdf", pdf_bytes())
    )
    image = document_add(
        actor=staff, hearing=hearing, title="Сүрөт", upload=SimpleUploadedFile("b.png", png_bytes())
    )
    assert (pdf.kind, image.kind) == ("pdf", "image")
    assert image.file.read(3) == b"\xff\xd8\xff"  # re-encoded as JPEG


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"MZ\x90\x00 an executable", b"%PDF-1.4 but cut short"],
)
def test_an_upload_that_is_no_pdf_or_image_is_refused(staff, ours, settings, tmp_path, content):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_make(ours, days_ago(3))
    with pytest.raises(ValidationError) as error:
        document_add(actor=staff, hearing=hearing, title="x", upload=SimpleUploadedFile("x.pdf", content))
    assert "neither a PDF nor an image" in error.value.messages[0]
    assert not HearingDocument.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_an_oversized_upload_is_refused(staff, ours, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_make(ours, days_ago(3))
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        document_add(actor=staff, hearing=hearing, title="x", upload=big)
    assert "too large" in error.value.messages[0]


def test_proposals_are_numbered_and_answered(staff, ours, draft):
    hearing = hearing_make(ours, days_ago(3))
    first = proposal_add(actor=staff, hearing=hearing, kind="proposal", text_ky="Суу түтүгү", text_ru="")
    second = proposal_add(actor=staff, hearing=hearing, kind="question", text_ky="", text_ru="Когда свет?")
    assert (first.number, second.number) == (1, 2)
    proposal_answer(
        actor=staff,
        proposal=first,
        municipality=ours,
        status=AnswerStatus.ACCEPTED,
        answer_ky="Бюджетке киргизилди",
        answer_ru="",
        budget_line_version=draft,
        budget_line_key=WATER_KEY,
    )
    first.refresh_from_db()
    assert first.status == "accepted" and first.answered_on_time and first.budget_line_key == WATER_KEY


def test_a_rejection_needs_a_reason(staff, ours):
    proposal = hearing_make(ours, days_ago(3), proposals=["Жол"]).proposals.get()
    with pytest.raises(ValidationError) as error:
        proposal_answer(
            actor=staff, proposal=proposal, municipality=ours, status="rejected", answer_ky="", answer_ru=""
        )
    assert "reason" in error.value.message_dict["answer_ky"][0]


def test_an_unknown_budget_line_is_refused(staff, ours, draft):
    proposal = hearing_make(ours, days_ago(3), proposals=["Жол"]).proposals.get()
    with pytest.raises(ValidationError) as error:
        proposal_answer(
            actor=staff,
            proposal=proposal,
            municipality=ours,
            status="accepted",
            answer_ky="ok",
            answer_ru="",
            budget_line_version=draft,
            budget_line_key="expenditure:7011:9999",
        )
    assert "budget_line_key" in error.value.message_dict


def test_an_answer_to_another_municipality_s_proposal_is_refused(staff, ours, theirs):
    proposal = hearing_make(theirs, days_ago(3), proposals=["Жол"]).proposals.get()
    with pytest.raises(ValidationError) as error:
        proposal_answer(
            actor=staff, proposal=proposal, municipality=ours, status="accepted", answer_ky="ok", answer_ru=""
        )
    assert "another municipality" in error.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.UNANSWERED
    assert not AuditEntry.objects.exists()


def test_the_database_refuses_counts_that_do_not_add_up(ours):
    from django.db import IntegrityError, transaction

    hearing = hearing_make(ours, days_ago(3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.filter(pk=hearing.pk).update(participants=5, women=1, men=1)
    assert HearingProposal.objects.count() == 0
