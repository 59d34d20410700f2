"""The other channels: one-time codes, paper double entry, SMS — all through ballot_cast."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.audit.models import AuditEntry
from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.messaging.services import sms_receive
from kenesh.pb.ballots import BallotRejected
from kenesh.pb.codes import code_find, code_hash, code_normalise, code_vote
from kenesh.pb.models import Ballot, BallotFormat, PaperStatus, Participation, Phase, VotingCode
from kenesh.pb.paper import paper_entry_add
from kenesh.pb.selectors import receipt_recorded
from kenesh.pb.testing import voter_make
from tests.pb.desk_util import code_for, paper_for

pytestmark = pytest.mark.django_db


def test_codes_are_stored_only_as_hashes_and_work_once(process, staff):
    codes = [code_for(process, staff) for _ in range(3)]
    stored = set(VotingCode.objects.values_list("code_hash", flat=True))
    assert all(code_normalise(code) not in "".join(stored) for code in codes)
    assert {code_hash(code) for code in codes} == stored
    code = code_find(process=process, text=codes[0].lower().replace("-", " "))
    code_vote(process=process, code_id=code.pk, choices={1: 1})
    assert Ballot.objects.get().channel == "code"
    with pytest.raises(BallotRejected) as caught:
        code_find(process=process, text=codes[0])
    assert caught.value.code == "code_used"
    with pytest.raises(BallotRejected):
        code_vote(process=process, code_id=code.pk, choices={2: 1})
    assert Ballot.objects.count() == 1
    assert AuditEntry.objects.filter(action="pb.desk.issue").count() == 3


def test_a_rejected_code_ballot_leaves_the_code_unused(process, staff):
    code = code_find(process=process, text=code_for(process, staff))
    with pytest.raises(BallotRejected):
        code_vote(process=process, code_id=code.pk, choices={1: 1, 2: 1, 9: 1})
    code.refresh_from_db()
    assert code.used_at is None and Ballot.objects.count() == 0


def test_unknown_and_malformed_codes(process):
    for text, reason in (("ABC", "code_format"), ("2345-6789-AB", "code_unknown")):
        with pytest.raises(BallotRejected) as caught:
            code_find(process=process, text=text)
        assert caught.value.code == reason


def test_a_code_of_nobody_is_refused(process):
    """Codes of the old anonymous batches could not keep one person to one ballot."""
    VotingCode.objects.create(process=process, code_hash=code_hash("2345678923"))
    with pytest.raises(BallotRejected) as caught:
        code_find(process=process, text="2345678923")
    assert caught.value.code == "code_unknown"


def test_paper_double_entry_by_two_people_counts(process, staff):
    second = person_make(role=Role.STAFF, municipality=process.municipality)
    serial = paper_for(process, staff)
    paper = paper_entry_add(actor=staff, process=process, serial=serial.lower(), choices={1: 1, 3: 1})
    assert paper.status == PaperStatus.PENDING and Ballot.objects.count() == 0
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        paper_entry_add(actor=staff, process=process, serial=serial, choices={1: 1, 3: 1})
    assert "different staff member" in str(caught.value)
    paper = paper_entry_add(actor=second, process=process, serial=serial, choices={3: 1, 1: 1})
    assert paper.status == PaperStatus.MATCHED
    assert Ballot.objects.get().channel == "paper"
    assert AuditEntry.objects.filter(action="pb.paper.entry").count() == 2


def test_a_paper_mismatch_is_not_counted_until_resolved(process, staff):
    second = person_make(role=Role.STAFF, municipality=process.municipality)
    serial = paper_for(process, staff)
    paper_entry_add(actor=staff, process=process, serial=serial, choices={1: 1})
    paper = paper_entry_add(actor=second, process=process, serial=serial, choices={2: 1})
    assert paper.status == PaperStatus.MISMATCH and Ballot.objects.count() == 0
    paper = paper_entry_add(actor=staff, process=process, serial=serial, choices={2: 1})
    assert paper.status == PaperStatus.RESOLVED and Ballot.objects.count() == 1
    assert paper.entries.filter(is_resolution=True).count() == 1


def test_an_invalid_paper_reading_is_refused(process, staff):
    serial = paper_for(process, staff)
    with pytest.raises(BallotRejected):
        paper_entry_add(actor=staff, process=process, serial=serial, choices={1: 1, 9: 1})
    paper = process.paper_ballots.get(serial=serial)
    assert paper.status == PaperStatus.ISSUED and not paper.entries.exists()


def test_a_paper_not_handed_out_is_refused(process, staff):
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        paper_entry_add(actor=staff, process=process, serial="C-1", choices={1: 1})
    assert "was not handed out" in str(caught.value)
    assert not process.paper_ballots.exists()


def sms_voter(process, phone="+996700111222", **fields):
    return voter_make(process, phone=phone, phone_verified_at=timezone.now(), **fields)


def reply_to(sender, text):
    message = sms_receive(sender=sender, text=text)
    return OutboundSms.objects.get(pk=message.reply_id).text


RECEIPT = re.compile(r"\b([2-9A-Z]{5}-[2-9A-Z]{5})\b")


def test_vote_by_sms(process):
    """The reply carries a receipt that checks, never the choices; the inbox keeps "VOTE" alone."""
    voter = sms_voter(process, preferred_language="ru")
    reply = reply_to("+996700111222", "vote 1, 3")
    assert "1, 3" not in reply and "Квитанция" in reply
    receipt = RECEIPT.search(reply).group(1)
    assert receipt_recorded(process=process, receipt=receipt)
    assert InboundSms.objects.get().text == "VOTE"
    assert Participation.objects.get().user == voter
    assert Ballot.objects.get().channel == "sms"


def test_sms_and_web_share_one_ballot(process):
    process.allow_change = True
    process.save()
    sms_voter(process, preferred_language="ru")
    first = RECEIPT.search(reply_to("+996700111222", "VOTE 1")).group(1)
    reply = reply_to("+996700111222", "VOTE 2")
    assert Ballot.objects.count() == 1
    assert "изменён" in reply and "2" not in reply.split("Квитанция")[0]
    # A change gets a new receipt; the earlier one no longer checks.
    assert not receipt_recorded(process=process, receipt=first)
    assert receipt_recorded(process=process, receipt=RECEIPT.search(reply).group(1))


@pytest.mark.parametrize("text", ["VOTE", "VOTE three", "VOTE 1 1", "VOTE 1:5", "VOTE 1 -2"])
def test_a_malformed_sms_changes_nothing(process, text):
    sms_voter(process)
    reply = reply_to("+996700111222", text)
    assert reply
    assert Ballot.objects.count() == 0 and Participation.objects.count() == 0


def test_sms_from_an_unknown_number(process):
    reply = reply_to("+996700999999", "VOTE 1")
    assert Ballot.objects.count() == 0
    assert len(reply.splitlines()) == 2


def test_sms_outside_voting_and_foreign_projects(process):
    sms_voter(process)
    reply_to("+996700111222", "VOTE 9")
    assert Ballot.objects.count() == 0
    process.phase = Phase.RESULTS
    process.save()
    reply_to("+996700111222", "VOTE 1")
    assert Ballot.objects.count() == 0


def test_sms_cumulative_points(process):
    process.ballot_format = BallotFormat.CUMULATIVE
    process.save()
    sms_voter(process)
    reply_to("+996700111222", "VOTE 1:4 2:6")
    assert sorted(Ballot.objects.get().choices.values_list("points", flat=True)) == [4, 6]
