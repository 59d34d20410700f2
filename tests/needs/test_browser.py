"""The needs and plan pages in Chromium: Kyrgyz and Russian, axe-core, JavaScript off, a 360 px phone; and the
office's session form filled on a phone, refused with what was typed kept, then saved."""

from __future__ import annotations

import pytest

from kenesh.needs import demo as needs_demo
from kenesh.needs.models import Campaign, Session
from kenesh.needs.testing import category
from kenesh.plans import demo as plans_demo
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def demo(site):
    needs_demo.load_demo()
    plans_demo.load_demo()
    return site


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)


@pytest.mark.parametrize(
    ("language", "water", "roads"), [("ky", "Ичүүчү суу", "Жолдор"), ("ru", "Питьевая вода", "Дороги")]
)
def test_the_needs_page_shows_women_and_men_side_by_side(page, demo, language, water, roads):
    page.goto(url_of(demo, "needs:campaign", language, coate=KUM_DOBO, year=2025))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert page.locator("svg.budget-chart[role=img]").count() >= 3
    first = page.locator("#table-sexes tbody tr").first
    assert water in first.inner_text() and roads in first.inner_text()
    axe_check(page)
    _fits_a_phone(page)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_plan_page(page, demo, language):
    page.goto(url_of(demo, "plans:plan", language, coate=KUM_DOBO, year=2026))
    assert page.locator("article.plans-item").count() == len(plans_demo.ITEMS)
    axe_check(page)
    _fits_a_phone(page)


def test_the_pages_work_without_javascript(page_without_js, demo):
    page = page_without_js
    page.goto(url_of(demo, "needs:campaign", "ru", coate=KUM_DOBO, year=2025))
    assert page.locator("#table-priorities tbody tr").count() >= 5
    page.locator("#villages-heading + ul a").first.click()
    assert "/villages/" in page.url
    assert page.locator("#table-village tbody tr").count() >= 3
    page.goto(url_of(demo, "plans:plan", "ru", coate=KUM_DOBO, year=2026))
    assert page.locator("progress").count() >= 1


def test_staff_record_a_session_on_a_phone(office_page, demo):
    page = office_page
    page.set_viewport_size({"width": 360, "height": 740})
    campaign = Campaign.objects.get(municipality__coate=KUM_DOBO, year=2025)
    before = Session.objects.filter(campaign=campaign).count()
    page.goto(url_of(demo, "needs:office_session_new", "ru", coate=KUM_DOBO, year=2025))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
    village = page.locator("#id_village option").nth(1).get_attribute("value")
    page.select_option("#id_village", village)
    page.fill("#id_held_on", "2025-07-20")
    page.select_option("#id_group_type", "women")
    page.check("#id_method_1")
    page.fill("#id_participants", "15")
    page.fill("#id_women", "12")
    page.fill("#id_men", "0")
    page.select_option("#id_problem_1_category", str(category("drinking-water").pk))
    page.fill("#id_problem_1_text_ru", "Нет воды на верхней улице")
    page.fill("#id_problem_1_score", "1")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    assert page.get_by_role("alert").first.is_visible()
    assert "15" in page.get_by_role("alert").first.inner_text()
    assert page.input_value("#id_problem_1_text_ru") == "Нет воды на верхней улице"
    assert Session.objects.filter(campaign=campaign).count() == before
    page.fill("#id_women", "15")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    assert "/sessions/new/" not in page.url
    assert Session.objects.filter(campaign=campaign).count() == before + 1


def test_the_national_view(page, demo):
    page.goto(url_of(demo, "needs:overview", "ky"))
    assert page.locator("#table-national tbody tr").count() >= 1
    axe_check(page)
    _fits_a_phone(page)


def test_staff_import_a_kobo_csv_on_a_phone(office_page, demo):
    page = office_page
    page.set_viewport_size({"width": 360, "height": 740})
    campaign = Campaign.objects.get(municipality__coate=KUM_DOBO, year=2025)
    before = Session.objects.filter(campaign=campaign).count()
    village = campaign.municipality.children.order_by("coate").first()
    header = ";".join(
        [
            "session/village",
            "session/held_on",
            "session/group_type",
            "session/method",
            "people/participants",
            "people/women",
            "people/men",
            "problems/problem_1_category",
            "problems/problem_1_score",
        ]
    )
    name = village.name_ky
    bad = (
        f"{header}\nАтлантида;2025-07-01;women;rank;10;10;0;roads;1\n"
        f"{name};2025-07-01;men;rank;10;0;9;roads;1\n"
    )
    page.goto(url_of(demo, "needs:office_import", "ky", coate=KUM_DOBO, year=2025))
    axe_check(page)
    page.set_input_files(
        "#id_file", files=[{"name": "kobo.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Жүктөө", exact=True).click()
    alert = page.get_by_role("alert").first.inner_text()
    assert "2-сап" in alert and "Атлантида" in alert and "3-сап" in alert
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
    assert Session.objects.filter(campaign=campaign).count() == before
    good = f"{header}\n{village.name_ky};2025-07-01;men;rank;10;0;10;roads;1\n"
    page.set_input_files(
        "#id_file", files=[{"name": "kobo.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    page.get_by_role("button", name="Жүктөө", exact=True).click()
    assert "/import/" not in page.url
    assert Session.objects.filter(campaign=campaign).count() == before + 1
