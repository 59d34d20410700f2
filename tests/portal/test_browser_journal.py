"""The journal's archive in Chromium: the archive and an issue pass axe-core in Kyrgyz and Russian, fit
360 px, and are read without JavaScript (archive, issue, an article of its contents, how to subscribe)."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_check
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["/{language}/portal/journal/", "/{language}/portal/journal/2026-1/"]


@pytest.fixture
def journal_site(site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The live server's tests empty every table after them; the demo makes the portal's base again.
    demo_load(("portal",))
    return site


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_archive_and_issue_pass_axe_at_phone_width(page, journal_site, language):
    for path in PAGES:
        response = page.goto(journal_site + path.format(language=language))
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1, path
        # The covers are there and loaded (renditions served by the portal's own view).
        assert page.evaluate("[...document.images].every(image => image.complete && image.naturalWidth > 0)")
        axe_check(page)
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        axe_check(page)
        page.set_viewport_size({"width": 1280, "height": 800})


def test_archive_issue_and_article_without_javascript(page_without_js, journal_site):
    page = page_without_js
    page.goto(journal_site + "/ru/portal/")
    page.get_by_role("link", name="Архив журнала").first.click()
    assert page.url.endswith("/ru/portal/journal/")
    page.get_by_role("link", name="Журнал «Муниципалитет», 2026, № 1").click()
    assert page.url.endswith("/ru/portal/journal/2026-1/")
    assert page.get_by_role("link", name="Скачать полный выпуск").count() == 0
    assert page.get_by_role("link", name="Как подписаться").count() >= 1
    page.get_by_role("link", name="Чистая питьевая вода пришла в село Кум-Добо").click()
    assert page.url.endswith("/ru/portal/kum-dobo-drinking-water/")
