"""The site frame in a real browser: languages, accessibility, JavaScript off, page weight, narrow screens."""

from urllib.parse import urlsplit

import pytest

from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = pytest.mark.browser

PAGE_WEIGHT_LIMIT = 200 * 1024


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_the_home_page_in_each_language_is_accessible(page, home_url, language):
    page.goto(home_url(language))
    assert page.get_attribute("html", "lang") == language
    assert page.locator("a.site-name").inner_text() == "Kenesh"
    axe_check(page)


def test_switching_language_keeps_the_page(page, home_url):
    page.goto(home_url("ky"))
    assert page.evaluate("typeof htmx.process") == "function", "the vendored htmx loads"
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url(home_url("ru"))
    assert page.get_attribute("html", "lang") == "ru"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(home_url("en"))
    assert page.get_attribute("html", "lang") == "en"


def test_the_home_page_works_without_javascript(page_without_js, home_url):
    page = page_without_js
    page.goto(home_url("ky"))
    assert page.locator("main h1").first.is_visible()
    # The language switcher is a plain form: it works with JavaScript off too.
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url(home_url("ru"))
    assert page.get_attribute("html", "lang") == "ru"


def test_the_first_load_of_the_home_page_weighs_under_200_kb(page, home_url, site):
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(home_url("ky"), wait_until="networkidle")
    sizes = {request.url: request.sizes() for request in finished}
    total = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes.values())
    detail = ", ".join(f"{urlsplit(url).path}={size['responseBodySize']}" for url, size in sizes.items())
    print(f"home page, first load: {total} bytes ({detail})")
    assert total < PAGE_WEIGHT_LIMIT, f"{total} bytes: {detail}"
    assert {urlsplit(url).netloc for url in sizes} == {urlsplit(site).netloc}, "only our own server is asked"
    assert any(urlsplit(url).path.endswith("/htmx.min.js") for url in sizes)


def test_the_home_page_fits_a_320_pixel_screen(browser, home_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(home_url("ru"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        axe_check(page)
    finally:
        context.close()


def test_the_skip_link_appears_on_focus_and_leads_to_the_content(page, home_url):
    page.goto(home_url("ky"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ky", "Барак табылган жок"), ("ru", "Страница не найдена")],
)
def test_the_404_page_is_translated_and_accessible(page, site, language, heading):
    response = page.goto(f"{site}/{language}/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == heading
    assert page.get_attribute("html", "lang") == language
    axe_check(page)


def test_the_demo_administrator_signs_in_and_sees_every_office_page(page, site):
    from kenesh.accounts.demo import DEMO_BACKUP_CODES, DEMO_LOGINS

    administrator = next(login for login in DEMO_LOGINS if login.role == "administrator")
    office = url_of(site, "web:office", "ru")
    page.goto(office)  # the office sends a visitor to sign in first, then to the second factor
    page.fill("input[name=username]", administrator.login)
    page.fill("input[name=password]", administrator.password)
    page.locator("main form button[type=submit]").click()
    page.fill("input[name=token]", DEMO_BACKUP_CODES[0])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(office)
    assert page.locator("h1").inner_text() == "Управление"
    titles = page.locator("main .card h2").all_inner_texts()
    assert titles == [
        "Территории",
        "Люди",
        "Бюджеты",
        "Инициативное бюджетирование",
        "Изучение нужд",
        "Планы совместных действий",
        "Общественные слушания",
        "Обращения граждан",
        "Общественный мониторинг",
        "Чек-листы мониторинга",
        "Опросы",
        "Подписка органа МСУ",
        "Подписки и взносы",
        "Вопросы экспертам",
        "Предложения и комментарии",
        "Исходящие сообщения",
        "Журнал аудита",
    ]
    axe_check(page)


def test_the_office_pages_are_linked_from_the_office_menu(office_page, site):
    page = office_page
    page.goto(url_of(site, "web:office", "en"))
    menu = page.locator("nav.office-nav")
    assert menu.is_visible()
    assert menu.get_by_role("link", name="Dashboard").get_attribute("aria-current") == "page"
    axe_check(page)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_favicon_is_served_and_linked(page, site, home_url, language):
    """/favicon.ico answers with an icon (browsers ask for it unprompted), and every page links the SVG."""
    response = page.goto(f"{site}/favicon.ico")
    assert response is not None and response.ok
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    page.goto(home_url(language))
    svg = page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href")
    assert svg is not None
    icon = page.request.get(site + svg)
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
