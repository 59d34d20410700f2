"""The public budget pages in Chromium: the citizen's budget in Kyrgyz and Russian (axe-core), without
JavaScript, the PDF and data-package links, and comparing two years and two municipalities."""

from __future__ import annotations

import pytest

from kenesh.budgets.models import Budget, ExecutionPeriod, VersionKind
from kenesh.budgets.testing import budget_make, version_make
from kenesh.territory.demo import KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Unit
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.budgets.public_fixtures import EXECUTION_2025, PLAN_2024, PLAN_2025

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def budgets_ensure() -> None:
    """The budgets demo (the `site` fixture loads only the platform's demo), else the same shape made here."""
    try:
        from kenesh.budgets.demo import load_demo
    except ImportError:
        pass
    else:
        load_demo()
    if Budget.objects.filter(municipality__coate=KUM_DOBO, year__in=(2024, 2025)).count() == 2:
        return
    kum_dobo = Unit.objects.get(coate=KUM_DOBO, valid_to__isnull=True)
    semiz_bel = Unit.objects.get(coate=SEMIZ_BEL, valid_to__isnull=True)
    budget = budget_make(
        kum_dobo, 2025, PLAN_2025, population=9_800, summary="Бюджеттин негизги максаты: суу."
    )
    version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.YEAR, lines=EXECUTION_2025)
    budget_make(kum_dobo, 2024, PLAN_2024, population=9_700)
    budget_make(semiz_bel, 2025, PLAN_2024, population=7_200)


@pytest.fixture
def citizen_url(site):
    budgets_ensure()
    return lambda language="ky": url_of(site, "budgets:citizen", language, coate=KUM_DOBO, year=2025)


@pytest.mark.parametrize(("language", "education"), [("ky", "Билим берүү"), ("ru", "Образование")])
def test_citizen_budget_reads_in_each_language_and_passes_axe(page, citizen_url, language, education):
    page.goto(citizen_url(language))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert page.locator("svg.budget-chart[role=img]").count() >= 2
    assert page.locator("#table-functions").get_by_text(education).count() >= 1
    axe_check(page)
    # On a phone the page keeps to the screen's width (tables scroll inside their own frame).
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    axe_check(page)


def test_citizen_budget_works_without_javascript(page_without_js, citizen_url):
    page = page_without_js
    page.goto(citizen_url("ky"))
    assert page.locator("svg.budget-chart").count() >= 2
    # The list of every line opens without a script: it is a <details>.
    page.locator("details.budget-lines summary").click()
    rows = page.locator("details.budget-lines tr[id^='line-expenditure-']")
    assert rows.count() > 0
    assert rows.first.is_visible()
    # The year picker is plain links.
    page.get_by_role("link", name="2024", exact=True).first.click()
    assert "/2024/" in page.url


def test_pdf_and_data_package_links(page, citizen_url):
    page.goto(citizen_url("ru"))
    for name in ("Кыргызча (PDF)", "На русском (PDF)"):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(page.url.split("/ru/")[0] + href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    link = page.locator("a[href$='approved.datapackage.json']").first
    response = page.request.get(page.url.split("/ru/")[0] + link.get_attribute("href"))
    assert response.status == 200
    descriptor = response.json()
    assert descriptor["resources"][0]["path"] == "approved.csv"
    csv_href = page.locator("a[href$='approved.csv']").first.get_attribute("href")
    csv_response = page.request.get(page.url.split("/ru/")[0] + csv_href)
    assert csv_response.status == 200
    assert "last-modified" in csv_response.headers


def test_compare_two_years(page, site, citizen_url):
    page.goto(citizen_url("ky"))
    page.locator(f"a[href$='/budgets/{KUM_DOBO}/years/']").first.click()
    for year in page.locator("input[name=year]").all():
        year.uncheck()
    page.locator("#year-2024").check()
    page.locator("#year-2025").check()
    page.locator("form.budget-filters button[type=submit]").click()
    assert "year=2024" in page.url and "year=2025" in page.url
    rows = page.locator("#table-years tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("th").inner_text().strip() == "2024"
    axe_check(page)


def test_compare_two_municipalities(page, site, citizen_url):
    page.goto(url_of(site, "budgets:compare_peers", "ru", coate=KUM_DOBO, year=2025))
    page.locator(f"#with-{SEMIZ_BEL}").check()
    page.locator("form.budget-filters button[type=submit]").click()
    assert f"with={SEMIZ_BEL}" in page.url
    rows = page.locator("#table-peers tbody tr")
    assert rows.count() == 2
    semiz_bel = Unit.objects.get(coate=SEMIZ_BEL, valid_to__isnull=True)
    assert semiz_bel.name_ru in rows.nth(1).inner_text()
    axe_check(page)


def test_national_view_sorts_without_javascript(page_without_js, site, citizen_url):
    page = page_without_js
    page.goto(url_of(site, "budgets:overview", "ky"))
    assert page.locator("#table-overview tbody tr").count() >= 2
    page.locator("#table-overview thead a[href*='sort=own_share']").click()
    assert "sort=own_share" in page.url
    assert page.locator("#table-overview th[aria-sort=ascending]").count() == 1


def test_national_view_filters_and_passes_axe(page, site, citizen_url):
    page.goto(url_of(site, "budgets:overview", "ru"))
    axe_check(page)
    kum_dobo = Unit.objects.select_related("parent__parent").get(coate=KUM_DOBO, valid_to__isnull=True)
    page.locator("#filter-year").select_option("2025")
    page.locator("#filter-oblast").select_option(kum_dobo.parent.parent.coate)
    page.locator("form.budget-filters button[type=submit]").click()
    assert f"oblast={kum_dobo.parent.parent.coate}" in page.url
    assert page.locator("#table-overview tbody tr").count() >= 2
    assert page.locator("#table-overview").get_by_text(kum_dobo.name_ru).count() == 1
