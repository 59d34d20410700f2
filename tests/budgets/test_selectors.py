"""The public reads of budgets: figures of the citizen's budget, comparisons, the national view, open data."""

from decimal import Decimal

import pytest
from django.utils import translation

from kenesh.budgets import selectors
from kenesh.budgets.models import BudgetVersion, VersionKind
from kenesh.budgets.testing import budget_make
from tests.budgets.public_fixtures import AK_SUU, FAR_AWAY, KARA_SUU, TOKTOGUL, country_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    return country_make()


def test_citizen_budget_totals_per_capita_and_own_share(country):
    data = selectors.citizen_budget(coate=AK_SUU, year=2025)
    assert data is not None
    assert data.plan.kind == VersionKind.APPROVED
    assert data.execution.period == "year"
    assert data.revenue.plan == Decimal("10000000")
    assert data.expenditure.plan == Decimal("10000000")
    assert data.expenditure.per_capita == Decimal("1000")
    assert data.own_revenue.plan == Decimal("2500000")
    assert data.own_share == Decimal("0.25")
    assert data.balance == 0


def test_citizen_budget_rolls_lines_up_to_functions_and_sources(country):
    data = selectors.citizen_budget(coate=AK_SUU, year=2025)
    functions = {row.code: row for row in data.functions}
    assert [row.code for row in data.functions] == ["709", "706", "701"]  # the largest first
    assert functions["709"].plan == Decimal("6000000")
    assert functions["709"].share == Decimal("0.6")
    assert functions["709"].executed == Decimal("5400000")
    assert functions["709"].execution_rate == Decimal("0.9")
    sources = {row.code: row.plan for row in data.revenue_sources}
    assert sources == {
        "1311": Decimal("6000000"),
        "1132": Decimal("2000000"),
        "1312": Decimal("1500000"),
        "1412": Decimal("500000"),
    }
    groups = {row.code: row.plan for row in data.revenue_groups}
    assert groups == {
        "tax": Decimal("2000000"),
        "non_tax": Decimal("500000"),
        "equalization": Decimal("6000000"),
        "categorical": Decimal("1500000"),
    }


def test_citizen_budget_change_against_last_year(country):
    data = selectors.citizen_budget(coate=AK_SUU, year=2025)
    assert data.last_year_plan.budget.year == 2024
    assert data.expenditure.change == Decimal("2000000")
    assert data.expenditure.change_rate == Decimal("0.25")
    functions = {row.code: row for row in data.functions}
    assert functions["709"].last_year == Decimal("5000000")
    assert functions["709"].change == Decimal("1000000")
    assert data.years == [2025, 2024]
    assert data.previous_year == 2024


def test_unpublished_versions_are_not_shown(country):
    data = selectors.citizen_budget(coate=AK_SUU, year=2025)
    assert all(version.is_published for version in data.versions)
    assert data.revenue.plan < 99_000_000
    budget_make(country.kara_suu, 2026, [("1132", 5)], published=False)
    assert selectors.citizen_budget(coate=KARA_SUU, year=2026) is None
    assert selectors.citizen_budget(coate=KARA_SUU, year=2030) is None


def test_citizen_budget_lines_have_ids_from_their_keys(country):
    data = selectors.citizen_budget(coate=AK_SUU, year=2025)
    anchors = [item.anchor for item in data.expenditure_items]
    assert "line-expenditure-7091-2111" in anchors
    assert data.revenue_items[0].anchor.startswith("line-revenue-")
    assert selectors.line_links(data.plan) == {}


def test_citizen_budget_names_follow_the_language(country):
    with translation.override("ru"):
        data = selectors.citizen_budget(coate=AK_SUU, year=2025)
        assert {row.label for row in data.functions} >= {"Образование"}
    with translation.override("ky"):
        data = selectors.citizen_budget(coate=AK_SUU, year=2025)
        assert {row.label for row in data.functions} >= {"Билим берүү"}


def test_citizen_budget_costs_a_fixed_number_of_queries(country, django_assert_max_num_queries):
    from kenesh.ops.line_links import line_links_providers

    # Each app that links to lines (kenesh.ops.line_links) adds one query, whatever the number of lines.
    limit = 6 + len(line_links_providers())
    with django_assert_max_num_queries(limit):
        selectors.citizen_budget(coate=AK_SUU, year=2025)
    # Ten times the lines cost no more queries.
    budget = country.budget_2025
    plan = budget.versions.get(kind=VersionKind.APPROVED)
    from kenesh.budgets.testing import lines_add

    lines_add(
        plan, [(code, "2222", 1000) for code in ("7013", "7032", "7042", "7045", "7051", "7064", "7082")]
    )
    with django_assert_max_num_queries(limit):
        selectors.citizen_budget(coate=AK_SUU, year=2025)


def test_version_slugs_round_trip(country):
    for version in BudgetVersion.objects.all():
        lookup = selectors.version_lookup(selectors.version_slug(version))
        assert lookup == {"kind": version.kind, "number": version.number, "period": version.period}
    assert selectors.version_lookup("execution-q5") is None
    assert selectors.version_lookup("amendment-x") is None


def test_compare_years(country, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        comparison = selectors.compare_years(coate=AK_SUU)
    assert [item.year for item in comparison.figures] == [2024, 2025]
    assert comparison.figures[1].execution_rate == Decimal("8900000") / Decimal("10000000")
    assert comparison.figures[0].functions["709"] == Decimal("5000000")
    only = selectors.compare_years(coate=AK_SUU, years=[2024])
    assert [item.year for item in only.figures] == [2024]


def test_compare_peers_same_rayon_and_similar_population(country, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        comparison = selectors.compare_peers(coate=AK_SUU, year=2025)
    coates = [item.municipality.coate for item in comparison.figures]
    assert coates[0] == AK_SUU
    # Same rayon: Кара-Суу and Токтогул; similar population (11 000 within ±30% of 10 000): Алыскы.
    assert set(coates[1:]) == {KARA_SUU, TOKTOGUL, FAR_AWAY}
    chosen = selectors.compare_peers(coate=AK_SUU, year=2025, peers=[FAR_AWAY])
    assert [item.municipality.coate for item in chosen.figures] == [AK_SUU, FAR_AWAY]
    assert chosen.figures[1].expenditure_per_capita == Decimal("1000")


def test_overview_filters_sorts_and_counts_queries(country, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        everyone = selectors.overview(year=2025)
    assert everyone.count == 4
    by_own = selectors.overview(year=2025, sort="own_share", descending=True)
    assert by_own.figures[0].municipality.coate == TOKTOGUL  # 45% own revenue
    rayon = selectors.overview(year=2025, rayon=country.rayon.coate, sort="fn-709", descending=True)
    # Education per person: Кара-Суу 4 000 000 / 4 000, Ак-Суу 6 000 000 / 10 000, Токтогул nothing.
    assert [item.municipality.coate for item in rayon.figures] == [KARA_SUU, AK_SUU, TOKTOGUL]
    assert [item.function_per_capita("709") for item in rayon.figures] == [1000, 600, 0]
    oblast = selectors.overview(year=2025, oblast=FAR_AWAY[:5] + "000000000")
    assert [item.municipality.coate for item in oblast.figures] == [FAR_AWAY]
    assert selectors.overview(year=2025, sort="nonsense").sort == "name"


def test_version_lines_with_hierarchy(country, django_assert_max_num_queries):
    version = selectors.published_version(coate=AK_SUU, year=2025, slug="approved")
    with django_assert_max_num_queries(2):
        lines = selectors.version_lines(version)
    assert len(lines) == 8
    education = next(item for item in lines if item.line.key == "expenditure:7091:2111")
    assert [code.code for code in education.code_path] == ["709", "7091"]
    assert [code.code for code in education.economic_path] == ["2", "21", "2111"]
    assert selectors.published_version(coate=AK_SUU, year=2025, slug="amendment-1") is None
