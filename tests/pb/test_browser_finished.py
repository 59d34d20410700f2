"""The ballot's check, the results text and a finished vote in Chromium, in Kyrgyz and Russian, at 360 px.

Issue 14, items 2-4: "Тандоомду текшерүү" checks the ballot against its rules and says what is wrong, with and
without JavaScript, and keeps the age declaration ticked; the live counter warns past the maximum; the
results explain the Add1 raise and fit a phone; a finished vote says selected / not selected.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kenesh.pb import demo as pb_demo
from kenesh.pb.models import Ballot, Process
from kenesh.pb.testing import process_make, proposal_make, voter_make
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Municipality
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.pb.test_browser_ballot import _signed_in, axe_check_as_rendered

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}

TEXT = {
    "ky": {
        "check": "Тандоомду текшерүү",
        "cast": "Добуш берүү",
        "too_many": "Эң көп дегенде 3 долбоор тандаңыз.",
        "live": "Долбоор өтө көп: эң көп дегенде 3 долбоор тандаңыз.",
        "ok": "Тандооңуз бул бюллетендин эрежелерине туура келет.",
        "declare": "Менин жашым 20 же андан улуу экенин ырастайм.",
        "rule": "1ден 3кө чейин долбоор тандаңыз.",
        "titles": ("Суу түтүгү", "Көпүрө", "Көчө жарыгы", "Оюн аянтчасы"),
    },
    "ru": {
        "check": "Проверить выбор",
        "cast": "Проголосовать",
        "too_many": "Выберите не больше 3 проектов.",
        "live": "Слишком много проектов: выберите не больше 3.",
        "ok": "Ваш выбор соответствует правилам этого бюллетеня.",
        "declare": "Подтверждаю, что мне 20 лет или больше",
        "rule": "Выберите от 1 до 3 проектов.",
        "titles": ("Водопровод", "Мост", "Освещение", "Детская площадка"),
    },
}


@pytest.fixture
def approval(site: str) -> Process:
    municipality = Municipality.objects.current().get(coate=KUM_DOBO)
    # Age 20: a voter of 18-29 must declare it (their band does not tell).
    process = process_make(municipality, budget=1_000_000, min_choices=1, max_choices=3, min_age=20)
    for ky, ru in zip(TEXT["ky"]["titles"], TEXT["ru"]["titles"], strict=True):
        proposal_make(process, cost=100_000, title_ky=ky, title_ru=ru)
    return process


def _voter(browser: Any, site: str, process: Process, *, javascript: bool) -> Iterator[Any]:
    yield from _signed_in(browser, site, voter_make(process, age_group="18-29"), javascript=javascript)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_check_says_what_is_wrong_without_javascript_at_360px(browser, site, approval, language):
    words = TEXT[language]
    for page in _voter(browser, site, approval, javascript=False):
        page.set_viewport_size(PHONE)
        page.goto(url_of(site, "pb:ballot", language, process_id=approval.pk))
        assert words["rule"] in page.locator("#ballot-instructions").inner_text()
        for title in words["titles"]:
            page.get_by_label(title).check()
        page.get_by_label(words["declare"]).check()
        page.get_by_role("button", name=words["check"]).click()
        assert words["too_many"] in page.get_by_role("alert").inner_text()
        assert page.locator("[data-tally=too-many]").is_visible()
        assert words["live"] in page.locator("[data-tally=too-many]").inner_text()
        # Every mark and the age declaration are still there.
        assert all(page.get_by_label(title).is_checked() for title in words["titles"])
        assert page.get_by_label(words["declare"]).is_checked()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        axe_check_as_rendered(browser, page)

        page.get_by_label(words["titles"][3]).uncheck()
        page.get_by_role("button", name=words["check"]).click()
        assert words["ok"] in page.locator("#ballot-check").inner_text()
        assert page.get_by_label(words["declare"]).is_checked()
        assert not page.locator("[data-tally=too-many]").is_visible()
        assert Ballot.objects.filter(process=approval).count() == 0
        # The declaration the check kept is the one the cast sends: the ballot is recorded.
        page.get_by_role("button", name=words["cast"]).click()
        assert Ballot.objects.filter(process=approval).count() == 1


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_live_counter_warns_past_the_maximum_with_javascript_at_360px(browser, site, approval, language):
    words = TEXT[language]
    for page in _voter(browser, site, approval, javascript=True):
        page.set_viewport_size(PHONE)
        page.goto(url_of(site, "pb:ballot", language, process_id=approval.pk))
        warning = page.locator("[data-tally=too-many]")
        for title in words["titles"][:3]:
            page.get_by_label(title).check()
        assert page.locator("[data-tally=chosen]").inner_text() == "3" and not warning.is_visible()
        page.get_by_label(words["titles"][3]).check()
        warning.wait_for(state="visible")
        assert page.locator("[data-tally=chosen]").inner_text() == "4"
        assert words["live"] in warning.inner_text()
        axe_check(page)
        # The check (a form post) keeps the declaration ticked with JavaScript too, and says what is wrong.
        page.get_by_label(words["declare"]).check()
        page.get_by_role("button", name=words["check"]).click()
        assert words["too_many"] in page.get_by_role("alert").inner_text()
        assert page.get_by_label(words["declare"]).is_checked()
        page.get_by_label(words["titles"][0]).uncheck()
        warning.wait_for(state="hidden")


@pytest.fixture
def finished(site: str) -> Process:
    pb_demo.load_demo()
    return Process.objects.get(title_en=pb_demo.FINISHED_TITLE_EN)


@pytest.mark.parametrize(
    ("language", "raised", "selected", "not_selected", "built"),
    [
        (
            "ky",
            "Add1 толуктоосу",
            "Добуш берүүдө тандалды",
            "Добуш берүүдө тандалган жок",
            "Ишке ашырылып жаткан долбоорлор",
        ),
        ("ru", "дополнение Add1", "Выбран голосованием", "Не выбран голосованием", "Реализуемые проекты"),
    ],
)
def test_a_finished_vote_reads_finished_on_a_phone(
    browser, page_without_js, site, finished, language, raised, selected, not_selected, built
):
    page = page_without_js
    for width in (360, 390):
        page.set_viewport_size({"width": width, "height": 740})
        page.goto(url_of(site, "pb:results", language, process_id=finished.pk))
        summary = page.locator("#why + p").inner_text()
        assert raised in summary and ",00" not in page.locator("main").inner_text()
        # Every column of the funded table is on screen: the table does not scroll, nor does the page.
        table = page.locator("section[aria-labelledby=funded] table")
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        votes = page.locator("section[aria-labelledby=funded] tbody tr").first.locator("td").last
        votes_box = votes.bounding_box()
        assert votes_box["x"] + votes_box["width"] <= width
    axe_check_as_rendered(browser, page)

    page.goto(url_of(site, "pb:process", language, process_id=finished.pk))
    statuses = page.locator(".pb-proposals .pb-status").all_inner_texts()
    assert any(selected in s for s in statuses) and any(not_selected in s for s in statuses)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name=built).click()
    assert page.url.endswith(f"/pb/{finished.pk}/implementation/")
