"""A person who forgot the password sets a new one from the sign-in page, on a 360 px phone, in ky and ru."""

from __future__ import annotations

import re

import pytest

from kenesh.accounts.demo import DEMO_PEOPLE
from kenesh.messaging.models import OutboundSms
from tests.browser.urls import url_of

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# The link, the button, the heading and the confirmation, in each language.
WORDS = {
    "ky": (
        "Сырсөздү унутуп калдыңызбы?",
        "Код же шилтеме жөнөтүү",
        "Жаңы сырсөздү сактоо",
        "Сырсөзүңүз өзгөртүлдү",
    ),
    "ru": ("Забыли пароль?", "Отправить код или ссылку", "Сохранить новый пароль", "Пароль изменён"),
}


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_phone_account_resets_its_password_by_sms_code(browser, site, language):
    person = next(p for p in DEMO_PEOPLE if p.login.startswith("+") and p.role is None)
    forgot, send, save, done = WORDS[language]
    new_password = f"жаңы-{language}-сырсөз-2026"
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(url_of(site, "accounts:login", language))
        page.get_by_role("link", name=forgot).click()
        page.locator("input[name=login]").fill(person.login.replace("+996", "0"))
        page.get_by_role("button", name=send).click()
        page.wait_for_url(re.compile(r".*/login/reset/\?login="))
        assert page.locator("input[name=login]").input_value() == person.login
        text = OutboundSms.objects.filter(to=person.login).order_by("-pk").values_list("text", flat=True)[0]
        code = re.search(r"\b(\d{6})\b", text)
        assert code is not None
        page.locator("input[name=code]").fill(code.group(1))
        page.locator("input[name=password1]").fill(new_password)
        page.locator("input[name=password2]").fill(new_password)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.get_by_role("button", name=save).click()
        page.wait_for_url(url_of(site, "accounts:login", language))
        assert done in page.locator(".messages").inner_text()
        page.locator("input[name=username]").fill(person.login)
        page.locator("input[name=password]").fill(new_password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(url_of(site, "accounts:profile", language))
    finally:
        context.close()
