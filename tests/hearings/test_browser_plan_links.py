"""The link between a hearing proposal and the action-plan item it became, in a real Chromium: followed both
ways without JavaScript, and both pages pass axe and fit a phone, in Kyrgyz and in Russian."""

from __future__ import annotations

import pytest

from kenesh.hearings.models import HearingProposal
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.hearings.test_browser import fits_a_phone
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def linked(site):
    demo_load(("budgets", "needs", "plans", "hearings"))
    return HearingProposal.objects.exclude(plan_item=None).select_related("hearing").get()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_proposal_and_its_plan_item_link_each_other(page_without_js, page, site, linked, language):
    hearing = linked.hearing
    page_without_js.goto(url_of(site, "hearings:detail", language, coate=KUM_DOBO, pk=hearing.pk))
    page_without_js.locator(f"a[href$='#item-{linked.plan_item_id}']").click()
    assert f"/{language}/plans/{KUM_DOBO}/" in page_without_js.url
    back = page_without_js.locator(f"#item-{linked.plan_item_id} a[href$='#proposal-{linked.number}']")
    assert back.count() == 1
    back.click()
    assert f"/{language}/hearings/{KUM_DOBO}/{hearing.pk}/" in page_without_js.url

    for address in (
        url_of(site, "hearings:detail", language, coate=KUM_DOBO, pk=hearing.pk),
        url_of(site, "plans:plan", language, coate=KUM_DOBO, year=linked.plan_item.plan.year),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(address)
        axe_check(page)
        fits_a_phone(page)
