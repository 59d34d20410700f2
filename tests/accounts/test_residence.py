"""Residence is per municipality: only staff of that municipality verify it, from a document; a move ends it.

The probe that found it: a verified citizen moved their profile to another municipality and voted there on
the web and by SMS. A phone code proves a phone, not a residence.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kenesh.accounts import services
from kenesh.accounts.models import ResidenceEvidence, Role, User
from kenesh.accounts.pins import pin_fingerprint
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.messaging.models import OutboundSms
from kenesh.messaging.services import sms_receive
from kenesh.pb.models import Ballot, Phase
from kenesh.pb.testing import process_make, proposal_make
from kenesh.territory.models import Level, Settlement

pytestmark = pytest.mark.django_db

PIN = "21204199100123"


def _village(municipality, coate):
    return Settlement.objects.create(coate=coate, level=Level.SETTLEMENT, name_ru=coate, parent=municipality)


@pytest.fixture
def there(other_municipality):
    """An open vote in another municipality, and one of its villages."""
    process = process_make(municipality=other_municipality, phase=Phase.VOTING, max_choices=2)
    proposal_make(process)
    proposal_make(process)
    return process, _village(other_municipality, "41703220820010")


def _verified_citizen(municipality, village):
    """A resident whose phone answered a code and whose residence staff verified."""
    return person_make(
        resident_of=municipality,
        village=village,
        verified=True,
        phone="+996700555001",
        phone_verified_at=timezone.now(),
    )


def test_a_citizen_who_moves_the_profile_cannot_vote_there_on_the_web_or_by_sms(
    client, municipality, village, there
):
    process, their_village = there
    citizen = _verified_citizen(municipality, village)
    client.force_login(citizen)
    moved = client.post(
        reverse("accounts:profile"),
        {
            "full_name": citizen.full_name,
            "preferred_language": "en",
            "municipality": process.municipality.pk,
            "village": their_village.pk,
        },
    )
    assert moved.status_code == 302
    citizen.refresh_from_db()
    assert citizen.municipality == process.municipality and not citizen.residence_verified

    with translation.override("en"):
        ballot_url = reverse("pb:ballot", kwargs={"process_id": process.pk})
    web = client.post(ballot_url, {"choice": ["1"], "action": "cast", "declare": "1"})
    assert web.status_code in (200, 400)
    sms = sms_receive(sender=citizen.phone, text="VOTE 1")
    reply = OutboundSms.objects.get(pk=sms.reply_id).text
    assert not Ballot.objects.filter(process=process).exists()
    assert "Confirm your residence" in web.content.decode()
    assert "not recorded" in reply


def test_a_phone_code_alone_gives_no_vote(municipality):
    process = process_make(municipality=municipality, phase=Phase.VOTING)
    proposal_make(process)
    person_make(resident_of=municipality, phone="+996700555002", phone_verified_at=timezone.now())
    sms_receive(sender="+996700555002", text="VOTE 1")
    assert not Ballot.objects.exists()


def test_a_move_ends_the_verification_and_is_audited(municipality, village, other_municipality):
    citizen = _verified_citizen(municipality, village)
    services.user_profile_update(user=citizen, consent=False, municipality=other_municipality, village=None)
    citizen = User.objects.get(pk=citizen.pk)
    assert citizen.resident_verified_at is None and citizen.resident_verified_for is None
    assert not citizen.has_perm("accounts.act_as_verified_resident", other_municipality)
    ended = AuditEntry.objects.get(action="accounts.residence_ended")
    assert ended.municipality_coate == municipality.coate
    # Moving back does not bring the verification back: staff verify again.
    services.user_profile_update(user=citizen, consent=False, municipality=municipality, village=village)
    assert not User.objects.get(pk=citizen.pk).residence_verified


def test_a_move_to_another_village_ends_it_too(municipality, village):
    citizen = _verified_citizen(municipality, village)
    elsewhere = _village(municipality, "41702215810020")
    services.user_profile_update(user=citizen, consent=False, village=elsewhere)
    assert not User.objects.get(pk=citizen.pk).residence_verified


def test_editing_other_fields_keeps_the_residence(municipality, village):
    citizen = _verified_citizen(municipality, village)
    services.user_profile_update(user=citizen, consent=False, full_name="New Name", municipality=municipality)
    assert User.objects.get(pk=citizen.pk).residence_verified


def test_a_stale_profile_save_does_not_undo_a_verification(municipality, village):
    citizen = person_make(resident_of=municipality, village=village)
    stale = User.objects.get(pk=citizen.pk)
    staff = person_make(role=Role.STAFF, municipality=municipality)
    services.resident_verify(actor=staff, resident=citizen, pin=PIN, evidence=ResidenceEvidence.ID_CARD)
    services.user_profile_update(user=stale, consent=False, full_name="Renamed")
    assert User.objects.get(pk=citizen.pk).residence_verified


def test_one_pin_verifies_one_account(municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    first = person_make(resident_of=municipality)
    second = person_make(resident_of=municipality)
    services.resident_verify(actor=staff, resident=first, pin="2120 4199 100-123", evidence="id_card")
    assert User.objects.get(pk=first.pk).pin_hash == pin_fingerprint(PIN)
    assert PIN not in str(User.objects.filter(pk=first.pk).values().get())
    with pytest.raises(ValidationError) as caught:
        services.resident_verify(actor=staff, resident=second, pin=PIN, evidence="id_card")
    assert caught.value.error_dict["pin"][0].code == "pin_taken"
    assert not User.objects.get(pk=second.pk).residence_verified


def test_verification_needs_a_document_and_a_pin(municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    resident = person_make(resident_of=municipality)
    for pin, evidence in (("123", "id_card"), (PIN, "phone"), (PIN, "")):
        with pytest.raises(ValidationError):
            services.resident_verify(actor=staff, resident=resident, pin=pin, evidence=evidence)
    assert not User.objects.get(pk=resident.pk).residence_verified


def test_staff_verify_on_a_page_that_keeps_the_input_and_end_a_residence(client, municipality, village):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    resident = person_make(resident_of=municipality, village=village, full_name="Айгүл Асанова")
    office_login(client, staff)
    url = reverse("accounts:office_resident_verify", args=[municipality.pk, resident.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Айгүл Асанова" in page.content.decode()
    refused = client.post(url, {"pin": "12345", "evidence": "id_card"})
    assert refused.status_code == 400 and refused.context["form"]["pin"].value() == "12345"
    assert client.post(url, {"pin": PIN, "evidence": "household_register"}).status_code == 302
    resident.refresh_from_db()
    assert resident.residence_verified and resident.resident_evidence == "household_register"
    assert client.post(url, {"action": "end"}).status_code == 302
    resident.refresh_from_db()
    assert not resident.residence_verified and resident.pin_hash == pin_fingerprint(PIN)
    assert AuditEntry.objects.filter(action="accounts.residence_ended", actor=staff).exists()
