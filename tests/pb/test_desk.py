"""One person, one ballot, whatever the channel: the desk register, and double votes across channels."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.messaging.models import OutboundSms
from kenesh.messaging.services import sms_receive
from kenesh.ops.limits import limit_of
from kenesh.pb.ballots import BallotRejected, Identity, VoterProfile, ballot_cast, ballot_of
from kenesh.pb.codes import code_find, code_vote
from kenesh.pb.desk import desk_issue, pin_clean, pin_hash
from kenesh.pb.models import (
    Ballot,
    BallotChoice,
    DeskVoter,
    PaperBallot,
    Participation,
    Phase,
    VotingCode,
)
from kenesh.pb.paper import paper_entry_add
from kenesh.pb.testing import process_make, proposal_make, village_make, voter_make
from kenesh.territory.testing import municipality_make
from tests.pb.desk_util import code_for, paper_for

pytestmark = pytest.mark.django_db

PIN = "21204199100123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def web_vote(process, voter, choices):
    return ballot_cast(
        process=process,
        identity=Identity.of_user(voter),
        channel="web",
        choices=choices,
        voter_profile=VoterProfile.of_user(voter, declared_eligible=True),
    )


def snapshot():
    """Everything a refused ballot or a refused hand-out must leave as it was."""
    return (
        sorted(Ballot.objects.values_list("voter_key", "channel")),
        sorted(BallotChoice.objects.values_list("ballot__voter_key", "proposal__number")),
        Participation.objects.count(),
        sorted(VotingCode.objects.values_list("code_hash", "used_at")),
        sorted(PaperBallot.objects.values_list("serial", "status")),
        DeskVoter.objects.count(),
    )


def reason_of(error):
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


def code_of(process, text):
    return code_find(process=process, text=text)


# Cross-channel double votes: each refused, each changes nothing.


@pytest.mark.parametrize("allow_change", [False, True])
def test_web_then_code(process, staff, allow_change):
    process.allow_change = allow_change
    process.save()
    voter = voter_make(process)
    web_vote(process, voter, {1: 1})
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        code_for(process, staff, user=voter)
    assert caught.value.code == "already_voted"
    assert snapshot() == before


@pytest.mark.parametrize("allow_change", [False, True])
def test_a_code_never_replaces_a_ballot_cast_on_the_web(process, staff, allow_change):
    """The web ballot won a race against the hand-out: the code is refused and stays unused."""
    process.allow_change = allow_change
    process.save()
    voter = voter_make(process)
    code = code_of(process, code_for(process, staff, user=voter))
    Ballot.objects.create(process=process, channel="web", voter_key=Identity.of_user(voter).voter_key)
    before = snapshot()
    with pytest.raises(BallotRejected) as caught:
        code_vote(process=process, code_id=code.pk, choices={2: 1})
    assert caught.value.code == "already_voted"
    assert snapshot() == before


@pytest.mark.parametrize("allow_change", [False, True])
def test_code_then_web(process, staff, allow_change):
    process.allow_change = allow_change
    process.save()
    voter = voter_make(process)
    code = code_of(process, code_for(process, staff, user=voter))
    code_vote(process=process, code_id=code.pk, choices={1: 1, 3: 1})
    ballot = Ballot.objects.get()
    assert ballot.channel == "code" and ballot.voter_key == Identity.of_user(voter).voter_key
    assert Participation.objects.get().user == voter
    before = snapshot()
    with pytest.raises(BallotRejected) as caught:
        web_vote(process, voter, {2: 1})
    assert caught.value.code == "given_at_desk"
    assert snapshot() == before


def test_a_code_holder_cannot_vote_on_the_web_before_using_it(process, staff, client):
    voter = voter_make(process)
    code_for(process, staff, user=voter)
    before = snapshot()
    with pytest.raises(BallotRejected) as caught:
        web_vote(process, voter, {2: 1})
    assert caught.value.code == "given_at_desk"
    assert snapshot() == before
    client.force_login(voter)
    with translation.override("ru"):
        page = client.get(reverse("pb:ballot", kwargs={"process_id": process.pk}))
    assert "айыл окмоту" in page.content.decode()


def test_paper_then_sms(process, staff):
    voter = voter_make(process, phone="+996700333444", phone_verified_at=timezone.now())
    second = person_make(role=Role.STAFF, municipality=process.municipality)
    serial = paper_for(process, staff, user=voter)
    paper_entry_add(actor=staff, process=process, serial=serial, choices={1: 1})
    paper_entry_add(actor=second, process=process, serial=serial, choices={1: 1})
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper" and ballot.voter_key == Identity.of_user(voter).voter_key
    # The paper keeps the voter key, never a link to the person.
    assert PaperBallot.objects.get(serial=serial).voter_key == ballot.voter_key
    before = snapshot()
    message = sms_receive(sender="+996700333444", text="VOTE 2")
    reply = OutboundSms.objects.get(pk=message.reply_id).text
    assert reply and "2" not in reply.split(".")[0]
    assert snapshot() == before
    assert ballot_of(process=process, identity=Identity.of_user(voter)).channel == "paper"


def test_code_then_paper_for_the_same_pin(process, staff):
    code = code_of(process, code_for(process, staff, pin=PIN, full_name="Айгүл Токтосунова"))
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        paper_for(process, staff, pin=f"{PIN[:7]} {PIN[7:]}", full_name="Айгул Т.")
    assert caught.value.code == "already_holds"
    assert snapshot() == before
    code_vote(process=process, code_id=code.pk, choices={2: 1})
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        paper_for(process, staff, pin=PIN, full_name="Айгүл Токтосунова")
    assert caught.value.code == "already_voted"
    assert snapshot() == before


def test_a_pin_in_another_process_is_another_register(process, staff):
    other = process_make(process.municipality)
    proposal_make(other, cost=100)
    code_for(process, staff, pin=PIN, full_name="A")
    code_for(other, staff, pin=PIN, full_name="A")
    hashes = set(DeskVoter.objects.values_list("pin_hash", flat=True))
    assert len(hashes) == 2  # the hash is keyed by the process too: registers cannot be joined


# Hand-out refusals.


def test_handing_out_twice_to_an_account_is_refused(process, staff):
    voter = voter_make(process, full_name="Бакыт Осмонов")
    code_for(process, staff, user=voter)
    before = snapshot()
    for credential in ("code", "paper"):
        with pytest.raises(ValidationError) as caught, translation.override("ru"):
            desk_issue(actor=staff, process=process, credential=credential, user=voter)
        assert caught.value.code == "already_holds"
        assert "Бакыт Осмонов" in caught.value.messages[0] and "код" in caught.value.messages[0]
    assert snapshot() == before


def test_handing_out_refusals(process, staff):
    stranger = voter_make(process_make(municipality_make("41702215877000", "Башка")))
    village = village_make(process.municipality)
    cases = [
        ({"user": stranger}, "not_resident"),
        ({"pin": "1234567890123", "full_name": "A"}, "pin"),
        ({"pin": "1234567890123x", "full_name": "A"}, "pin"),
        ({"pin": PIN, "full_name": "  "}, "name"),
    ]
    for fields, reason in cases:
        with pytest.raises(ValidationError) as caught:
            desk_issue(actor=staff, process=process, credential="code", **fields)
        assert reason_of(caught.value) == reason
    process.village = village
    process.save()
    elsewhere = voter_make(process, village=village_make(process.municipality))
    with pytest.raises(ValidationError) as caught:
        desk_issue(actor=staff, process=process, credential="paper", user=elsewhere)
    assert caught.value.code == "wrong_village"
    process.phase = Phase.RESULTS
    process.save()
    with pytest.raises(ValidationError) as caught, translation.override("ky"):
        desk_issue(actor=staff, process=process, credential="code", pin=PIN, full_name="A")
    assert caught.value.code == "phase" and "Voting" not in caught.value.messages[0]
    assert DeskVoter.objects.count() == 0 and VotingCode.objects.count() == 0


def test_pin_clean_accepts_spaces_and_dashes():
    assert pin_clean(" 2120-4199 100123 ") == PIN
    for bad in ("", "2120419910012", "212041991001234", "2120419910012٣"):
        with pytest.raises(ValidationError):
            pin_clean(bad)


def test_the_pin_is_never_stored_in_clear(process, staff):
    serial = paper_for(process, staff, pin=PIN, full_name="Нурлан Абдыкадыров")
    code_for(process, staff, pin="21204199100999", full_name="Жамиля Садыкова")
    second = person_make(role=Role.STAFF, municipality=process.municipality)
    paper_entry_add(actor=staff, process=process, serial=serial, choices={1: 1})
    paper_entry_add(actor=second, process=process, serial=serial, choices={1: 1})
    assert DeskVoter.objects.filter(pin_hash=pin_hash(process=process, pin=PIN)).exists()
    assert AuditEntry.objects.filter(action="pb.desk.issue").count() == 2
    # Every row of every table, as text: neither PIN appears anywhere.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert PIN not in text and "21204199100999" not in text, table


# Office pages.


def desk_url(process, language="en"):
    with translation.override(language):
        return reverse("pb:office_desk", kwargs={"process_id": process.pk})


def test_the_desk_hands_a_code_to_a_resident_found_by_name(client, process, staff):
    voter = voter_make(process, full_name="Гүлнара Жумабаева", phone="+996555123456")
    office_login(client, staff)
    page = client.get(desk_url(process) + "?q=Гүлнара")
    assert page.status_code == 200 and "Гүлнара Жумабаева" in page.content.decode()
    assert "…3456" in page.content.decode()
    assert "Гүлнара" in client.get(desk_url(process) + "?q=123456").content.decode()
    missing = client.post(desk_url(process), {"account": voter.pk, "credential": "code"})
    assert missing.status_code == 400 and DeskVoter.objects.count() == 0
    response = client.post(desk_url(process), {"account": voter.pk, "credential": "code", "checked": "on"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "no-store"
    holder = DeskVoter.objects.get()
    assert holder.user == voter and holder.code.used_at is None
    again = client.post(desk_url(process), {"account": voter.pk, "credential": "paper", "checked": "on"})
    assert again.status_code == 400 and "already holds" in again.content.decode()
    assert PaperBallot.objects.count() == 0


def test_the_desk_records_a_person_by_pin_and_keeps_what_was_typed(client, process, staff):
    office_login(client, staff)
    data = {"full_name": "Эрмек Сатаров", "pin": "123", "credential": "paper", "checked": "on"}
    bad = client.post(desk_url(process, "ru"), data)
    html = bad.content.decode()
    assert bad.status_code == 400 and "14 цифр" in html and "Эрмек Сатаров" in html
    data["pin"] = PIN
    response = client.post(desk_url(process), data)
    assert response["Content-Type"] == "application/pdf"
    paper = PaperBallot.objects.exclude(voter_key="").get()
    assert paper.status == "issued" and paper.voter_key
    assert DeskVoter.objects.get().full_name == "Эрмек Сатаров"


def test_office_desk_permissions(client, process, staff):
    voter = voter_make(process)
    anonymous = client.get(desk_url(process))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    data = {"pin": PIN, "full_name": "A", "credential": "code", "checked": "on"}
    assert client.post(desk_url(process), data).status_code == 302
    other = person_make(role=Role.STAFF, municipality=municipality_make("41702215899000", "Башка"))
    office_login(client, other)
    assert client.get(desk_url(process)).status_code == 403
    assert client.post(desk_url(process), data).status_code == 403
    data = {"account": voter.pk, "credential": "code", "checked": "on"}
    assert client.post(desk_url(process), data).status_code == 403
    with translation.override("en"):
        participation = reverse("pb:office_participation", kwargs={"process_id": process.pk})
    assert client.get(participation).status_code == 403
    assert DeskVoter.objects.count() == 0 and VotingCode.objects.count() == 0
    assert Client().get(participation).status_code == 302


def test_who_voted_shows_hand_outs_and_votes_page_by_page(
    client, process, staff, django_assert_max_num_queries
):
    people = [voter_make(process, full_name=f"Житель {n:03d}") for n in range(60)]
    web_vote(process, people[0], {1: 1})
    code = code_of(process, code_for(process, staff, user=people[1]))
    code_vote(process=process, code_id=code.pk, choices={2: 1})
    code_for(process, staff, user=people[2])
    code_for(process, staff, pin=PIN, full_name="Без аккаунта")
    office_login(client, staff)
    with translation.override("en"):
        url = reverse("pb:office_participation", kwargs={"process_id": process.pk})
    with django_assert_max_num_queries(16):
        first = client.get(url)
    html = first.content.decode()
    assert "Житель 000" in html and "Житель 049" in html and "Житель 050" not in html
    assert "Без аккаунта" in html and "Page 1 of 2" in html
    rows = {row.name: row for row in first.context["listing"].resident_rows}
    assert rows["Житель 000"].voted_channel == "web" and rows["Житель 000"].issued is None
    assert rows["Житель 001"].voted_channel == "code" and rows["Житель 001"].issued is not None
    assert not rows["Житель 002"].voted and rows["Житель 002"].issued is not None
    # Never how: no project title on the page.
    assert "Проект" not in html and "Долбоор" not in html
    second = client.get(url + "?page=2").content.decode()
    assert "Житель 050" in second and "Житель 000" not in second


# Code entry: a limit per address besides the one per session.


def test_wrong_codes_are_limited_per_address(process, staff):
    good = code_for(process, staff)
    with translation.override("en"):
        url = reverse("pb:code_enter", kwargs={"process_id": process.pk})
    for attempt in range(limit_of("code-address")):
        # A fresh session every time: only the address is the same.
        response = Client(REMOTE_ADDR="10.1.2.3").post(url, {"code": "2222-3333-44"})
        assert response.status_code == 400, attempt
    blocked = Client(REMOTE_ADDR="10.1.2.3").post(url, {"code": good})
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.content.decode()
    elsewhere = Client(REMOTE_ADDR="10.9.9.9").post(url, {"code": good})
    assert elsewhere.status_code == 302


def test_paper_ballots_come_from_a_shuffled_stack(process, staff):
    """The n-th person handed a paper ballot is not the n-th paper ballot by id or by time."""
    serials = [paper_for(process, staff) for _ in range(6)]
    stack = list(PaperBallot.objects.filter(process=process).order_by("pk"))
    assert len(stack) == 20 and len({paper.created_at for paper in stack}) == 1
    handed = [paper.serial for paper in stack if paper.voter_key]
    assert sorted(handed) == sorted(serials)
    # Blank papers cannot be typed in: only a serial handed to a recorded person counts.
    blank = next(paper for paper in stack if not paper.voter_key)
    with pytest.raises(ValidationError):
        paper_entry_add(actor=staff, process=process, serial=blank.serial, choices={1: 1})


@pytest.mark.parametrize("residents", [2, 20])
def test_the_desk_search_costs_fixed_queries(client, process, staff, residents, django_assert_num_queries):
    people = [voter_make(process, full_name=f"Асан {n}") for n in range(residents)]
    code_for(process, staff, user=people[0])
    web_vote(process, people[1], {1: 1})
    office_login(client, staff)
    url = desk_url(process) + "?q=Асан"
    client.get(url)  # warm the session and permission caches
    # The same number whether 2 or 20 residents are found (register and ballots: one query each).
    with django_assert_num_queries(13):
        page = client.get(url)
    assert page.content.decode().count('name="account"') == residents - 2
