"""The Content-Security-Policy stops nothing our pages do: no violation reported on the main public pages."""

import pytest

from tests.browser.urls import url_of

pytestmark = pytest.mark.browser


def test_no_page_breaks_the_content_security_policy(page, site):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    urls = [
        url_of(site, "home:home"),
        url_of(site, "budgets:overview", "ru"),
        url_of(site, "pb:processes"),
        url_of(site, "accounts:login", "en"),
        url_of(site, "accounts:signup"),
        site + "/api/docs",
    ]
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "frame-ancestors 'none'" in (response.headers.get("content-security-policy") or ""), url
        page.wait_for_load_state("networkidle")
    assert violations == []
