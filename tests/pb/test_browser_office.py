"""The PB back office in a real Chromium: process, review, codes, paper ballots, who voted; axe-clean."""

from __future__ import annotations

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb import demo as pb_demo
from kenesh.pb.models import PaperBallot, Process
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.pb.desk_util import paper_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_office_pages(office_page, site):
    pb_demo.load_demo()
    process = Process.objects.get(title_en=pb_demo.OPEN_TITLE_EN)
    page = office_page
    for name in ("pb:office_process", "pb:office_paper", "pb:office_participation", "pb:office_desk"):
        page.goto(url_of(site, name, "ru", process_id=process.pk))
        assert page.get_by_role("heading", level=1).is_visible()
        axe_check(page)
    page.goto(url_of(site, "pb:office_proposal", "ky", process_id=process.pk, number=1))
    axe_check(page)
    page.goto(url_of(site, "pb:office", "ky"))
    axe_check(page)

    # A paper ballot typed in once waits for a second person; a bad reading is refused with a message.
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    serial = paper_for(process, staff)
    page.goto(url_of(site, "pb:office_paper", "ru", process_id=process.pk))
    page.get_by_label("Серийный номер бумажного бюллетеня").fill(serial)
    page.get_by_label("Отмеченные проекты").fill("1 99")
    page.get_by_role("button", name="Сохранить ввод").click()
    assert "99" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_label("Отмеченные проекты").input_value() == "1 99"
    axe_check(page)
    page.get_by_label("Отмеченные проекты").fill("1 2")
    page.get_by_role("button", name="Сохранить ввод").click()
    assert PaperBallot.objects.get(process=process, serial=serial).status == "pending"
