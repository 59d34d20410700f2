"""The dashboard and a portrait in a real Chromium, in Kyrgyz and Russian: axe 0 serious, no sideways scroll
at 360 px; without JavaScript, the filters and the sort work and the CSV downloads."""

from __future__ import annotations

from typing import Any

import pytest

from kenesh.portraits.services import indicators_refresh
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def fits_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)


@pytest.fixture
def figures(site):
    demo_load(("budgets", "hearings", "appeals"))
    indicators_refresh()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_dashboard_and_portraits_pass_axe_and_fit_a_phone(page, site, figures, language):
    from kenesh.territory.models import Unit

    rayon = Unit.objects.current().get(coate=KUM_DOBO).parent
    for name, kwargs in (
        ("portraits:dashboard", {}),
        ("portraits:portrait", {"coate": KUM_DOBO}),
        ("portraits:portrait", {"coate": rayon.coate}),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url_of(site, name, language, **kwargs))
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        axe_check(page)
        fits_a_phone(page)


def test_the_dashboard_sorts_filters_and_downloads_without_javascript(page_without_js, site, figures):
    page = page_without_js
    page.goto(url_of(site, "portraits:dashboard", "ru"))
    header = page.locator("#table-dashboard thead a", has_text="Доля женщин на слушаниях")
    header.click()
    assert "sort=hearings_women_share" in page.url
    assert page.locator("#table-dashboard thead th[aria-sort]").count() == 1
    page.locator("#filter-oblast").select_option(index=1)
    page.locator("form.budget-filters button[type=submit]").click()
    assert "oblast=" in page.url and "sort=hearings_women_share" in page.url
    page.goto(url_of(site, "portraits:dashboard", "ru"))
    href = page.locator("a", has_text="Скачать в CSV").get_attribute("href")
    response = page.request.get(site + "/ru/portraits/" + href)
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    page.locator(f"#table-dashboard a[href*='/portraits/{KUM_DOBO}/']").first.click()
    assert page.locator("#table-portrait tbody tr").count() >= 3


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_portrait_with_an_editors_text_passes_axe_and_fits_a_phone(
    page, site, figures, settings, tmp_path, language
):
    from wagtail.models import Collection

    from kenesh.portraits.models import PortraitPhoto
    from tests.portraits.test_texts import image_make

    settings.MEDIA_ROOT = str(tmp_path / "media")
    if Collection.get_first_root_node() is None:  # a live-server test's flush removed the migrations' root
        Collection.add_root(name="Root")
    text = _text_make()
    PortraitPhoto.objects.create(text=text, image=image_make(size=(1200, 800)), caption_ru="Школа")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url_of(site, "portraits:portrait", language, coate=KUM_DOBO))
    assert page.locator("h2", has_text="Новая школа").count() == 1
    assert page.locator("figure.portrait-photo img").count() == 1
    if language == "ky":
        assert page.locator(".portrait-text .lang-mark").count() == 1
    axe_check(page)
    fits_a_phone(page)


def test_a_portrait_with_an_editors_text_reads_without_javascript(page_without_js, site, figures):
    _text_make()
    page_without_js.goto(url_of(site, "portraits:portrait", "ru", coate=KUM_DOBO))
    assert page_without_js.locator("h2", has_text="Новая школа").count() == 1
    assert page_without_js.locator(".portrait-text li", has_text="200 учеников").count() == 1


def _text_make() -> Any:
    from kenesh.portraits.models import PortraitText
    from kenesh.territory.models import Unit

    return PortraitText.objects.create(
        unit=Unit.objects.current().get(coate=KUM_DOBO),
        live=True,
        heading_ru="Новая школа",
        body_ru="<p>Школа открылась в <b>2025</b> году.</p><ul><li>200 учеников</li></ul>",
    )
