"""Fixtures of the hearings tests: two municipalities with a staff member each, our 2026 draft budget."""

from __future__ import annotations

import datetime

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.budgets.models import VersionKind
from kenesh.budgets.testing import budget_make, classification_ensure
from kenesh.territory.testing import municipality_make

LINES = [("1132", 2_000_000), ("7091", "2111", 9_000_000), ("7063", "2215", 1_000_000)]
WATER_KEY = "expenditure:7063:2215"


@pytest.fixture
def ours(db):
    classification_ensure()
    return municipality_make("41704235825000", "Кум-Добо")


@pytest.fixture
def theirs(db):
    classification_ensure()
    return municipality_make("41702215810000", "Ак-Суу")


@pytest.fixture
def staff(ours):
    return person_make(role=Role.STAFF, municipality=ours)


@pytest.fixture
def their_staff(theirs):
    return person_make(role=Role.STAFF, municipality=theirs)


@pytest.fixture
def draft(ours):
    """Our 2026 draft budget, published, with a water line."""
    return budget_make(ours, 2026, lines=LINES, kind=VersionKind.DRAFT).versions.get()


@pytest.fixture
def their_draft(theirs):
    return budget_make(theirs, 2026, lines=LINES, kind=VersionKind.DRAFT).versions.get()


def days_ago(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=days)
