"""The demo people: every role, idempotent, and logins a newcomer can use (second factor included)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from kenesh.accounts import demo
from kenesh.accounts.models import OFFICE_ROLES, Role, RoleAssignment, User
from kenesh.territory.demo import load_demo as territory_load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    territory_load_demo()
    demo.load_demo()


def test_every_role_has_a_demo_login(loaded):
    assert {entry.role for entry in demo.DEMO_LOGINS} == {
        "citizen",
        "verified citizen",
        "staff",
        "deputy",
        "monitoring member",
        "moderator",
        "portal editor",
        "analyst",
        "administrator",
    }
    held = set(RoleAssignment.objects.active().values_list("role", flat=True))
    assert held == {role.value for role in Role}
    municipality = demo.demo_municipality()
    assert municipality.coate == "41704235825000"
    staff = User.objects.get(email="staff@kenesh.example")
    assert staff.has_perm("accounts.verify_resident", municipality)


def test_loading_twice_changes_nothing(loaded):
    counts = (User.objects.count(), RoleAssignment.objects.count())
    demo.load_demo()
    assert (User.objects.count(), RoleAssignment.objects.count()) == counts


def test_a_newcomer_signs_in_as_staff_with_the_printed_backup_code(loaded):
    client = Client()
    entry = next(entry for entry in demo.DEMO_LOGINS if entry.role == "staff")
    assert demo.DEMO_BACKUP_CODES[0] in entry.note
    response = client.post(reverse("accounts:login"), {"username": entry.login, "password": entry.password})
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    office = reverse("accounts:office")
    client.post(response["Location"], {"token": demo.DEMO_BACKUP_CODES[0], "next": office})
    assert client.get(office).status_code == 200


@pytest.mark.parametrize("role", ["citizen", "verified citizen", "deputy"])
def test_residents_sign_in_with_the_password_alone(loaded, role):
    entry = next(entry for entry in demo.DEMO_LOGINS if entry.role == role)
    response = Client().post(reverse("accounts:login"), {"username": entry.login, "password": entry.password})
    assert response["Location"] == reverse("accounts:profile")


def test_demo_totp_prints_the_current_code_of_a_demo_login_only(loaded):
    admin = next(entry for entry in demo.DEMO_LOGINS if entry.role == "administrator")
    out = StringIO()
    call_command("demo_totp", admin.login, stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": admin.login, "password": admin.password})
    done = client.post(response["Location"], {"token": code, "next": reverse("accounts:office")})
    assert done["Location"] == reverse("accounts:office")
    User.objects.create_user("real@kenesh.test", None, full_name="Real")
    with pytest.raises(CommandError):
        call_command("demo_totp", "real@kenesh.test")


def test_office_demo_users_print_their_secret(loaded):
    for entry in demo.DEMO_LOGINS:
        person = next(person for person in demo.DEMO_PEOPLE if person.login == entry.login)
        if person.role in OFFICE_ROLES:
            assert demo.demo_totp_secret(entry.login) in entry.note
