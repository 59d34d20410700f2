"""Sign-up, profile, roles, residence verification and phone codes: the writes and their audit trail."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kenesh.accounts import services
from kenesh.accounts.models import PhoneVerification, Role, RoleAssignment, User
from kenesh.accounts.testing import person_make
from kenesh.audit.models import AuditEntry
from kenesh.messaging.models import OutboundSms

ID_CARD = {"pin": "21204199100123", "evidence": "id_card"}

pytestmark = pytest.mark.django_db


def test_user_register_refuses_a_second_account_with_the_same_login(municipality):
    services.user_register(
        login="0700 123 456",
        password="pw",
        full_name="Айгүл",
        preferred_language="ky",
        municipality=municipality,
    )
    with pytest.raises(ValidationError) as caught:
        services.user_register(login="+996700123456", password="pw", full_name="X", preferred_language="ru")
    assert caught.value.code == "duplicate"


def test_user_register_refuses_a_village_of_another_municipality(village, other_municipality):
    with pytest.raises(ValidationError):
        services.user_register(
            login="a@kenesh.test",
            password="pw",
            full_name="A",
            preferred_language="ky",
            municipality=other_municipality,
            village=village,
        )


def test_role_assign_by_staff_in_their_municipality_is_audited(municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    deputy = person_make()
    assignment = services.role_assign(actor=staff, user=deputy, role=Role.DEPUTY, municipality=municipality)
    assert (assignment.granted_by, assignment.municipality) == (staff, municipality)
    assert deputy.has_perm("territory.view_council_materials", municipality)
    entry = AuditEntry.objects.get(action="accounts.role_assigned")
    assert (entry.actor, entry.target_id, entry.municipality_coate) == (
        staff,
        str(assignment.pk),
        municipality.coate,
    )
    with pytest.raises(ValidationError) as caught:
        services.role_assign(actor=staff, user=deputy, role=Role.DEPUTY, municipality=municipality)
    assert caught.value.code == "already_held"


@pytest.mark.parametrize(
    ("role", "where"),
    [(Role.ADMIN, None), (Role.ANALYST, None), (Role.STAFF, "other"), (Role.MODERATOR, None)],
)
def test_staff_cannot_grant_global_roles_or_roles_elsewhere(municipality, other_municipality, role, where):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    target = person_make()
    with pytest.raises(PermissionDenied):
        services.role_assign(
            actor=staff, user=target, role=role, municipality=other_municipality if where else None
        )
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert not AuditEntry.objects.exists()


def test_scope_mistakes_are_validation_errors(municipality):
    admin = person_make(role=Role.ADMIN)
    target = person_make()
    with pytest.raises(ValidationError):
        services.role_assign(actor=admin, user=target, role=Role.STAFF, municipality=None)
    with pytest.raises(ValidationError):
        services.role_assign(actor=admin, user=target, role=Role.EDITOR, municipality=municipality)


def test_administrators_grant_anything_anywhere(municipality, other_municipality):
    admin = person_make(role=Role.ADMIN)
    target = person_make()
    services.role_assign(actor=admin, user=target, role=Role.STAFF, municipality=other_municipality)
    services.role_assign(actor=admin, user=target, role=Role.ANALYST)
    services.role_assign(actor=admin, user=target, role=Role.MODERATOR)
    assert set(target.role_assignments.values_list("role", flat=True)) == {"staff", "analyst", "moderator"}


def test_role_revoke_keeps_the_record_and_takes_the_permission_away(municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    monitor = person_make(role=Role.MONITOR, municipality=municipality)
    assert monitor.has_perm("monitoring.record_findings", municipality)
    assignment = monitor.role_assignments.get()
    services.role_revoke(actor=staff, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.revoked_by == staff and assignment.revoked_at is not None
    monitor = User.objects.get(pk=monitor.pk)  # roles are read once per user object (per request)
    assert not monitor.has_perm("monitoring.record_findings", municipality)
    assert AuditEntry.objects.filter(action="accounts.role_revoked", target_id=str(assignment.pk)).exists()
    with pytest.raises(ValidationError):
        services.role_revoke(actor=staff, assignment=assignment)


def test_resident_verify_by_staff_of_the_municipality_only(municipality, other_municipality):
    resident = person_make(resident_of=municipality)
    stranger = person_make(role=Role.STAFF, municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        services.resident_verify(actor=stranger, resident=resident, **ID_CARD)
    staff = person_make(role=Role.STAFF, municipality=municipality)
    services.resident_verify(actor=staff, resident=resident, **ID_CARD)
    resident.refresh_from_db()
    assert resident.resident_verified_by == staff
    assert resident.has_perm("accounts.act_as_verified_resident", municipality)
    assert (
        AuditEntry.objects.filter(action="accounts.resident_verified", target_id=str(resident.pk)).count()
        == 1
    )


def test_nobody_verifies_themselves(municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality, resident_of=municipality)
    with pytest.raises(PermissionDenied):
        services.resident_verify(actor=staff, resident=staff, **ID_CARD)


def test_resident_verify_needs_a_municipality():
    admin = person_make(role=Role.ADMIN)
    with pytest.raises(ValidationError):
        services.resident_verify(actor=admin, resident=person_make(), **ID_CARD)


def test_moving_clears_staff_verification(municipality, other_municipality):
    resident = person_make(resident_of=municipality, verified=True)
    services.user_profile_update(
        user=resident, consent=False, full_name="Moved", municipality=other_municipality
    )
    resident.refresh_from_db()
    assert resident.resident_verified_at is None and resident.municipality == other_municipality


def test_demographics_are_kept_only_with_consent_and_erased_when_it_is_withdrawn():
    person = person_make()
    services.user_profile_update(user=person, consent=True, sex="f", age_group="18-29", has_disability=True)
    person.refresh_from_db()
    given = person.demographics_consent_at
    assert given is not None and (person.sex, person.age_group, person.has_disability) == ("f", "18-29", True)
    services.user_profile_update(user=person, consent=True, age_group="30-44")
    person.refresh_from_db()
    assert person.demographics_consent_at == given  # the first consent date stays
    services.user_profile_update(user=person, consent=False, sex="f")
    person.refresh_from_db()
    assert (person.sex, person.age_group, person.has_disability, person.demographics_consent_at) == (
        "",
        "",
        False,
        None,
    )


# --- Phone codes


def _sent_code(user: User) -> str:
    message = OutboundSms.objects.filter(to=user.phone).latest("created_at")
    return re.search(r"\b(\d{6})\b", message.text).group(1)


@pytest.fixture
def phone_person():
    return User.objects.create_user("0700 123 456", None, full_name="Айгүл", preferred_language="ru")


def test_a_phone_code_is_sent_by_sms_in_the_persons_language_and_stored_hashed(phone_person):
    verification = services.phone_verification_send(user=phone_person)
    code = _sent_code(phone_person)
    assert "Kenesh" in OutboundSms.objects.get().text
    assert code not in verification.code_hash and len(verification.code_hash) == 64
    services.phone_verification_confirm(user=phone_person, code=code)
    phone_person.refresh_from_db()
    assert phone_person.phone_verified_at is not None
    assert AuditEntry.objects.filter(action="accounts.phone_verified").exists()


def test_a_wrong_code_counts_an_attempt_and_five_wrong_codes_end_the_code(phone_person):
    services.phone_verification_send(user=phone_person)
    code = _sent_code(phone_person)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(1, 6):
        with pytest.raises(ValidationError) as caught:
            services.phone_verification_confirm(user=phone_person, code=wrong)
        assert caught.value.code == "wrong_code"
        assert PhoneVerification.objects.get().attempts == attempt
    with pytest.raises(ValidationError) as caught:
        services.phone_verification_confirm(user=phone_person, code=code)
    assert caught.value.code == "too_many_attempts"
    phone_person.refresh_from_db()
    assert phone_person.phone_verified_at is None


def test_an_expired_code_does_not_work(phone_person):
    verification = services.phone_verification_send(user=phone_person)
    code = _sent_code(phone_person)
    verification.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    verification.save()
    with pytest.raises(ValidationError) as caught:
        services.phone_verification_confirm(user=phone_person, code=code)
    assert caught.value.code == "expired"


def test_codes_are_rate_limited_and_a_new_code_ends_the_old_one(phone_person):
    services.phone_verification_send(user=phone_person)
    first = _sent_code(phone_person)
    with pytest.raises(ValidationError) as caught:
        services.phone_verification_send(user=phone_person)
    assert caught.value.code == "too_soon"
    PhoneVerification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    services.phone_verification_send(user=phone_person)
    second = _sent_code(phone_person)
    if first != second:
        with pytest.raises(ValidationError):
            services.phone_verification_confirm(user=phone_person, code=first)
    services.phone_verification_confirm(user=phone_person, code=second)
    phone_person.refresh_from_db()
    assert phone_person.phone_verified_at is not None


def test_at_most_five_codes_a_day(phone_person):
    for _ in range(services.PHONE_CODES_PER_DAY):
        services.phone_verification_send(user=phone_person)
        PhoneVerification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    with pytest.raises(ValidationError) as caught:
        services.phone_verification_send(user=phone_person)
    assert caught.value.code == "too_many_codes"


def test_no_code_for_an_email_only_person():
    with pytest.raises(ValidationError) as caught:
        services.phone_verification_send(user=person_make())
    assert caught.value.code == "no_phone"
