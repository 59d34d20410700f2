"""Nobody can link a ballot's content to a person: not in messages, the audit log, logs, the office or admin.

A ballot is cast on every channel (web, SMS through the gateway's webhook, a voting code, a paper ballot
typed in twice) with choices of its own, numbered above 60 so that no date or time on a page can look
like them. Then every text column of every row of the outbox, the inbox and the audit log, every log
record of any level, the office's message page and the admin's pages are searched for them.
"""

from __future__ import annotations

import importlib
import json
import logging
import re

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.audit.services import audit_record
from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.messaging.services import sms_receive
from kenesh.pb.models import Ballot, BallotChoice, PaperStatus, Phase
from kenesh.pb.paper import paper_entry_add
from kenesh.pb.testing import process_make, proposal_make, voter_make
from tests.pb.desk_util import code_for, paper_for

pytestmark = pytest.mark.django_db

SECRET = "webhook-secret-for-tests"
WEB = (61, 73, 89)
SMS = (67, 79, 97)
CODE = (64, 82, 98)
PAPER = (66, 84, 96)
CHANNELS = {"web": WEB, "sms": SMS, "code": CODE, "paper": PAPER}
RECEIPT = re.compile(r"\b([2-9A-Z]{5}-[2-9A-Z]{5})\b")


@pytest.fixture(autouse=True)
def _default_language_after():
    """These tests read pages in English; the language a request activates must not outlive the test."""
    yield
    translation.deactivate()


def receipt_in(text: str) -> str | None:
    found = RECEIPT.search(text)
    return found.group(1) if found else None


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"pb:{name}", kwargs=kwargs)


def leaked(text: str) -> list[str]:
    """The channels whose three choices all appear as numbers in `text`."""
    numbers = {int(found) for found in re.findall(r"\d+", text)}
    return [channel for channel, choices in CHANNELS.items() if set(choices) <= numbers]


def text_columns(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
    ]


def rows_of(html: str) -> list[str]:
    """The table rows of a page (one message, one entry each), tags removed."""
    return [re.sub(r"<[^>]+>", " ", row) for row in re.findall(r"<tr.*?</tr>", html, flags=re.S)]


@pytest.fixture
def process():
    process = process_make(max_choices=3, allow_change=True)
    for number in sorted({*WEB, *SMS, *CODE, *PAPER, 62, 63}):
        proposal_make(process, number=number, cost=1000)
    return process


@pytest.fixture
def voted(client, process, settings, caplog):
    """One ballot on each channel, every log record of any level captured; the receipts given."""
    settings.KENESH_SMS_WEBHOOK_SECRET = SECRET
    caplog.set_level(logging.DEBUG)
    staff = person_make(role=Role.STAFF, municipality=process.municipality, full_name="Staff One")
    second = person_make(role=Role.STAFF, municipality=process.municipality, full_name="Staff Two")
    receipts = {}

    web_voter = voter_make(process, full_name="Web Voter", phone="+996700000011")
    client.force_login(web_voter)
    choices = {"choice": [str(n) for n in WEB], "action": "cast"}
    response = client.post(url("ballot", process_id=process.pk), choices, follow=True)
    receipts["web"] = receipt_in(response.content.decode())
    client.logout()

    voter_make(process, full_name="Sms Voter", phone="+996700000022", phone_verified_at=timezone.now())
    response = client.post(
        "/sms/inbound/",
        json.dumps({"from": "+996700000022", "text": "VOTE " + " ".join(map(str, SMS))}),
        content_type="application/json",
        HTTP_X_KENESH_SECRET=SECRET,
    )
    assert response.status_code == 200
    receipts["sms"] = receipt_in(OutboundSms.objects.get(to="+996700000022").text)

    code_voter = voter_make(process, full_name="Code Voter", phone="+996700000033")
    code = code_for(process, staff, user=code_voter)
    client.post(url("code_enter", process_id=process.pk), {"code": code})
    choices = {"choice": [str(n) for n in CODE], "action": "cast"}
    response = client.post(url("code_ballot", process_id=process.pk), choices, follow=True)
    receipts["code"] = receipt_in(response.content.decode())

    serial = paper_for(process, staff, full_name="Paper Voter")
    paper_entry_add(actor=staff, process=process, serial=serial, choices=dict.fromkeys(PAPER, 1))
    paper = paper_entry_add(actor=second, process=process, serial=serial, choices=dict.fromkeys(PAPER, 1))
    assert paper.status == PaperStatus.MATCHED

    stored = {
        ballot.channel: tuple(sorted(ballot.choices.values_list("proposal__number", flat=True)))
        for ballot in Ballot.objects.prefetch_related("choices")
    }
    assert stored == CHANNELS
    return receipts


def test_the_scan_sees_a_choice_list():
    assert leaked("VOTE 67 79 97") == ["sms"]
    assert leaked('{"66": 1, "84": 1, "96": 1}') == ["paper"]
    assert leaked("Ballot: 61, 73. Project 89") == ["web"]
    assert leaked("+996700000022 at 16:05 on 07.12.2026, receipt AB3CD-7EF9G") == []


def test_no_message_audit_entry_or_log_record_holds_a_ballot(voted, caplog):
    found = []
    for model in (OutboundSms, InboundSms, AuditEntry):
        for row in model.objects.all():
            for field in text_columns(model):
                value = field.value_from_object(row)
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found += [(model.__name__, row.pk, field.name, channel) for channel in leaked(text)]
    assert found == []
    assert InboundSms.objects.get().text == "VOTE"
    assert AuditEntry.objects.filter(action="pb.paper.entry").count() == 2

    # The ballots were cast while the fixture was set up: its records are the setup phase's.
    records = caplog.get_records("setup")
    assert {"kenesh.request", "rules", "axes.helpers"} <= {record.name for record in records}
    assert logging.getLogger().getEffectiveLevel() == logging.DEBUG
    for record in records:
        texts = [record.getMessage(), record.exc_text or "", str(record.args or "")]
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
        texts += [value for value in record.__dict__.values() if isinstance(value, str)]
        assert leaked(" ".join(texts)) == [], record.__dict__
    # The choices are where they belong: on the ballots, which carry no person.
    assert BallotChoice.objects.count() == 12


def test_every_channel_gives_a_receipt_that_checks_and_tells_nothing_else(client, voted, process):
    assert set(voted) == {"web", "sms", "code"} and all(voted.values())
    for channel, receipt in voted.items():
        page = client.get(url("receipt_check", process_id=process.pk), {"receipt": receipt.lower()})
        text = page.content.decode()
        assert page.status_code == 200
        assert "A ballot with this receipt is recorded in this process." in text, channel
        assert leaked(text) == [] and "Voter" not in text
    wrong = client.get(url("receipt_check", process_id=process.pk), {"receipt": "ABCDE-FGHJK"})
    assert "No ballot with this receipt is recorded" in wrong.content.decode()


def test_the_office_and_the_admin_show_no_ballot(client, voted, process):
    admin = person_make(role=Role.ADMIN, is_staff=True, is_superuser=True)
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    for viewer in (staff, admin):
        office_login(client, viewer)
        html = client.get("/en/office/messages/").content.decode()
        assert [row for row in rows_of(html) if leaked(row)] == []
        assert "+996700000022" in html and "VOTE" in html and str(voted["sms"]) in html
        client.logout()

    office_login(client, admin)
    pages = [
        "/en/admin/messaging/inboundsms/",
        "/en/admin/messaging/outboundsms/",
        "/en/admin/audit/auditentry/",
        "/en/admin/pb/participation/",
        "/en/admin/pb/paperballot/",
    ]
    pages += [
        f"/en/admin/messaging/inboundsms/{pk}/change/"
        for pk in InboundSms.objects.values_list("pk", flat=True)
    ]
    pages += [
        f"/en/admin/messaging/outboundsms/{pk}/change/"
        for pk in OutboundSms.objects.values_list("pk", flat=True)
    ]
    pages += [
        f"/en/admin/audit/auditentry/{pk}/change/" for pk in AuditEntry.objects.values_list("pk", flat=True)
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert leaked(response.content.decode()) == [], page


def test_a_vote_stays_with_its_municipality_when_the_voter_moves(client, process, settings):
    """A resident votes by SMS in A, then moves to B: B's staff never see the A messages; A's still do."""
    settings.KENESH_SMS_WEBHOOK_SECRET = SECRET
    voter = voter_make(process, phone="+996700000044", phone_verified_at=timezone.now())
    response = client.post(
        "/sms/inbound/",
        {"from": "+996700000044", "text": "VOTE 61 73"},
        HTTP_X_KENESH_SECRET=SECRET,
    )
    assert response.status_code == 200
    receipt = receipt_in(OutboundSms.objects.get().text) or OutboundSms.objects.get().text
    elsewhere = process_make(phase=Phase.PROPOSALS)
    voter.municipality = elsewhere.municipality
    voter.village = None
    voter.save(update_fields=["municipality", "village"])

    office_login(client, person_make(role=Role.STAFF, municipality=elsewhere.municipality))
    html = client.get("/en/office/messages/").content.decode()
    assert "+996700000044" not in html and receipt not in html and "VOTE" not in html
    client.logout()
    office_login(client, person_make(role=Role.STAFF, municipality=process.municipality))
    html = client.get("/en/office/messages/").content.decode()
    assert "+996700000044" in html and receipt in html
    assert InboundSms.objects.get().municipality == process.municipality
    assert OutboundSms.objects.get().municipality == process.municipality


def test_a_refused_sms_ballot_does_not_repeat_its_numbers(process):
    """A refusal that would name the projects, their cost or the points sent says it without them."""
    voter_make(process, phone="+996700000055", phone_verified_at=timezone.now(), preferred_language="ru")
    message = sms_receive(sender="+996700000055", text="VOTE 61 77")
    reply = OutboundSms.objects.get(pk=message.reply_id).text
    assert "77" not in reply and "61" not in reply
    assert not Ballot.objects.exists()


def test_the_migration_forgets_ballot_content_stored_before(process):
    """Rows written by earlier versions: the VOTE text, its reply, and a paper reading in the audit log."""
    migration = importlib.import_module("kenesh.pb.migrations.0006_forget_stored_ballot_content")
    reply = OutboundSms.objects.create(to="+996700000066", text="Your ballot is recorded: 67, 79, 97.")
    InboundSms.objects.create(sender="+996700000066", text="VOTE 67 79 97", keyword="VOTE", reply=reply)
    InboundSms.objects.create(sender="+996700000066", text="HELP 67 79 97", keyword="HELP")
    InboundSms.objects.create(sender="+996700000066", text="VOTE,67,79,97", keyword="VOTE,67,79,97")
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    with transaction.atomic():
        audit_record(
            actor=staff,
            action="pb.paper.entry",
            target=process,
            changes={
                "status": {"before": "issued", "after": "pending"},
                "entry": {"before": None, "after": {"66": 1, "84": 1, "96": 1}},
            },
        )

    migration.forget(apps, None)

    for vote in InboundSms.objects.exclude(keyword="HELP"):
        assert (vote.text, vote.keyword, vote.redacted) == ("VOTE", "VOTE", True)
    assert leaked(OutboundSms.objects.get().text) == []
    assert InboundSms.objects.get(keyword="HELP").text == "HELP 67 79 97"
    entry = AuditEntry.objects.get(action="pb.paper.entry")
    assert leaked(json.dumps(entry.changes)) == [] and entry.changes["status"]["after"] == "pending"
