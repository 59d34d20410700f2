"""Hearings in a real Chromium: the public pages in Kyrgyz and Russian (axe, 360 px, without JavaScript), and
the office forms: schedule a hearing (warned when the notice is late), answer a proposal, JavaScript off."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from kenesh.hearings.models import AnswerStatus, Hearing, HearingKind, HearingProposal
from kenesh.hearings.testing import hearing_make
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Municipality
from tests.browser.axe import axe_check
from tests.browser.fixtures import signed_in_page
from tests.browser.urls import url_of
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def fits_a_phone(page: Any, *, axe: bool = True) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    if axe:  # axe-core is a script: a page without JavaScript is checked in the test with it
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        axe_check(page)


@pytest.fixture
def demo_hearings(site):
    demo_load(("budgets", "hearings"))
    return list(Hearing.objects.filter(municipality__coate=KUM_DOBO).order_by("date"))


@pytest.fixture
def office_page_without_js(browser: Any, site: str, django_user_model) -> Iterator[Any]:
    from django.test import Client

    from kenesh.accounts.testing import office_login

    user = django_user_model.objects.create_superuser(login="hearings-admin@kenesh.test", password=None)
    client = Client()
    office_login(client, user)
    yield from signed_in_page(browser, site, client, java_script_enabled=False)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_public_pages_read_in_each_language_pass_axe_and_fit_a_phone(page, site, demo_hearings, language):
    for name, kwargs in (
        ("hearings:archive", {"coate": KUM_DOBO}),
        ("hearings:detail", {"coate": KUM_DOBO, "pk": demo_hearings[0].pk}),
        ("hearings:national", {}),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url_of(site, name, language, **kwargs))
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        axe_check(page)
        fits_a_phone(page)


def test_a_hearing_page_and_its_minutes_work_without_javascript(page_without_js, site, demo_hearings):
    page = page_without_js
    page.goto(url_of(site, "hearings:archive", "ru", coate=KUM_DOBO))
    page.locator(f"a[href$='/{demo_hearings[0].pk}/']").first.click()
    assert page.locator("ol.hearing-proposals > li").count() == 3
    for language in ("ky", "ru"):
        href = page.locator(f"a[href$='minutes-{language}.pdf']").get_attribute("href")
        response = page.request.get(site + href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # The national view's filters are a plain form.
    page.goto(url_of(site, "hearings:national", "ru"))
    page.locator("#filter-year").select_option(str(demo_hearings[0].year))
    page.locator("form.budget-filters button[type=submit]").click()
    assert f"year={demo_hearings[0].year}" in page.url
    assert page.locator("#table-hearings tbody tr").count() >= 1


def test_schedule_a_hearing_with_a_late_notice_then_answer_a_proposal(office_page_without_js, site):
    page = office_page_without_js
    municipality = Municipality.objects.current().get(coate=KUM_DOBO)
    today = timezone.localdate()
    page.goto(url_of(site, "hearings:office_new", "ru", coate=KUM_DOBO))
    page.locator("#id_kind").select_option(HearingKind.DRAFT_BUDGET)
    page.locator("#id_title_ky").fill("Бюджеттин долбоору")
    page.locator("#id_date").fill((today - datetime.timedelta(days=1)).isoformat())
    page.locator("#id_notice_date").fill(today.isoformat())
    page.locator("#id_venue").fill("Айыл өкмөтү")
    page.locator(".office-content form button[type=submit]").click()
    # A notice after the hearing: refused, said next to the field, what was typed is kept.
    assert page.locator(".field--error #id_notice_date").count() == 1
    assert page.locator("#id_title_ky").input_value() == "Бюджеттин долбоору"
    assert not Hearing.objects.exists()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("#id_date").fill((today + datetime.timedelta(days=4)).isoformat())
    page.locator(".office-content form button[type=submit]").click()
    hearing = Hearing.objects.get()
    assert hearing.notice_is_late
    assert page.locator(".message--warning").count() >= 1

    held = hearing_make(municipality, today - datetime.timedelta(days=2), proposals=["Суу түтүгү"])
    proposal = held.proposals.get()
    page.goto(url_of(site, "hearings:office_answer", "ru", pk=proposal.pk))
    page.locator(f"input[name=status][value={AnswerStatus.REJECTED}]").check()
    page.locator(".office-content form button[type=submit]").click()
    # A rejection needs its reason.
    assert page.locator("[role=alert]").count() >= 1
    page.locator(f"input[name=status][value={AnswerStatus.REJECTED}]").check()
    page.locator("#id_answer_ru").fill("Нет средств в 2026 году.")
    page.locator(".office-content form button[type=submit]").click()
    assert HearingProposal.objects.get(pk=proposal.pk).status == AnswerStatus.REJECTED


def test_office_forms_pass_axe_and_fit_a_phone(office_page, site):
    page = office_page
    municipality = Municipality.objects.current().get(coate=KUM_DOBO)
    held = hearing_make(municipality, timezone.localdate() - datetime.timedelta(days=2), proposals=["Суу"])
    proposal = held.proposals.get()
    for language in ("ky", "ru"):
        for name, kwargs in (
            ("hearings:office_new", {"coate": KUM_DOBO}),
            ("hearings:office_hearing", {"pk": held.pk}),
            ("hearings:office_attendance", {"pk": held.pk}),
            ("hearings:office_answer", {"pk": proposal.pk}),
        ):
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(url_of(site, name, language, **kwargs))
            axe_check(page)
            fits_a_phone(page)
    # The form with its errors shown, too.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url_of(site, "hearings:office_answer", "ky", pk=proposal.pk))
    with page.expect_navigation():
        page.locator(".office-content form button[type=submit]").click()
    page.locator(".field--error [role=alert]").first.wait_for()
    axe_check(page)
    fits_a_phone(page)
