"""The portal in Chromium: public pages (axe-core in Kyrgyz and Russian, 360 px, no JavaScript, no CSP
violation), and the editor's main flow in Wagtail's admin: a best-practice draft, review, publication."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.portal.models import BestPracticePage, PortalHomePage
from tests.browser.axe import axe_check
from tests.browser.fixtures import signed_in_page
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def portal_site(site):
    # The live server's tests empty every table after them; the demo makes the portal's base again
    # (kenesh.portal.setup.portal_ensure) before its items.
    demo_load(("portal",))
    return site


def _csp_watch(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    return violations


PUBLIC = [
    "/{language}/portal/",
    "/{language}/portal/kum-dobo-drinking-water/",
    "/{language}/portal/public-hearings-on-the-budget/",
    "/{language}/portal/theme/services/",
    "/{language}/portal/search/?q=суу",
]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_public_pages_pass_axe_at_phone_width_without_csp_errors(page, portal_site, language):
    violations = _csp_watch(page)
    for path in PUBLIC:
        response = page.goto(portal_site + path.format(language=language))
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1, path
        axe_check(page)
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        axe_check(page)
        page.set_viewport_size({"width": 1280, "height": 800})
    assert violations == []


def test_search_works_without_javascript(page_without_js, portal_site):
    page = page_without_js
    page.goto(portal_site + "/ky/portal/")
    page.fill("#portal-q", "ичуучу суу")
    page.locator(".portal-search button[type=submit]").click()
    assert "/ky/portal/search/?q=" in page.url
    page.get_by_role("link", name="Кум-Добо айылына таза ичүүчү суу келди").click()
    assert page.url.endswith("/ky/portal/kum-dobo-drinking-water/")
    page.goto(portal_site + "/ru/portal/search/")
    page.select_option("#filter-type", "legal_consultation")
    page.locator(".portal-filters button[type=submit]").click()
    assert page.get_by_role("link", name="Как проводить общественные слушания по бюджету?").count() == 1


def test_editor_drafts_submits_and_publishes_a_best_practice(browser, portal_site):
    editor = person_make(role=Role.EDITOR)
    client = Client()
    office_login(client, editor)
    home = PortalHomePage.objects.get(locale__language_code="ky")
    for page in signed_in_page(browser, portal_site, client):
        violations = _csp_watch(page)
        page.goto(f"{portal_site}/office/portal/pages/add/portal/bestpracticepage/{home.pk}/")
        page.fill("#id_title", "Таштандыны чогултуу ийгилиги")
        page.fill("#id_summary", "Айыл таштандыны чогултууну уюштурду.")
        # Wagtail copies the slugified title into the slug 100 ms (debounced) after the title changes; a
        # slug typed before that is overwritten. Wait for the copy, then type the slug.
        expect(page.locator("#id_slug")).to_have_value("таштандыны-чогултуу-ийгилиги")
        page.get_by_role("tab", name="Promote").click()
        page.fill("#id_slug", "waste-collection")
        with page.expect_navigation(url="**/edit/**"):
            page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Таштандыны чогултуу ийгилиги' created").wait_for()
        draft = BestPracticePage.objects.get(pk=int(page.url.rstrip("/").split("/")[-2]))
        assert draft.slug == "waste-collection"
        assert not draft.live
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Submit to Moderators approval").click()
        draft.refresh_from_db()
        assert draft.current_workflow_state is not None
        page.goto(f"{portal_site}/office/portal/pages/{draft.pk}/edit/")
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Approve and Publish", exact=True).click()
        draft.refresh_from_db()
        assert draft.live
        assert violations == [], violations
    assert Client().get(draft.url).status_code == 200
