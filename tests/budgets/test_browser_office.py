"""The budget office in a real Chromium: upload a valid file, then one with errors shown row by row."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kenesh.budgets.models import VersionKind
from kenesh.budgets.testing import budget_make, version_make
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Municipality
from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GOOD_CSV = (
    "\ufeffнаправление;код;экономический код;сумма, сом;сверх плана;примечание\r\n"
    "доходы;1132;;2 450 000,00;;\r\n"
    "доходы;1311;;18 600 000,00;;\r\n"
    "расходы;7091;2111;11 800 000,00;;\r\n"
    "расходы;7064;2215;650 000,00;;\r\n"
).encode()


def bad_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in (
        ["багыты", "коду", "экономикалык коду", "суммасы, сом", "пландан ашык", "эскертүү"],
        ["киреше", 1132, None, 2450000, None, None],
        ["киреше", 9999, None, 1000, None, None],
        ["чыгаша", 7091, None, "12,5,0", None, None],
        ["киреше", 1132, None, 5, None, None],
    ):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def draft(site):
    municipality = Municipality.objects.current().get(coate=KUM_DOBO)
    budget = budget_make(municipality, 2030)
    return version_make(budget, VersionKind.DRAFT, published=False)


def test_upload_a_valid_file_then_one_with_errors(office_page, site, draft):
    page = office_page
    page.goto(url_of(site, "budgets:office_version", "ru", pk=draft.pk))
    page.get_by_role("link", name="Загрузить файл").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Загрузка файла бюджета"
    axe_check(page)

    # A valid CSV: every line imported, the version page lists them.
    page.get_by_label("Файл бюджета (CSV или XLSX)").set_input_files(
        files=[{"name": "budget.csv", "mimeType": "text/csv", "buffer": GOOD_CSV}]
    )
    page.get_by_role("button", name="Загрузить").click()
    page.wait_for_url(f"**/office/budgets/versions/{draft.pk}/")
    assert "Из budget.csv загружено строк: 4." in page.locator(".messages").inner_text()
    assert page.locator("#main table tbody tr").count() == 4
    axe_check(page)

    # A file with errors, in Kyrgyz: nothing changes, each problem with its row number, the form kept.
    page.goto(url_of(site, "budgets:office_upload", "ky", pk=draft.pk))
    page.get_by_label("Кирешелердин жыйынтыгы (милдеттүү эмес)").fill("2 450 005")
    page.get_by_label("Бюджеттин файлы (CSV же XLSX)").set_input_files(
        files=[{"name": "budget.xlsx", "mimeType": "application/octet-stream", "buffer": bad_xlsx()}]
    )
    page.get_by_role("button", name="Жүктөө").click()
    alert = page.get_by_role("alert").first
    assert alert.inner_text().startswith("budget.xlsx жүктөлгөн жок: 4 маселе.")
    table = page.get_by_role("table", name="Файлдан табылган маселелер")
    rows = [row.inner_text().split("\t") for row in table.locator("tbody tr").all()]
    assert rows == [
        ["3", "Кирешенин белгисиз коду 9999."],
        ["4", "«12,5,0» — сумма эмес."],
        ["4", "Чыгаша сабына экономикалык статья керек."],
        ["5", "2-сап менен бирдей сап."],
    ]
    assert page.get_by_label("Кирешелердин жыйынтыгы (милдеттүү эмес)").input_value() == "2 450 005"
    assert draft.lines.count() == 4
    axe_check(page)

    # On a phone the problems table scrolls inside its own region; the page does not scroll sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_office_pages_are_accessible_and_compare_works_without_javascript(
    office_page, page_without_js, site, django_user_model
):
    from django.conf import settings
    from django.test import Client

    from kenesh.accounts.testing import office_login
    from kenesh.budgets.demo import load_demo
    from kenesh.budgets.models import Budget

    load_demo()
    budget = Budget.objects.get(municipality__coate=KUM_DOBO, year=2025)
    approved = budget.versions.get(kind=VersionKind.APPROVED)
    amendment = budget.versions.get(kind=VersionKind.AMENDMENT)
    for name, kwargs in [
        ("budgets:office_municipality", {"coate": KUM_DOBO}),
        ("budgets:office_budget", {"coate": KUM_DOBO, "year": 2025}),
        ("budgets:office_version", {"pk": amendment.pk}),
        ("budgets:office_line_new", {"pk": amendment.pk}),
        ("budgets:office_summary", {"coate": KUM_DOBO, "year": 2025}),
        ("budgets:office_compare", {"coate": KUM_DOBO, "year": 2025}),
    ]:
        office_page.goto(url_of(site, name, "ky", **kwargs))
        assert office_page.get_by_role("heading", level=1).count() == 1
        axe_check(office_page)

    # Compare the approved budget with amendment 1, JavaScript off: the form is a plain GET.
    user = django_user_model.objects.create_superuser(login="budget-office@kenesh.test", password=None)
    client = Client()
    office_login(client, user)
    page = page_without_js
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    page.goto(url_of(site, "budgets:office_budget", "ru", coate=KUM_DOBO, year=2025))
    page.get_by_label("Первая версия").select_option(str(approved.pk))
    page.get_by_label("Вторая версия").select_option(str(amendment.pk))
    page.get_by_role("button", name="Сравнить").click()
    assert "изменено: 3" in page.locator("#main").inner_text()
    assert page.locator("#expenditure\\:7063\\:3114").count() == 1
