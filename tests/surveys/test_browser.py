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
    assert page.get_by_text("меньше 5").count() >= 1
    axe_check(page)
    fits_the_phone(page)


def test_the_comparison_works_without_javascript(page_without_js, rounds, site):
    baseline, endline = rounds
    page_without_js.goto(url_of(site, "surveys:compare", "ky", first_id=baseline.pk, second_id=endline.pk))
    assert page_without_js.locator("svg.survey-chart").count() >= 3
    assert page_without_js.locator("table").count() >= 3


@pytest.fixture
def staff_client(rounds):
    from django.test import Client

    from kenesh.accounts.models import Role
    from kenesh.accounts.testing import office_login, person_make
    from kenesh.territory.models import Municipality

    municipality = Municipality.objects.get(pk=rounds[0].municipality_id)
    client = Client()
    office_login(client, person_make(role=Role.STAFF, municipality=municipality))
    return client


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_editor_pages_fit_a_phone_and_pass_axe(browser, site, rounds, staff_client, language):
    from tests.browser.fixtures import signed_in_page

    instrument_id = rounds[1].instrument_id
    for page in signed_in_page(browser, site, staff_client, viewport=PHONE):
        for name, kwargs in (
            ("surveys:office_instrument", {}),
            ("surveys:office_question_new", {}),
            ("surveys:office_question_reword", {"code": "participated"}),
            ("surveys:office_question_order", {}),
        ):
            page.goto(url_of(site, name, language, instrument_id=instrument_id, **kwargs))
            fits_the_phone(page)
            axe_check(page)


def test_staff_write_a_question_on_a_phone_without_javascript(browser, site, rounds, staff_client):
    """The demo's instrument has answers: the new question makes version 2, the rounds keep version 1."""
    from kenesh.surveys.models import Instrument
    from tests.browser.fixtures import signed_in_page

    instrument_id = rounds[1].instrument_id
    for page in signed_in_page(browser, site, staff_client, viewport=PHONE, java_script_enabled=False):
        page.goto(url_of(site, "surveys:office_question_new", "ru", instrument_id=instrument_id))
        page.locator("input[name=text_ru]").fill("Какие услуги нужно улучшить?")
        page.locator("input[name=kind][value=multiple]").check()
        page.locator("input[name=option_1_ru]").fill("Drinking water")
        page.locator("button[name=more]").click()
        assert page.locator("input[name=option_8_ru]").count() == 1
        assert page.locator("input[name=option_1_ru]").input_value() == "Drinking water"
        page.locator("form.survey-form button[type=submit]:not([name])").click()
        assert page.locator("[role=alert]").count() >= 1  # one option only
        assert page.locator("input[name=text_ru]").input_value() == "Какие услуги нужно улучшить?"
        page.locator("input[name=option_2_ru]").fill("Street lighting")
        page.locator("form.survey-form button[type=submit]:not([name])").click()
        assert page.locator(".message").count() >= 1
    latest = Instrument.objects.order_by("-version").first()
    assert latest is not None and latest.version == 2
    assert latest.questions.filter(code="own_1").exists()
    assert {r.instrument_id for r in Round.objects.all()} == {instrument_id}
