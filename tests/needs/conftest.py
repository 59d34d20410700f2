"""Fixtures of the needs tests: our municipality with three villages and a campaign, two staff."""

from __future__ import annotations

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.needs.testing import campaign_make, villages_make
from kenesh.territory.testing import municipality_make


@pytest.fixture
def ours(db):
    return municipality_make("41704235825000", "Кум-Добо")


@pytest.fixture
def theirs(db):
    return municipality_make("41702215810000", "Ак-Суу")


@pytest.fixture
def villages(ours):
    return villages_make(ours)


@pytest.fixture
def their_village(theirs):
    return villages_make(theirs, ("Ак-Суу",))[0]


@pytest.fixture
def campaign(ours, villages):
    return campaign_make(ours, 2025)


@pytest.fixture
def staff(ours):
    return person_make(role=Role.STAFF, municipality=ours)


@pytest.fixture
def their_staff(theirs):
    return person_make(role=Role.STAFF, municipality=theirs)


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the source language); tests of ky and ru say so themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
