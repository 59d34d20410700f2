"""Password reset: a code by SMS for phone accounts, a link by email for email accounts.

Keyed hashes only, expiring, single use, rate-limited, audited, and the same answer for unknown accounts.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kenesh.accounts.models import PasswordReset, User
from kenesh.audit.models import AuditEntry
from kenesh.messaging.models import OutboundSms

pytestmark = pytest.mark.django_db

PHONE = "+996700000901"
NEW_PASSWORD = "жаңы-сырсөз-2026"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def phone_person() -> User:
    return User.objects.create_user(PHONE, "old-password-123", full_name="Айбек Тестов")


@pytest.fixture
def email_person() -> User:
    return User.objects.create_user("aizada@kenesh.test", "old-password-123", full_name="Айзада Тестова")


def _url(name: str, language: str = "ky", **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _forgot(client: Client, login: str, language: str = "ky"):
    return client.post(_url("accounts:password_forgot", language), {"login": login})


def _sms_code() -> str:
    text = OutboundSms.objects.order_by("-pk").values_list("text", flat=True).first()
    assert text is not None, "no SMS was sent"
    match = re.search(r"\b(\d{6})\b", text)
    assert match is not None
    return match.group(1)


def test_a_phone_account_gets_a_code_and_sets_a_new_password(client, phone_person):
    response = _forgot(client, "0700 000 901")
    assert response.status_code == 302 and _url("accounts:password_reset") in response["Location"]
    code = _sms_code()
    stored = PasswordReset.objects.get(user=phone_person)
    assert code not in stored.secret_hash and len(stored.secret_hash) == 64  # a keyed hash, not the code
    response = client.post(
        _url("accounts:password_reset"),
        {"login": PHONE, "code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == _url("accounts:login")
    phone_person.refresh_from_db()
    assert phone_person.check_password(NEW_PASSWORD)
    done = AuditEntry.objects.filter(action="accounts.password_reset", target_id=str(phone_person.pk))
    assert done.exists()
    assert AuditEntry.objects.filter(action="accounts.password_reset_requested").exists()
    # Single use: the same code again is refused, and the password stays the new one.
    response = client.post(
        _url("accounts:password_reset"),
        {"login": PHONE, "code": code, "password1": "other-pass-9876", "password2": "other-pass-9876"},
    )
    assert response.status_code == 200
    phone_person.refresh_from_db()
    assert phone_person.check_password(NEW_PASSWORD)


def test_an_unknown_account_gets_the_same_answer_and_nothing_is_sent(client, phone_person):
    known = _forgot(client, PHONE)
    unknown = _forgot(client, "+996700000999")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"].split("?")[0] == unknown["Location"].split("?")[0]
    assert OutboundSms.objects.count() == 1
    email_known = _forgot(client, "nobody@kenesh.test")
    assert email_known.status_code == 200 and not mail.outbox


def test_a_wrong_or_expired_code_is_refused_in_the_persons_language(client, phone_person):
    _forgot(client, PHONE)
    code = _sms_code()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(
        _url("accounts:password_reset", "ru"),
        {"login": PHONE, "code": wrong, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Код неверен или истёк" in response.content.decode()
    PasswordReset.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(
        _url("accounts:password_reset"),
        {"login": PHONE, "code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Код туура эмес же мөөнөтү бүткөн" in response.content.decode()
    phone_person.refresh_from_db()
    assert not phone_person.check_password(NEW_PASSWORD)


def test_five_wrong_codes_use_the_code_up(client, phone_person):
    _forgot(client, PHONE)
    code = _sms_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(
            _url("accounts:password_reset"),
            {"login": PHONE, "code": wrong, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    client.post(
        _url("accounts:password_reset"),
        {"login": PHONE, "code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    phone_person.refresh_from_db()
    assert not phone_person.check_password(NEW_PASSWORD)


def test_an_email_account_gets_a_link_that_works_once(client, email_person):
    response = _forgot(client, "Aizada@kenesh.test")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body)
    assert link is not None
    path = link.group(0).split("testserver", 1)[1]
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not PasswordReset.objects.filter(secret_hash__contains=token).exists()
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    email_person.refresh_from_db()
    assert email_person.check_password(NEW_PASSWORD)
    assert client.get(path).status_code == 404  # used up
    assert client.get(reverse("accounts:password_reset_link", kwargs={"token": "x" * 43})).status_code == 404


def test_requests_for_one_account_are_limited_without_telling(client, settings, phone_person):
    settings.KENESH_RATES = {**settings.KENESH_RATES, "reset-account": "2/h"}
    for _ in range(4):
        response = _forgot(client, PHONE)
        assert response.status_code == 302
    assert OutboundSms.objects.count() == 2


def test_requests_from_one_address_are_limited(client, settings, phone_person):
    settings.KENESH_RATES = {**settings.KENESH_RATES, "reset-address": "2/h"}
    for _ in range(2):
        assert _forgot(client, "+996700000998").status_code == 302
    response = _forgot(client, PHONE)
    assert response.status_code == 429
    assert not OutboundSms.objects.exists()


def test_the_login_page_links_to_the_reset(client):
    response = client.get(_url("accounts:login"))
    assert _url("accounts:password_forgot") in response.content.decode()
