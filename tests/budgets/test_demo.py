"""The demo budgets: realistic sizes and shares, the versions the spec asks for, rules kept, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Q, Sum

from kenesh.budgets.demo import load_demo
from kenesh.budgets.models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    ExecutionPeriod,
    LineDirection,
    VersionKind,
)
from kenesh.budgets.services import plan_amounts
from kenesh.territory.demo import KUM_DOBO, SEMIZ_BEL
from kenesh.territory.demo import load_demo as territory_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    territory_demo()
    load_demo()


def kinds(budget: Budget) -> list[tuple[str, int, str, bool]]:
    return [(v.kind, v.number, v.period, v.is_published) for v in budget.versions.order_by("date", "id")]


def test_each_year_has_the_versions_of_the_spec(demo):
    budgets = {budget.year: budget for budget in Budget.objects.filter(municipality__coate=SEMIZ_BEL)}
    assert sorted(budgets) == [2023, 2024, 2025, 2026]
    assert kinds(budgets[2023]) == [("approved", 0, "", True), ("execution", 0, "year", True)]
    assert kinds(budgets[2025]) == [
        ("draft", 0, "", True),
        ("approved", 0, "", True),
        ("amendment", 1, "", True),
        ("execution", 0, "q3", True),
        ("execution", 0, "year", True),
    ]
    assert kinds(budgets[2026]) == [
        ("draft", 0, "", True),
        ("approved", 0, "", True),
        ("execution", 0, "q1", True),
        ("execution", 0, "q2", True),
        ("execution", 0, "q3", True),
    ]
    kum_dobo_2026 = Budget.objects.get(municipality__coate=KUM_DOBO, year=2026)
    assert kinds(kum_dobo_2026)[-1] == ("amendment", 1, "", False)


def test_sizes_and_shares_are_realistic(demo):
    for version in BudgetVersion.objects.filter(kind=VersionKind.APPROVED).select_related(
        "budget__municipality"
    ):
        totals = version.lines.aggregate(
            revenue=Sum("amount", filter=Q(direction=LineDirection.REVENUE)),
            transfers=Sum("amount", filter=Q(direction=LineDirection.REVENUE, code__code__startswith="13")),
            expenditure=Sum("amount", filter=Q(direction=LineDirection.EXPENDITURE)),
            education=Sum("amount", filter=Q(code__code__startswith="709")),
        )
        budget = version.budget
        assert 3_000 <= budget.population <= 15_000
        assert Decimal(10_000_000) < totals["revenue"] < Decimal(80_000_000), budget
        assert 0.6 <= totals["transfers"] / totals["revenue"] <= 0.75, budget
        assert abs(totals["expenditure"] / totals["revenue"] - 1) < Decimal("0.05")
        assert totals["education"] / totals["expenditure"] > Decimal("0.3")
        assert budget.summary_ky and budget.summary_ru and budget.summary_en
    kum_dobo = Budget.objects.get(municipality__coate=KUM_DOBO, year=2025)
    revenue = (
        kum_dobo.versions.get(kind=VersionKind.APPROVED)
        .lines.filter(direction="revenue")
        .aggregate(total=Sum("amount"))["total"]
    )
    assert Decimal(25_000_000) < revenue < Decimal(60_000_000)


def test_execution_reports_keep_the_over_plan_rule(demo):
    for report in BudgetVersion.objects.filter(kind=VersionKind.EXECUTION).select_related("budget"):
        plan, planned = plan_amounts(report)
        assert plan is not None
        for line in report.lines.all():
            limit = planned.get((line.code_id, line.economic_id), Decimal(0))
            assert line.over_plan == (line.amount > limit), (report, line)
            if line.over_plan:
                assert line.note
    annual = BudgetLine.objects.filter(version__period=ExecutionPeriod.YEAR, over_plan=True)
    assert annual.exists(), "some revenue is collected above plan in a year"


def test_loading_twice_changes_nothing(demo):
    before = list(BudgetLine.objects.order_by("id").values_list("id", "amount"))
    load_demo()
    assert list(BudgetLine.objects.order_by("id").values_list("id", "amount")) == before


def test_the_demo_is_the_same_every_time(demo):
    first = sorted(BudgetLine.objects.values_list("version__budget__year", "version__kind", "amount"))
    BudgetLine.objects.all().delete()
    BudgetVersion.objects.all().delete()
    Budget.objects.all().delete()
    load_demo()
    assert sorted(BudgetLine.objects.values_list("version__budget__year", "version__kind", "amount")) == first
