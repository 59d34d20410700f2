"""The ballot page in a real Chromium: with JavaScript off and on, in Kyrgyz and Russian, axe-clean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from kenesh.pb import demo as pb_demo
from kenesh.pb.models import Ballot, BallotFormat, Process
from kenesh.pb.testing import process_make, proposal_make, voter_make
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Municipality
from tests.browser.axe import axe_check
from tests.browser.fixtures import signed_in_page
from tests.browser.urls import url_of
from tests.pb.desk_util import code_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def axe_check_as_rendered(browser: Any, page: Any) -> None:
    """axe-core on what a page without JavaScript shows now (axe itself needs JavaScript to run).

    The page's current HTML is served again at its own address to a page with JavaScript on, so a
    state reached by a form post is checked as it is, without posting again.
    """
    html, url = page.content(), page.url
    context = browser.new_context()
    try:
        checker = context.new_page()
        checker.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        checker.goto(url)
        axe_check(checker)
    finally:
        context.close()


@pytest.fixture
def knapsack(site: str) -> Process:
    pb_demo.load_demo()
    municipality = Municipality.objects.current().get(coate=KUM_DOBO)
    process = process_make(municipality, ballot_format=BallotFormat.KNAPSACK, budget=1_000_000)
    for cost, ky, ru in (
        (600_000, "Суу түтүгү", "Водопровод"),
        (500_000, "Көпүрө", "Мост"),
        (300_000, "Көчө жарыгы", "Освещение"),
    ):
        proposal_make(process, cost=cost, title_ky=ky, title_ru=ru)
    return process


def _signed_in(browser: Any, site: str, user: Any, *, javascript: bool) -> Iterator[Any]:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    yield from signed_in_page(browser, site, client, java_script_enabled=javascript)


@pytest.fixture
def voter_page_without_js(browser: Any, site: str, knapsack: Process) -> Iterator[Any]:
    yield from _signed_in(browser, site, voter_make(knapsack), javascript=False)


@pytest.fixture
def voter_page(browser: Any, site: str, knapsack: Process) -> Iterator[Any]:
    yield from _signed_in(browser, site, voter_make(knapsack), javascript=True)


def test_knapsack_without_javascript_in_kyrgyz(browser, voter_page_without_js, site, knapsack):
    page = voter_page_without_js
    page.goto(url_of(site, "pb:ballot", "ky", process_id=knapsack.pk))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Бюллетень")
    axe_check_as_rendered(browser, page)

    # Over the budget: "check" shows the money left in red, "cast" refuses and keeps the marks.
    page.get_by_label("Суу түтүгү").check()
    page.get_by_label("Көпүрө").check()
    page.get_by_role("button", name="Тандоомду текшерүү").click()
    assert "Бюджеттен ашты" in page.locator(".pb-tally").inner_text()
    page.get_by_role("button", name="Добуш берүү").click()
    alert = page.get_by_role("alert")
    assert "бюджеттен ашык" in alert.inner_text()
    assert page.get_by_label("Суу түтүгү").is_checked() and page.get_by_label("Көпүрө").is_checked()
    assert Ballot.objects.filter(process=knapsack).count() == 0
    axe_check_as_rendered(browser, page)

    # Within the budget: the ballot is cast and shown back.
    page.get_by_label("Көпүрө").uncheck()
    page.get_by_label("Көчө жарыгы").check()
    page.get_by_role("button", name="Тандоомду текшерүү").click()
    assert "100 000" in page.locator("[data-tally=left]").inner_text().replace("\u00a0", " ")
    page.get_by_role("button", name="Добуш берүү").click()
    assert (
        "Бюллетениңиз катталды" in page.get_by_role("status").first.inner_text()
        or page.get_by_text("Бюллетениңиз катталды").first.is_visible()
    )
    assert Ballot.objects.filter(process=knapsack).count() == 1
    axe_check_as_rendered(browser, page)


def test_knapsack_money_left_is_live_with_javascript_in_russian(voter_page, site, knapsack):
    page = voter_page
    page.goto(url_of(site, "pb:ballot", "ru", process_id=knapsack.pk))
    left = page.locator("[data-tally=left]")
    page.get_by_label("Водопровод").check()
    page.wait_for_function("document.querySelector('[data-tally=left]').textContent.includes('400')")
    # The same format as the server's: "400 000 сом" with no-break spaces.
    assert left.text_content() == "400\u00a0000\u00a0сом"
    page.get_by_label("Мост").check()
    assert page.locator("[data-tally=over]").is_visible()
    axe_check(page)
    page.get_by_label("Мост").uncheck()
    page.get_by_role("button", name="Проголосовать").click()
    assert page.get_by_text("Ваш бюллетень принят").first.is_visible()
    assert Ballot.objects.filter(process=knapsack).count() == 1


def test_code_ballot_without_javascript_in_russian(browser, page_without_js, site, knapsack):
    from kenesh.accounts.models import Role
    from kenesh.accounts.testing import person_make

    staff = person_make(role=Role.STAFF, municipality=knapsack.municipality)
    code = code_for(knapsack, staff)
    page = page_without_js
    page.goto(url_of(site, "pb:code_enter", "ru", process_id=knapsack.pk))
    axe_check_as_rendered(browser, page)
    page.get_by_label("Код для голосования").fill("2222-3333-44")
    page.get_by_role("button", name="Продолжить").click()
    assert "недействителен" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Код для голосования").fill(code.lower())
    page.get_by_role("button", name="Продолжить").click()
    page.get_by_label("Освещение").check()
    axe_check_as_rendered(browser, page)
    page.get_by_role("button", name="Проголосовать").click()
    assert Ballot.objects.filter(process=knapsack, channel="code").count() == 1


def test_public_pages_of_the_demo_are_accessible(page, site, knapsack):
    open_vote = Process.objects.get(title_en=pb_demo.OPEN_TITLE_EN)
    for language in ("ky", "ru"):
        page.goto(url_of(site, "pb:process", language, process_id=open_vote.pk))
        axe_check(page)
        page.goto(url_of(site, "pb:ballot", language, process_id=open_vote.pk))
        axe_check(page)
        page.goto(url_of(site, "pb:proposal", language, process_id=open_vote.pk, number=7))
        axe_check(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url_of(site, "pb:process", "ky", process_id=open_vote.pk))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_the_receipt_of_a_code_ballot_checks_without_javascript_at_360px(
    browser, page_without_js, site, knapsack
):
    from kenesh.accounts.models import Role
    from kenesh.accounts.testing import person_make

    staff = person_make(role=Role.STAFF, municipality=knapsack.municipality)
    code = code_for(knapsack, staff)
    page = page_without_js
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url_of(site, "pb:code_enter", "ru", process_id=knapsack.pk))
    page.get_by_label("Код для голосования").fill(code)
    page.get_by_role("button", name="Продолжить").click()
    page.get_by_label("Освещение").check()
    page.get_by_role("button", name="Проголосовать").click()
    status = page.get_by_role("status").first.inner_text()
    receipt = re.search(r"\b([2-9A-Z]{5}-[2-9A-Z]{5})\b", status).group(1)
    assert "Освещение" not in status

    page.get_by_role("link", name="Проверить квитанцию").click()
    page.get_by_label("Квитанция").fill(receipt.lower().replace("-", " "))
    page.get_by_role("button", name="Проверить", exact=True).click()
    assert "Бюллетень с этой квитанцией принят" in page.get_by_role("status").first.inner_text()
    assert "Освещение" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check_as_rendered(browser, page)
    page.get_by_label("Квитанция").fill("ABC")
    page.get_by_role("button", name="Проверить", exact=True).click()
    assert "10 букв и цифр" in page.get_by_role("alert").first.inner_text()
