"""The budget models: the shipped classification, version labels, line keys and constraints."""

import importlib
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from kenesh.budgets.models import (
    BudgetLine,
    Classification,
    ClassificationKind,
    ExecutionPeriod,
    RevenueGroup,
    VersionKind,
)
from kenesh.budgets.testing import budget_make, classification_get, version_make
from kenesh.territory.testing import municipality_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    return municipality_make("41704235825000", "Кум-Добо")


def test_the_migration_loads_the_shipped_classification():
    # Run the data migration's loader on an empty table: a transactional test earlier in the session may
    # have flushed what the migration loaded.
    from django.apps import apps

    migration = importlib.import_module("kenesh.budgets.migrations.0002_classification")
    Classification.objects.update(parent=None)
    Classification.objects.all().delete()
    migration.load(apps, None)
    land_tax = Classification.objects.get(kind=ClassificationKind.REVENUE, code="1132")
    assert land_tax.parent.code == "113" and not land_tax.children.exists()
    assert land_tax.revenue_group == RevenueGroup.TAX and land_tax.is_own_revenue
    grant = Classification.objects.get(kind=ClassificationKind.REVENUE, code="1311")
    assert grant.revenue_group == RevenueGroup.EQUALIZATION and not grant.is_own_revenue
    tops = Classification.objects.filter(kind=ClassificationKind.FUNCTION, parent=None)
    assert sorted(tops.values_list("code", flat=True)) == [str(code) for code in range(701, 711)]
    assert Classification.objects.filter(kind=ClassificationKind.ECONOMIC, code="2111").exists()


def test_names_follow_the_active_language():
    education = classification_get(ClassificationKind.FUNCTION, "709")
    with translation.override("ru"):
        assert education.name == "Образование"
    with translation.override("ky"):
        assert education.name == "Билим берүү"
    with translation.override("en"):
        assert education.name == "Education"


def test_version_labels(municipality):
    budget = budget_make(municipality, 2025)
    with translation.override("en"):
        assert version_make(budget, VersionKind.DRAFT).label == "Draft"
        assert version_make(budget, VersionKind.APPROVED).label == "Approved budget"
        assert version_make(budget, VersionKind.AMENDMENT).label == "Amendment 1"
        assert version_make(budget, VersionKind.AMENDMENT).label == "Amendment 2"
        q3 = version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.Q3)
        assert q3.label == "Execution report, 9 months"
        assert not q3.is_plan and q3.is_published


def test_line_key_is_direction_code_and_economic_item(municipality):
    budget = budget_make(municipality, 2025, lines=[("1132", "1000.50"), ("7091", "2111", 500)])
    expenditure, revenue = BudgetLine.objects.filter(version__budget=budget).order_by("direction", "id")
    assert {revenue.key, expenditure.key} == {"revenue:1132:", "expenditure:7091:2111"}
    assert revenue.amount == Decimal("1000.50")


def test_a_revenue_line_appears_once_per_version(municipality):
    budget = budget_make(municipality, 2025, lines=[("1132", 1000)])
    version = budget.versions.get()
    line = version.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(version=version, direction=line.direction, code=line.code, amount=5)


def test_one_budget_per_municipality_and_year(municipality):
    budget_make(municipality, 2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        budget_make(municipality, 2025)
