"""Browser-test fixtures, shared by every app's browser tests (tests/conftest.py loads this plugin).

Playwright drives Debian's Chromium against pytest-django's live server; axe-core checks.

Fixtures:
    browser          one headless Chromium for the session (skipped when /usr/bin/chromium is absent, failed
                     instead when the CI variable is set)
    site             the live server's base URL, on a database with the apps' demo data loaded
    page             a fresh page (own context: no cookies, no cache) with JavaScript on
    page_without_js  the same with JavaScript off
    office_page      a page signed in (by cookie) as a superuser who has passed the second factor
    home_url         home_url("ru"): the home page in a language
Helpers: `tests.browser.axe.axe_check(page)` fails on serious or critical axe-core violations, listed
readably; `tests.browser.urls.url_of(site, name, language, **kwargs)` is an absolute URL by URL name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import NoReverseMatch

from tests.browser.urls import url_of
from tests.ci import missing
from tests.web.demo import demo_load

# Playwright's sync API runs an event loop in the test thread; the ORM calls of fixtures there are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("KENESH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, transactional_db, settings) -> str:
    # The demo signs up a dozen people; argon2 would spend seconds on their passwords before every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    return live_server.url


@pytest.fixture
def home_url(site: str):
    """The home page in a language; skips while the territory app has not routed home:home."""

    def home(language: str = "ky") -> str:
        try:
            return url_of(site, "home:home", language)
        except NoReverseMatch:
            missing("the territory app has not routed home:home yet")

    return home


def _new_page(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def signed_in_page(browser: Any, site: str, client: Any, **options: Any) -> Iterator[Any]:
    """A page that carries the session of a Django test client (after force_login or office_login)."""
    from django.conf import settings

    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    for page in _new_page(browser, **options):
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
        yield page


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    yield from _new_page(browser)


@pytest.fixture
def page_without_js(browser: Any, site: str) -> Iterator[Any]:
    yield from _new_page(browser, java_script_enabled=False)


@pytest.fixture
def office_page(browser: Any, site: str, django_user_model) -> Iterator[Any]:
    """A page signed in as an administrator with a confirmed second factor (the office demands both)."""
    from django.test import Client

    from kenesh.accounts.testing import office_login

    user = django_user_model.objects.create_superuser(login="office-admin@kenesh.test", password=None)
    client = Client()
    office_login(client, user)
    yield from signed_in_page(browser, site, client)
