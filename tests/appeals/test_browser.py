"""The appeals pages in Chromium: axe-core (0 serious), 360 px without sideways scrolling, in Kyrgyz and
Russian; sending and following an appeal with JavaScript off; staff answering on a phone."""

from __future__ import annotations

import pytest
from django.test import Client

from kenesh.accounts.models import Role, User
from kenesh.accounts.testing import office_login
from kenesh.appeals import demo as appeals_demo
from kenesh.appeals.models import Appeal, Status
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.fixtures import signed_in_page
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def appeals_site(site):
    appeals_demo.load_demo()
    return site


def _fits_and_passes_axe(page) -> None:
    axe_check(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)


PUBLIC = [
    ("appeals:index", {}),
    ("appeals:new", {"coate": KUM_DOBO}),
    ("appeals:list", {"coate": KUM_DOBO}),
    ("appeals:figures", {"coate": KUM_DOBO}),
    ("appeals:national", {}),
    ("appeals:track", {}),
    ("appeals:track_code", {"code": appeals_demo.DEMO_CODE}),
]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_public_pages_pass_axe_and_fit_a_phone(page, appeals_site, language):
    for name, kwargs in PUBLIC:
        page.set_viewport_size({"width": 1280, "height": 800})
        response = page.goto(url_of(appeals_site, name, language, **kwargs))
        assert response is not None and response.status == 200, name
        assert page.locator("html").get_attribute("lang") == language
        _fits_and_passes_axe(page)


def test_send_and_follow_an_appeal_without_javascript(page_without_js, appeals_site):
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto(url_of(appeals_site, "appeals:new", "ru", coate=KUM_DOBO))
    page.get_by_label("Ваше обращение").fill("Во дворе школы нет света")
    page.get_by_role("button", name="Отправить обращение").click()
    # Nothing to answer to: the page keeps the text and says what is missing.
    assert page.get_by_label("Ваше обращение").input_value() == "Во дворе школы нет света"
    assert page.get_by_text("Укажите телефон или электронную почту").count() >= 1
    page.get_by_label("Телефон для ответа").fill("0700 765 432")
    page.get_by_role("button", name="Отправить обращение").click()
    assert page.get_by_role("heading", name="Ваше обращение зарегистрировано").count() == 1
    appeal = Appeal.objects.get(text="Во дворе школы нет света")
    page.get_by_role("link", name="Следить за моим обращением").click()
    assert appeal.registration_number in page.content()
    assert "765 432" not in page.content() and "765432" not in page.content()
    # The form of the tracking page, without a script, with the code as printed (dash, lower case).
    page.goto(url_of(appeals_site, "appeals:track", "ru"))
    page.get_by_label("Код отслеживания").fill(appeal.code_display.lower())
    page.get_by_role("button", name="Показать").click()
    assert appeal.registration_number in page.content()


def test_staff_answer_on_a_phone_without_javascript(browser, appeals_site):
    staff = User.objects.get(
        role_assignments__role=Role.STAFF,
        role_assignments__municipality__coate=KUM_DOBO,
        role_assignments__revoked_at__isnull=True,
    )
    appeal = (
        Appeal.objects.filter(municipality__coate=KUM_DOBO, status=Status.IN_PROGRESS).order_by("pk").first()
    )
    assert appeal is not None
    client = Client()
    office_login(client, staff)
    for page in signed_in_page(browser, appeals_site, client, viewport=PHONE):
        for url in (
            url_of(appeals_site, "appeals:office", "ky") + "?overdue=1",
            url_of(appeals_site, "appeals:office_appeal", "ru", appeal_id=appeal.pk),
            url_of(appeals_site, "appeals:office_paper", "ky") + f"?m={KUM_DOBO}",
        ):
            page.goto(url)
            _fits_and_passes_axe(page)
        page.goto(url_of(appeals_site, "appeals:office", "ky") + "?overdue=1")
        assert page.locator("table tbody tr").count() >= 1
    # The answer goes out without a script (axe needs one, so it ran above).
    for page in signed_in_page(browser, appeals_site, client, viewport=PHONE, java_script_enabled=False):
        page.goto(url_of(appeals_site, "appeals:office_appeal", "ky", appeal_id=appeal.pk))
        page.locator("#id_answer-text").fill("Иш бүттү, рахмат.")
        page.get_by_role("button", name="Жоопту жөнөтүү").click()
        assert page.get_by_text("Жооп сакталып, жаранга жөнөтүлдү.").count() == 1
    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED
