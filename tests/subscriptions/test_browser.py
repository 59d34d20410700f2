"""Subscriptions in Chromium: the public "how to subscribe" page and the staff's seats page pass axe-core
(0 serious), fit 360 px in Kyrgyz and Russian, and work with JavaScript off (asking for an invoice, giving
and removing a seat)."""

from __future__ import annotations

import pytest
from django.test import Client

from kenesh.accounts.models import Role, User
from kenesh.accounts.testing import office_login
from kenesh.subscriptions import demo as subscriptions_demo
from kenesh.subscriptions.models import Invoice, Seat
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.fixtures import _new_page, signed_in_page
from tests.browser.urls import url_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def subscriptions_site(site):
    subscriptions_demo.load_demo()
    return site


def _fits_and_passes_axe(page) -> None:
    axe_check(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_how_to_subscribe_page_passes_axe_and_fits_a_phone(page, subscriptions_site, language):
    page.set_viewport_size({"width": 1280, "height": 800})
    response = page.goto(url_of(subscriptions_site, "subscriptions:how_to", language))
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    _fits_and_passes_axe(page)


def test_a_person_asks_for_an_invoice_without_javascript(browser, subscriptions_site):
    reader = User.objects.create_user("reader@kenesh.test", None, full_name="Айжан Окуучу")
    client = Client()
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    for page in signed_in_page(
        browser, subscriptions_site, client, viewport=PHONE, java_script_enabled=False
    ):
        page.goto(url_of(subscriptions_site, "subscriptions:how_to", "ru"))
        page.get_by_role("link", name="Запросить счёт").click()
        page.get_by_label("Я, как частное лицо (индивидуальный тариф)").check()
        page.get_by_role("button", name="Получить счёт").click()
        invoice = Invoice.objects.get(subscription__person=reader)
        assert page.get_by_role("heading", name="Моя подписка").count() == 1
        assert invoice.number in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_manage_the_seats_on_a_phone_without_javascript(browser, subscriptions_site):
    staff = User.objects.get(
        role_assignments__role=Role.STAFF,
        role_assignments__municipality__coate=KUM_DOBO,
        role_assignments__revoked_at__isnull=True,
    )
    client = Client()
    office_login(client, staff)
    url = url_of(subscriptions_site, "subscriptions:office_body", "ky", coate=KUM_DOBO)
    for page in signed_in_page(browser, subscriptions_site, client, viewport={"width": 1280, "height": 800}):
        for language in ("ky", "ru"):
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(url_of(subscriptions_site, "subscriptions:office_body", language, coate=KUM_DOBO))
            _fits_and_passes_axe(page)
    deputy_seat = Seat.objects.filter(
        subscription__municipality__coate=KUM_DOBO, user__role_assignments__role=Role.DEPUTY
    ).first()
    assert deputy_seat is not None
    name = deputy_seat.user.full_name
    for page in signed_in_page(
        browser, subscriptions_site, client, viewport=PHONE, java_script_enabled=False
    ):
        page.goto(url)
        page.get_by_role("button", name=f"{name} ордун бошотуу").click()
        assert page.get_by_text("Орун бошотулду.").count() == 1
        page.get_by_label("Кызматкер же депутат").select_option(label=name)
        page.get_by_role("button", name="Орун берүү").click()
        assert page.get_by_text("Орун берилди.").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Seat.objects.filter(user=deputy_seat.user, removed_at__isnull=True).count() == 1


def test_a_subscriber_chooses_the_weekly_digest_on_a_phone_without_javascript(browser, subscriptions_site):
    from kenesh.subscriptions.digest import digest_token
    from kenesh.subscriptions.models import DigestChoice, Subscription

    reader = Subscription.objects.filter(person__isnull=False).first().person
    reader.email = reader.email or "digest-reader@kenesh.test"
    reader.save(update_fields=["email"])
    client = Client()
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    stop_url = url_of(subscriptions_site, "subscriptions:digest_stop", "ky", token=digest_token(reader.pk))
    # axe-core and the width are measured by scripts: in a page with JavaScript on.
    for page in signed_in_page(browser, subscriptions_site, client, viewport={"width": 1280, "height": 800}):
        for language in ("ky", "ru"):
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(url_of(subscriptions_site, "subscriptions:digest", language))
            assert page.locator("html").get_attribute("lang") == language
            _fits_and_passes_axe(page)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(stop_url)
        _fits_and_passes_axe(page)
    # The choice itself, with JavaScript off, on a phone.
    for page in signed_in_page(
        browser, subscriptions_site, client, viewport=PHONE, java_script_enabled=False
    ):
        page.goto(url_of(subscriptions_site, "subscriptions:digest", "ru"))
        page.get_by_role("button", name="Получать еженедельный дайджест").click()
        assert page.get_by_role("button", name="Отказаться от еженедельного дайджеста").count() == 1
    assert DigestChoice.objects.filter(user=reader).exists()
    # The email's link, in a browser that is not signed in, JavaScript off.
    for page in _new_page(browser, viewport=PHONE, java_script_enabled=False):
        page.goto(stop_url)
        page.get_by_role("button", name="Апталык дайджестти токтотуу").click()
        assert page.get_by_text("Апталык дайджест мындан ары сизге келбейт.").count() == 1
    assert not DigestChoice.objects.filter(user=reader).exists()
