"""Signing up and in (phone or email), the lock-out, two-step sign-in for office users, profile and codes."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.accounts.testing import office_login, person_make
from kenesh.messaging.models import OutboundSms

pytestmark = pytest.mark.django_db
PASSWORD = "Tokmok-2026-kenesh"


def _login(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


@pytest.fixture
def resident(municipality):
    return User.objects.create_user(
        "0700 123 456", PASSWORD, full_name="Айгүл Асанова", municipality=municipality
    )


def test_login_by_phone_in_any_notation(client, resident):
    response = _login(client, "0700 123-456")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).context["user"] == resident


def test_login_by_email_in_any_case(client):
    person = User.objects.create_user("aigul@kenesh.test", PASSWORD, full_name="Айгүл")
    assert _login(client, "AIGUL@Kenesh.test").status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


def test_a_wrong_password_shows_the_form_again_with_an_error(client, resident):
    response = _login(client, "0700123456", "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert response.context["form"]["username"].value() == "0700123456"


def test_the_login_is_locked_after_five_failures_whatever_the_spelling(client, resident):
    for spelling in ["0700123456", "+996700123456", "0700 123 456", "996700123456"]:
        assert _login(client, spelling, "wrong").status_code == 200
    assert _login(client, "0700-123-456", "wrong").status_code == 429  # the fifth failure locks
    locked = _login(client, "0700123456")  # even the right password is refused now
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("language", "title"),
    [("ky", "Өтө көп аракет"), ("ru", "Слишком много попыток"), ("en", "Too many attempts")],
)
def test_the_lockout_page_speaks_the_language_of_the_page(language, title, resident):
    client = Client()
    url = f"/{language}/login/"
    for _ in range(5):
        response = client.post(url, {"username": "0700123456", "password": "wrong"})
    assert response.status_code == 429
    assert title in response.content.decode()


# --- Two-step sign-in


def _let_throttle_pass(devices) -> None:
    devices.update(throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=10))


def test_staff_without_a_device_are_sent_to_set_one_up_and_then_reach_the_office(client, municipality):
    staff = User.objects.create_user("staff@kenesh.test", PASSWORD, full_name="Staff")
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, municipality=municipality)
    office = reverse("accounts:office")
    response = _login(client, "staff@kenesh.test", next=office)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    # Before the code, every office page sends them back to the second step.
    assert client.get(office)["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert page.context["secret"] in page.content.decode()
    wrong = client.post(response["Location"], {"token": "123", "next": office})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    _let_throttle_pass(TOTPDevice.objects.filter(user=staff))
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    done = client.post(response["Location"], {"token": f"{token:06d}", "next": office})
    assert done.status_code == 302 and done["Location"] == office
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(office).status_code == 200


def test_staff_with_a_device_must_enter_a_code_each_session(client, municipality):
    admin = User.objects.create_user("admin@kenesh.test", PASSWORD, full_name="Admin")
    RoleAssignment.objects.create(user=admin, role=Role.ADMIN)
    static = StaticDevice.objects.create(user=admin, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="10000001")
    office = reverse("accounts:office")
    response = _login(client, "admin@kenesh.test", next=office)
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get(office)["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.post(response["Location"], {"token": "99999999"}).status_code == 200
    # After a wrong code django-otp makes people wait (1 s, 2 s, 4 s...): even the right code fails now.
    assert client.post(response["Location"], {"token": "10000001", "next": office}).status_code == 200
    _let_throttle_pass(StaticDevice.objects.filter(user=admin))
    done = client.post(response["Location"], {"token": "1000 0001", "next": office})
    assert done["Location"] == office
    assert client.get(office).status_code == 200
    assert not StaticToken.objects.exists()  # a backup code works once


def test_residents_do_not_need_a_second_step(client, resident):
    assert _login(client, "0700123456")["Location"] == reverse("accounts:profile")


def test_the_next_address_must_stay_on_this_site(client, municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    client.force_login(staff)
    response = client.get(reverse("accounts:otp_setup"), {"next": "https://evil.example/"})
    assert response.context["next"] == reverse("web:office")


# --- Sign-up, profile, phone codes


def test_sign_up_with_a_phone_signs_in_and_offers_the_sms_code(client, municipality):
    response = client.post(
        reverse("accounts:signup"),
        {
            "login": "0555 12 34 56",
            "full_name": "Бакыт Токтогулов",
            "preferred_language": "ky",
            "municipality": municipality.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:phone_verify")
    person = User.objects.get(phone="+996555123456")
    assert person.municipality == municipality and person.password.startswith("argon2")
    client.post(reverse("accounts:phone_verify"), {"action": "send"})
    code = re.search(r"\b(\d{6})\b", OutboundSms.objects.get(to="+996555123456").text).group(1)
    done = client.post(reverse("accounts:phone_verify"), {"action": "confirm", "code": code})
    assert done["Location"] == reverse("accounts:profile")
    person.refresh_from_db()
    assert person.phone_verified_at is not None


def test_a_wrong_sms_code_is_shown_as_an_error(client, resident):
    client.force_login(resident)
    client.post(reverse("accounts:phone_verify"), {"action": "send"})
    response = client.post(reverse("accounts:phone_verify"), {"action": "confirm", "code": "abcdef"})
    assert response.status_code == 200 and response.context["code_form"].errors


def test_profile_shows_roles_and_saves_demographics_with_consent(client, municipality, village):
    person = person_make(resident_of=municipality, role=Role.DEPUTY, municipality=municipality)
    client.force_login(person)
    page = client.get(reverse("accounts:profile"))
    assert "Ак-Суу" in page.content.decode()
    data = {
        "full_name": "Жылдыз",
        "preferred_language": "ru",
        "municipality": municipality.pk,
        "village": village.pk,
        "sex": "f",
        "age_group": "45-59",
    }
    refused = client.post(reverse("accounts:profile"), data)
    assert refused.status_code == 200 and refused.context["form"].errors["consent"]
    assert refused.context["form"]["full_name"].value() == "Жылдыз"  # the input is kept
    saved = client.post(reverse("accounts:profile"), {**data, "consent": "on"})
    assert saved.status_code == 302
    person.refresh_from_db()
    assert (person.sex, person.age_group, person.village, person.preferred_language) == (
        "f",
        "45-59",
        village,
        "ru",
    )
    assert person.demographics_consent_at is not None


def test_logout_is_a_post(client, resident):
    client.force_login(resident)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# --- The people office


def test_staff_see_their_residents_with_contacts_and_verify_one(client, municipality, village):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    resident = User.objects.create_user(
        "0700 111 222", None, full_name="Айгүл Асанова", municipality=municipality, village=village
    )
    office_login(client, staff)
    page = client.get(reverse("accounts:office_residents", args=[municipality.pk]))
    html = page.content.decode()
    assert "Айгүл Асанова" in html and "Теплоключенка" in html and "+996700111222" in html
    verify = reverse("accounts:office_resident_verify", args=[municipality.pk, resident.pk])
    assert client.post(verify, {"pin": "21204199100123", "evidence": "id_card"}).status_code == 302
    resident.refresh_from_db()
    assert resident.resident_verified_by == staff


def test_moderators_see_names_but_not_contacts(client, municipality):
    moderator = person_make(role=Role.MODERATOR, municipality=municipality)
    User.objects.create_user("0700 111 222", None, full_name="Айгүл Асанова", municipality=municipality)
    office_login(client, moderator)
    html = client.get(reverse("accounts:office_residents", args=[municipality.pk])).content.decode()
    assert "Айгүл Асанова" in html and "+996700111222" not in html


def test_the_residents_page_costs_a_fixed_number_of_queries(
    client, municipality, village, django_assert_max_num_queries
):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    for number in range(30):
        User.objects.create_user(
            f"r{number}@kenesh.test",
            None,
            full_name=f"R {number}",
            municipality=municipality,
            village=village,
        )
    office_login(client, staff)
    # Session, person, OTP device, roles, municipality, count, Django's two permission reads, the page.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("accounts:office_residents", args=[municipality.pk])).status_code == 200


def test_staff_grant_and_revoke_roles_in_their_municipality(client, municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    person = User.objects.create_user("0700 333 444", None, full_name="Эрмек")
    office_login(client, staff)
    url = reverse("accounts:office_roles", args=[municipality.pk])
    page = client.get(url)
    offered = {value for value, _label in page.context["form"].fields["role"].choices}
    assert offered == {"staff", "deputy", "monitor", "moderator"}
    unknown = client.post(url, {"login": "0700 999 999", "role": "monitor"})
    assert unknown.status_code == 200 and unknown.context["form"].errors["login"]
    refused = client.post(url, {"login": "0700333444", "role": "admin"})
    assert refused.status_code == 200 and refused.context["form"].errors["role"]
    assert client.post(url, {"login": "0700 333 444", "role": "monitor"}).status_code == 302
    assignment = RoleAssignment.objects.get(user=person, role=Role.MONITOR)
    assert client.post(reverse("accounts:office_role_revoke", args=[assignment.pk])).status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_by == staff


def test_the_django_admin_also_needs_the_second_factor(client):
    root = person_make(is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get("/ky/admin/").status_code == 302  # to the admin's own login with a code field
    office_login(client, root)
    assert client.get("/ky/admin/").status_code == 200


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_every_page_of_a_resident_renders_in_each_language(client, resident, language):
    with translation.override(language):
        assert client.get(reverse("accounts:login")).status_code == 200
        assert client.get(reverse("accounts:signup")).status_code == 200
        client.force_login(resident)
        for name in ("accounts:profile", "accounts:phone_verify", "accounts:otp_setup"):
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            assert f'<html lang="{language}">' in response.content.decode()


def test_the_village_list_follows_the_chosen_municipality(client, municipality, other_municipality, village):
    options = client.get(reverse("accounts:village_options"), {"municipality": municipality.pk})
    assert f'value="{village.pk}"' in options.content.decode()
    other = client.get(reverse("accounts:village_options"), {"municipality": other_municipality.pk})
    assert f'value="{village.pk}"' not in other.content.decode()
    assert client.get(reverse("accounts:village_options"), {"municipality": "x"}).status_code == 200


def test_the_profile_form_asks_htmx_to_refresh_the_villages(client, resident):
    client.force_login(resident)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'hx-get="{reverse("accounts:village_options")}"' in html
