"""The territory pages in a real Chromium: accessible (axe-core), usable without JavaScript, on a phone."""

from __future__ import annotations

import pytest

from kenesh.territory.demo import KARA_SUU, KUM_DOBO, SEMIZ_BEL
from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_municipality_pages_are_accessible(page, site, language):
    for coate in (KUM_DOBO, SEMIZ_BEL, KARA_SUU):
        page.goto(url_of(site, "territory:municipality", language, coate=coate))
        assert page.locator("html").get_attribute("lang") == language
        axe_check(page)


def test_home_opens_an_oblast_without_javascript(page_without_js, site):
    page_without_js.set_viewport_size({"width": 320, "height": 640})
    page_without_js.goto(url_of(site, "home:home", "ru"))
    link = page_without_js.get_by_role("link", name="Кум-Дебенский айылный аймак")
    assert not link.is_visible()
    page_without_js.get_by_text("Нарынская область").click()
    link.click()
    page_without_js.wait_for_url(f"**/ru/m/{KUM_DOBO}/")
    assert page_without_js.get_by_role("heading", level=1).inner_text() == "Кум-Дебенский айылный аймак"
    # Nothing sticks out of a 320-pixel screen: the page does not scroll sideways ...
    assert page_without_js.evaluate("document.documentElement.scrollWidth") <= 320
    # ... and the deputies table scrolls inside a labelled region the keyboard can reach, to its last column.
    region = page_without_js.get_by_role("region", name="Действующие депутаты")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    for _press in range(8):
        page_without_js.keyboard.press("ArrowRight")
        page_without_js.wait_for_timeout(100)  # Chromium scrolls smoothly: let each step land
    since = region.get_by_role("columnheader", name="С", exact=True)
    box = since.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_office_pages_are_accessible(office_page, site):
    for name, kwargs in [
        ("territory:office", {}),
        ("territory:office_municipality", {"coate": KUM_DOBO}),
        ("territory:office_executive", {"coate": KUM_DOBO}),
        ("territory:office_deputy_add", {"coate": KUM_DOBO}),
    ]:
        office_page.goto(url_of(site, name, "ky", **kwargs))
        assert office_page.get_by_role("heading", level=1).count() == 1
        axe_check(office_page)
