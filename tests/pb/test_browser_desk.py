"""The desk in a real Chromium: find a resident by name and hand them a voting code (PDF), axe-clean."""

from __future__ import annotations

import pytest

from kenesh.pb import demo as pb_demo
from kenesh.pb.models import DeskVoter, Process
from kenesh.pb.testing import voter_make
from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_issuing_a_code_to_a_named_resident(office_page, site):
    pb_demo.load_demo()
    process = Process.objects.get(title_en=pb_demo.OPEN_TITLE_EN)
    resident = voter_make(process, full_name="Сейилбек Асанакунов", phone="+996700765432")
    page = office_page
    page.goto(url_of(site, "pb:office_process", "ru", process_id=process.pk))
    page.get_by_role("link", name="Коды и бумажные бюллетени для жителей").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Коды и бумажные бюллетени для жителей"
    axe_check(page)

    page.get_by_label("Имя или телефон").fill("Сейилбек")
    page.get_by_role("search").get_by_role("button").click()
    row = page.get_by_role("row").filter(has_text="Сейилбек Асанакунов")
    assert "…5432" in row.inner_text()
    axe_check(page)
    row.get_by_label("ID-карта проверена").check()
    with page.expect_download() as download:
        row.get_by_role("button", name="Код для голосования").click()
    assert download.value.suggested_filename.endswith(".pdf")
    holder = DeskVoter.objects.get(process=process, user=resident)
    assert holder.credential == "code" and holder.code.used_at is None

    # Found again, the resident now shows what they hold, and cannot get a second one.
    page.get_by_label("Имя или телефон").fill("765432")
    page.get_by_role("search").get_by_role("button").click()
    row = page.get_by_role("row").filter(has_text="Сейилбек Асанакунов")
    assert "Выдано: Код для голосования" in row.inner_text()
    assert row.get_by_role("button").count() == 0

    # A person without an account: a wrong PIN is refused and what was typed stays.
    page.get_by_label("ФИО").fill("Мээрим Токтогулова")
    page.get_by_label("Персональный идентификационный номер (ПИН)").fill("12345")
    page.get_by_label("Бумажный бюллетень").check()
    page.locator("#id_checked").check()
    page.get_by_role("button", name="Записать и напечатать талон").click()
    assert "14 цифр" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_label("ФИО").input_value() == "Мээрим Токтогулова"
    axe_check(page)
    assert not DeskVoter.objects.filter(process=process, user__isnull=True).exists()
