"""The person, roles and their database rules."""

import pytest
from django.db import IntegrityError, transaction

from kenesh.accounts.models import Role, RoleAssignment, User


@pytest.mark.django_db
def test_people_are_created_from_a_phone_or_an_email_normalised():
    by_phone = User.objects.create_user("0700 123 456", "pw-aaaa-bbbb", full_name="Айгүл")
    by_email = User.objects.create_user("Bakyt@Example.KG", "pw-aaaa-bbbb", full_name="Бакыт")
    assert (by_phone.phone, by_phone.email) == ("+996700123456", None)
    assert (by_email.phone, by_email.email) == (None, "bakyt@example.kg")
    assert by_phone.get_username() == "+996700123456"
    assert by_email.get_username() == "bakyt@example.kg"
    assert User.objects.get_by_natural_key("0700123456") == by_phone
    assert User.objects.get_by_natural_key("BAKYT@example.kg") == by_email
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("not a phone")


@pytest.mark.django_db
def test_a_person_needs_a_phone_or_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user(full_name="Nobody")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(full_name="Nobody")


@pytest.mark.django_db
def test_the_superuser_command_path_works_with_a_phone():
    root = User.objects.create_superuser(phone="0555 123 456", password="pw-aaaa-bbbb", full_name="Root")
    assert root.is_superuser and root.is_staff and root.phone == "+996555123456"
    assert root.check_password("pw-aaaa-bbbb")


@pytest.mark.django_db
def test_a_residence_is_verified_only_by_staff_and_only_for_the_municipality_verified(
    municipality, other_municipality
):
    other = other_municipality
    person = User.objects.create_user("+996700123456", None, full_name="A", municipality=municipality)
    person.phone_verified_at = "2026-01-01T00:00:00Z"
    assert not person.residence_verified  # a phone code proves a phone, not a residence
    person.resident_verified_at = "2026-01-02T00:00:00Z"
    person.resident_verified_for = other
    assert not person.residence_verified  # verified somewhere else
    person.resident_verified_for = municipality
    assert person.residence_verified


@pytest.mark.django_db
def test_a_role_is_held_once_per_place_but_may_be_held_again_after_revocation(municipality):
    person = User.objects.create_user("a@kenesh.test", None, full_name="A")
    RoleAssignment.objects.create(user=person, role=Role.STAFF, municipality=municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=person, role=Role.STAFF, municipality=municipality)
    RoleAssignment.objects.update(revoked_at="2026-01-01T00:00:00Z")
    RoleAssignment.objects.create(user=person, role=Role.STAFF, municipality=municipality)
    RoleAssignment.objects.create(user=person, role=Role.ANALYST)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=person, role=Role.ANALYST)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "scoped"), [(Role.STAFF, False), (Role.DEPUTY, False), (Role.ADMIN, True)])
def test_roles_respect_their_scope_in_the_database(municipality, role, scoped):
    person = User.objects.create_user("a@kenesh.test", None, full_name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=person, role=role, municipality=municipality if scoped else None)
