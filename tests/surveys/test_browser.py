"""The survey pages in Chromium: answering the demo survey on a phone without JavaScript, and the comparison
of the demo's two rounds by sex, in Kyrgyz and Russian (axe-core: no serious violation; 360 px wide)."""

from __future__ import annotations

import pytest

from kenesh.surveys.demo import load_demo
from kenesh.surveys.models import Response, Round
from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def rounds(site):
    load_demo()
    return tuple(Round.objects.order_by("starts_on"))


def fits_the_phone(page) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_questionnaire_fits_a_phone_and_passes_axe(page, site, rounds, language):
    page.set_viewport_size(PHONE)
    page.goto(url_of(site, "surveys:answer", language, round_id=rounds[1].pk))
    assert page.locator("html").get_attribute("lang") == language
    fits_the_phone(page)
    axe_check(page)
    page.locator("form.survey-form button[type=submit]").click()
    assert page.locator(".field--error").count() >= 1
    fits_the_phone(page)
    axe_check(page)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_answering_on_a_phone_without_javascript(browser, site, rounds, language):
    # Without JavaScript Playwright cannot evaluate scripts (axe, widths): those checks run above.
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        endline = rounds[1]
        before = Response.objects.filter(round=endline).count()
        page.goto(url_of(site, "surveys:answer", language, round_id=endline.pk))
        # Leave the trust question out: the page comes back with an error, the other answers kept.
        sex = "Аял" if language == "ky" else "Женский"
        page.get_by_label(sex, exact=True).check()
        page.locator("input[name=aware_budget][value=yes]").check()
        page.locator("input[name=corruption][value=none]").check()
        page.locator("form.survey-form button[type=submit]").click()
        assert page.locator(".field--error").count() >= 1
        assert page.get_by_label(sex, exact=True).is_checked()
        for name in (
            "trust_lsg",
            *(f"satisfaction_{s}" for s in ("water", "roads", "waste", "lighting", "culture")),
        ):
            page.locator(f"input[name={name}][value='4']").check()
        page.locator("input[name=aware_hearings][value=no]").check()
        page.locator("input[name=age][value=y30_44]").check()
        page.locator("input[name=village]").first.check()
        page.locator("form.survey-form button[type=submit]").click()
        assert Response.objects.filter(round=endline).count() == before + 1
        assert page.locator(".message").count() >= 1
    finally:
        context.close()


@pytest.mark.parametrize(("language", "women"), [("ky", "Аял"), ("ru", "Женщины")])
def test_the_comparison_by_sex_reads_on_a_phone(page, rounds, site, language, women):
    baseline, endline = rounds
    page.goto(url_of(site, "surveys:compare", language, first_id=baseline.pk, second_id=endline.pk))
    assert page.locator("h1").count() == 1
    assert page.locator("svg.survey-chart[role=img]").count() >= 3
    assert page.get_by_text("p < 0.001").count() + page.get_by_text("p = 0.0").count() >= 1
    axe_check(page)
    fits_the_phone(page)
    axe_check(page)


def test_the_round_page_hides_the_small_village(page, rounds, site):
    page.goto(url_of(site, "surveys:round", "ru", round_id=rounds[0].pk))
    assert page.get_by_text("Шамшы").count() >= 1
    assert page.get_by_text("менее 5").count() >= 1
    axe_check(page)
    fits_the_phone(page)


def test_the_comparison_works_without_javascript(page_without_js, rounds, site):
    baseline, endline = rounds
    page_without_js.goto(url_of(site, "surveys:compare", "ky", first_id=baseline.pk, second_id=endline.pk))
    assert page_without_js.locator("svg.survey-chart").count() >= 3
    assert page_without_js.locator("table").count() >= 3
