"""Monitoring in Chromium: the public timeline and "you said, we did" (axe-core in Kyrgyz and Russian, 360 px,
no JavaScript), and the monitor's visit form: axe, phone width, a rejected submission keeps what was typed
(without JavaScript, by the server), the draft restored from the phone's storage (with it)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from kenesh.accounts.models import Role, User
from kenesh.monitoring.models import Visit
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.fixtures import signed_in_page
from tests.browser.urls import url_of
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def monitoring_site(site):
    demo_load(("budgets", "pb", "needs", "plans", "hearings", "appeals", "monitoring"))
    assert Visit.objects.exists()
    return site


def _narrow(page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("name", ["monitoring:municipality", "monitoring:you_said"])
def test_public_pages_pass_axe_at_phone_width(page, monitoring_site, language, name):
    page.goto(url_of(monitoring_site, name, language, coate=KUM_DOBO))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    axe_check(page)
    _narrow(page)
    axe_check(page)


def test_public_pages_work_without_javascript(page_without_js, monitoring_site):
    page = page_without_js
    page.goto(url_of(monitoring_site, "monitoring:municipality", "ru", coate=KUM_DOBO))
    assert page.locator(".monitoring-finding").count() >= 2
    assert page.get_by_text("Ответ органа МСУ").count() >= 1
    page.locator(".monitoring-entry--visit h3 a").first.click()
    assert "/objects/" in page.url
    page.goto(url_of(monitoring_site, "monitoring:you_said", "ru", coate=KUM_DOBO))
    assert page.locator("table.monitoring-yswd").count() >= 3
    assert page.locator("a[href*='/pb/']").count() >= 1 and page.locator("a[href*='/appeals/']").count() >= 1


def _monitor_page(browser, site, javascript: bool):
    monitor = User.objects.filter(role_assignments__role=Role.MONITOR).first()
    client = Client()
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    return signed_in_page(browser, site, client, java_script_enabled=javascript)


@pytest.fixture
def monitor_page(browser, monitoring_site):
    yield from _monitor_page(browser, monitoring_site, True)


@pytest.fixture
def monitor_page_without_js(browser, monitoring_site):
    yield from _monitor_page(browser, monitoring_site, False)


def _form_url(site, language="ky", ref="service:waste_collection"):
    return url_of(site, "monitoring:visit_new", language, coate=KUM_DOBO) + f"?object={ref}"


def test_visit_form_passes_axe_at_phone_width(monitor_page, monitoring_site):
    page = monitor_page
    page.goto(url_of(monitoring_site, "monitoring:visit_new", "ky", coate=KUM_DOBO))
    axe_check(page)
    page.goto(_form_url(monitoring_site))
    axe_check(page)
    _narrow(page)
    axe_check(page)


def test_without_javascript_a_rejected_visit_keeps_what_was_typed_then_records(
    monitor_page_without_js, monitoring_site
):
    page = monitor_page_without_js
    page.goto(url_of(monitoring_site, "monitoring:visit_new", "ru", coate=KUM_DOBO))
    page.select_option("#id_object", "service:waste_collection")
    page.get_by_role("button", name="Продолжить").click()
    before = Visit.objects.count()
    page.fill("#id_visited_on", "2000-01-01")
    page.fill("#id_finding_0", "Контейнер у школы переполнен")
    page.fill("#id_recommendation_0", "Вывозить дважды в неделю")
    score = page.locator("input[name^='score_']").first
    score.fill("9")
    page.get_by_role("button", name="Записать посещение").click()
    assert page.get_by_text("Каждая оценка — от 1 до 5.").count() == 1
    assert page.input_value("#id_finding_0") == "Контейнер у школы переполнен"
    assert page.input_value("#id_recommendation_0") == "Вывозить дважды в неделю"
    assert score.input_value() == "9"
    assert Visit.objects.count() == before
    score.fill("4")
    page.fill("#id_visited_on", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Записать посещение").click()
    assert "/objects/" in page.url
    assert page.get_by_text("Контейнер у школы переполнен").count() == 1
    assert Visit.objects.count() == before + 1


def test_with_javascript_the_draft_survives_a_reload(monitor_page, monitoring_site):
    page = monitor_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    page.goto(_form_url(monitoring_site, "ru", "service:street_lighting"))
    page.fill("#id_notes", "Фонари не горят на улице Манаса")
    page.fill("#id_finding_0", "Три фонаря разбиты")
    page.wait_for_function("localStorage.length > 0")
    page.goto(_form_url(monitoring_site, "ru", "service:street_lighting"))
    assert page.input_value("#id_notes") == "Фонари не горят на улице Манаса"
    assert page.input_value("#id_finding_0") == "Три фонаря разбиты"
    # Recorded: the object's page clears the draft, so the next visit's form starts empty.
    page.fill("#id_visited_on", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Записать посещение").click()
    assert "/objects/" in page.url
    page.wait_for_load_state("networkidle")
    page.goto(_form_url(monitoring_site, "ru", "service:street_lighting"))
    assert page.input_value("#id_notes") == ""
    assert violations == []
