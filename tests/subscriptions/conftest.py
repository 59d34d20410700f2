"""Tests of subscriptions: two municipalities; their staff and a deputy; an administrator, an editor and a
citizen; and a paid LSG body's subscription."""

import datetime

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from tests.territory.fixtures import municipality, other_municipality  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(municipality):  # noqa: F811
    return person_make(role=Role.STAFF, municipality=municipality)


@pytest.fixture
def deputy(municipality):  # noqa: F811
    return person_make(role=Role.DEPUTY, municipality=municipality)


@pytest.fixture
def outsider(other_municipality):  # noqa: F811
    return person_make(role=Role.STAFF, municipality=other_municipality)


@pytest.fixture
def admin(db):
    return person_make(role=Role.ADMIN)


@pytest.fixture
def editor(db):
    return person_make(role=Role.EDITOR)


@pytest.fixture
def citizen(municipality):  # noqa: F811
    return person_make(resident_of=municipality)


@pytest.fixture
def long_ago():
    return datetime.date(2026, 1, 10)


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the msgids); pages in Kyrgyz and Russian are asserted by name."""
    from django.utils import translation

    with translation.override("en"):
        yield
