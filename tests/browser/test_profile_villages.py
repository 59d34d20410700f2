"""The profile's village list follows the chosen municipality: htmx swaps the options in place."""

import pytest

from kenesh.accounts.demo import DEMO_LOGINS
from kenesh.territory.demo import KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Municipality, Settlement
from tests.browser.axe import axe_check
from tests.browser.urls import url_of

pytestmark = pytest.mark.browser


def test_choosing_a_municipality_refreshes_its_villages_without_a_reload(page, site):
    # The Content-Security-Policy (no inline script or style, no eval) must not stop htmx or anything else.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    citizen = next(entry for entry in DEMO_LOGINS if entry.login == "+996700000001")
    page.goto(url_of(site, "accounts:login", "ru"))
    page.fill("input[name=username]", citizen.login)
    page.fill("input[name=password]", citizen.password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(url_of(site, "accounts:profile", "ru"))
    axe_check(page)

    semiz_bel = Municipality.objects.current().get(coate=SEMIZ_BEL)
    villages = Settlement.objects.filter(parent=semiz_bel).order_by("name_ru")
    expected = list(villages.values_list("pk", flat=True))
    assert expected, "the demo gives Semiz-Bel villages"
    kum_dobo = Municipality.objects.current().get(coate=KUM_DOBO)
    assert page.locator("#id_municipality").input_value() == str(kum_dobo.pk)
    page.evaluate("window.kenesh_no_reload = true")

    with page.expect_response(lambda response: "/profile/villages/" in response.url):
        page.select_option("#id_municipality", str(semiz_bel.pk))

    options = page.locator("#id_village option")
    page.wait_for_function(
        "n => document.querySelectorAll('#id_village option[value]:not([value=\"\"])').length === n",
        arg=len(expected),
    )
    values = [value for value in options.evaluate_all("os => os.map(o => o.value)") if value]
    assert values == [str(pk) for pk in expected]
    # The same page: htmx replaced the options, the browser did not navigate.
    assert page.evaluate("window.kenesh_no_reload") is True
    assert violations == []
