"""Fixtures of budget-core's tests (tests/budgets/conftest.py offers them): two municipalities, a staff member
of each, an approved budget."""

from __future__ import annotations

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.budgets.models import Budget, VersionKind
from kenesh.budgets.testing import budget_make, classification_ensure
from kenesh.territory.testing import municipality_make

PLAN_LINES = [
    ("1132", 2_000_000),
    ("1131", 800_000),
    ("1311", 15_000_000),
    ("13121", 7_000_000),
    ("7011", "2111", 5_000_000),
    ("7091", "2111", 9_000_000),
    ("7091", "2221", 3_000_000),
    ("7063", "2215", 1_000_000),
]


@pytest.fixture
def classification(db) -> None:
    """The shipped classification, also after a transactional (browser) test has flushed the tables."""
    classification_ensure()


@pytest.fixture
def ours(db, classification):
    return municipality_make("41704235825000", "Кум-Добо")


@pytest.fixture
def theirs(db, classification):
    return municipality_make("41702215810000", "Ак-Суу")


@pytest.fixture
def staff(ours):
    return person_make(role=Role.STAFF, municipality=ours)


@pytest.fixture
def their_staff(theirs):
    return person_make(role=Role.STAFF, municipality=theirs)


@pytest.fixture
def budget(ours) -> Budget:
    """The 2025 budget of our municipality with an approved (published) plan."""
    return budget_make(ours, 2025, lines=PLAN_LINES, kind=VersionKind.APPROVED)
