"""The budget office pages cost a fixed number of queries, whatever the number of lines and versions."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kenesh.accounts.testing import office_login
from kenesh.budgets.models import Classification, ExecutionPeriod, VersionKind
from kenesh.budgets.testing import budget_make, version_make

pytestmark = pytest.mark.django_db

# Session, user, second factor, roles: what every office page costs before its own reads.
PAGE_LIMITS = {
    "office_municipality": 9,
    "office_budget": 11,
    "office_version": 10,
    "office_compare": 14,
}


def expenditure_lines(count: int) -> list[tuple[str, str, int]]:
    functions = Classification.objects.filter(kind="function", children__isnull=True).values_list(
        "code", flat=True
    )
    economic = Classification.objects.filter(kind="economic", children__isnull=True).values_list(
        "code", flat=True
    )
    pairs = itertools.islice(itertools.product(list(functions), list(economic)), count)
    return [(function, item, 1000 + index) for index, (function, item) in enumerate(pairs)]


def make(municipality, year: int, lines: int, reports: int):
    plan = [("1132", 5_000_000), *expenditure_lines(lines)]
    budget = budget_make(municipality, year, lines=plan)
    periods = [ExecutionPeriod.Q1, ExecutionPeriod.Q2, ExecutionPeriod.Q3, ExecutionPeriod.YEAR][:reports]
    report = None
    for period in periods:
        report = version_make(budget, VersionKind.EXECUTION, period=period, lines=plan)
    return budget, report


def urls(budget, report) -> dict[str, str]:
    coate, year = budget.municipality.coate, budget.year
    approved = budget.versions.get(kind=VersionKind.APPROVED)
    return {
        "office_municipality": reverse("budgets:office_municipality", kwargs={"coate": coate}),
        "office_budget": reverse("budgets:office_budget", kwargs={"coate": coate, "year": year}),
        "office_version": reverse("budgets:office_version", kwargs={"pk": report.pk}),
        "office_compare": reverse("budgets:office_compare", kwargs={"coate": coate, "year": year})
        + f"?a={approved.pk}&b={report.pk}&all=1",
    }


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_lines_or_versions(client, ours, staff):
    small = urls(*make(ours, 2024, lines=3, reports=1))
    large = urls(*make(ours, 2025, lines=80, reports=4))
    office_login(client, staff)
    for page, limit in PAGE_LIMITS.items():
        few, many = count(client, small[page]), count(client, large[page])
        assert few == many, f"{page}: {few} queries with few lines, {many} with many"
        assert many <= limit, f"{page}: {many} queries"
