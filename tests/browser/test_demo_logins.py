"""Every login that `run_platform` prints works through the real sign-in form, second factor included."""

import pytest

from kenesh.accounts.demo import DEMO_BACKUP_CODES, DEMO_LOGINS, DEMO_PEOPLE
from kenesh.accounts.models import OFFICE_ROLES
from tests.browser.urls import url_of

pytestmark = pytest.mark.browser

OFFICE_LOGINS = {person.login for person in DEMO_PEOPLE if person.role in OFFICE_ROLES}


def test_the_demo_logins_cover_every_demo_person():
    assert {entry.login for entry in DEMO_LOGINS} == {person.login for person in DEMO_PEOPLE}
    assert OFFICE_LOGINS, "some demo people work in the office"


def test_every_demo_login_signs_in_and_out(page, site):
    # The `site` fixture switched to MD5 before loading the demo, so the demo passwords hash with it.
    login_url = url_of(site, "accounts:login", "en")
    profile_url = url_of(site, "accounts:profile", "en")
    office_url = url_of(site, "web:office", "en")
    for role, login, password, _note in DEMO_LOGINS:
        office = login in OFFICE_LOGINS
        # Office people start where they work: the office sends them to sign in and brings them back.
        page.goto(office_url if office else login_url)
        assert page.url.startswith(login_url), role
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", password)
        page.get_by_role("button", name="Sign in", exact=True).last.click()
        if office:
            page.wait_for_url(f"{url_of(site, 'accounts:otp_verify', 'en')}?*")
            page.fill("input[name=token]", DEMO_BACKUP_CODES[0])
            page.get_by_role("button", name="Continue").click()
        landing = office_url if office else profile_url
        page.wait_for_url(landing)
        assert page.locator("main h1").inner_text() == ("Office" if office else "My profile"), role
        assert page.get_by_role("button", name="Sign out").is_visible(), role
        assert page.get_by_role("link", name="My profile").is_visible(), role

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Sign in").is_visible(), role
        assert page.get_by_role("button", name="Sign out").count() == 0, role
