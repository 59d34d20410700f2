"""The public budget pages cost the same number of queries for one municipality and for many, for few
lines and for many: the counts are asserted on a small country and again on one ten times larger."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kenesh.budgets.models import ExecutionPeriod, VersionKind
from kenesh.budgets.testing import budget_make, version_make
from kenesh.territory.models import Level, Unit
from tests.budgets.public_fixtures import AK_SUU, EXECUTION_2025, PLAN_2024, PLAN_2025, country_make

pytestmark = pytest.mark.django_db

EXTRA_LINES = [
    (function, economic, 1000)
    for function in ("7013", "7032", "7042", "7045")
    for economic in ("2212", "2222")
]


def pages():
    with translation.override("ky"):
        return [
            reverse("budgets:overview") + "?year=2025&sort=-fn-709",
            reverse("budgets:citizen", kwargs={"coate": AK_SUU, "year": 2025}),
            reverse("budgets:compare_years", kwargs={"coate": AK_SUU}),
            reverse("budgets:compare_peers", kwargs={"coate": AK_SUU, "year": 2025}),
            f"/budgets/data/{AK_SUU}/2025/approved.csv",
            f"/budgets/data/{AK_SUU}/2025/approved.json",
            f"/api/budgets/{AK_SUU}/2025/approved",
            f"/api/budgets/{AK_SUU}/2025/citizen",
            "/api/budgets/versions",
        ]


def query_counts(client):
    counts = {}
    for url in pages():
        client.get(url)  # the first request of a kind may load catalogues or warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def grow(country):
    """Ten more municipalities in the rayon, each with two years, and more lines for Ак-Суу."""
    for index in range(10):
        unit = Unit.objects.create(
            coate=f"417022158{index + 50:02d}000",
            level=Level.MUNICIPALITY,
            name_ru=f"Айыл {index}",
            name_ky=f"Айыл {index}",
            parent=country.rayon,
            population=5_000 + index * 500,
        )
        budget = budget_make(unit, 2025, PLAN_2025 + EXTRA_LINES)
        version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.YEAR, lines=EXECUTION_2025)
        version_make(budget, VersionKind.AMENDMENT, lines=PLAN_2025)
        budget_make(unit, 2024, PLAN_2024)
    from kenesh.budgets.testing import lines_add

    lines_add(country.budget_2025.versions.get(kind=VersionKind.APPROVED), EXTRA_LINES)


def test_query_counts_do_not_grow_with_the_data(client):
    country = country_make()
    small = query_counts(client)
    grow(country)
    large = query_counts(client)
    assert large == small
    assert max(small.values()) <= 7
