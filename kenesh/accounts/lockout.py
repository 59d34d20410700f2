"""Limits on signing in: the key django-axes counts failures under (the normalised phone or email,
whatever the spelling), and the per-address and per-account limits counted in the shared cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.identifiers import identifier_or_raw
from kenesh.ops import limits
from kenesh.ops.clientip import client_ip_or_unknown


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """ "0700 123 456", "+996700123456" and "0700123456" are one person to the lock-out counter."""
    # Django's failure signal names the field "username"; axes' own check uses AXES_USERNAME_FORM_FIELD.
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        raw = credentials.get("username") or credentials.get(field) or ""
    else:
        raw = getattr(request, "data", request.POST).get("username", "")
    return identifier_or_raw(str(raw))


# Besides django-axes' lock of one login name at one address (AXES_* settings), two limits of
# settings.KENESH_RATES count failed sign-ins in the shared cache: "login-address" (any login name, one
# address) refuses the address for the rest of the window; "login-account" (one login name, any address)
# makes the account's sign-in wait out the window, except in a browser that signed in to that account
# before (a signed "known browser" cookie), so that guessing from many addresses does not keep the owner out.
KNOWN_BROWSER_COOKIE = "kenesh_known"
KNOWN_BROWSER_SALT = "kenesh.accounts.known-browser"
KNOWN_BROWSER_MAX_AGE = 180 * 24 * 3600
ADDRESS_REFUSED = _("Too many failed sign-ins from your network. Wait an hour and try again.")
ACCOUNT_SLOWED = _(
    "Too many failed sign-ins to this account from several places. Wait a quarter of an hour and try again, "
    "or sign in from a device you used before."
)


def _known_browser_value(login_name: str) -> str:
    return salted_hmac(KNOWN_BROWSER_SALT, login_name).hexdigest()


def known_browser(request: HttpRequest, login_name: str) -> bool:
    """Whether this browser signed in to `login_name` before (its signed cookie names that login)."""
    value = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE, default=None, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE
    )
    return bool(login_name) and value == _known_browser_value(login_name)


def known_browser_remember(request: HttpRequest, response: HttpResponse) -> None:
    """After a successful sign-in: mark this browser as one the account's owner uses."""
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        _known_browser_value(lockout_username(request)),
        salt=KNOWN_BROWSER_SALT,
        max_age=KNOWN_BROWSER_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def login_refusal(request: HttpRequest) -> str | None:
    """Why this sign-in is refused before its password is checked, or None to go on."""
    if limits.failures_exhausted(request, "login-address", client_ip_or_unknown(request)):
        return str(ADDRESS_REFUSED)
    login_name = lockout_username(request)
    if (
        login_name
        and limits.failures_exhausted(request, "login-account", login_name)
        and not known_browser(request, login_name)
    ):
        return str(ACCOUNT_SLOWED)
    return None


def login_failure_count(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Receiver of user_login_failed: one more failure for the address and for the login name."""
    if request is None:
        return
    limits.failure_count(request, "login-address", client_ip_or_unknown(request))
    login_name = lockout_username(request, credentials)
    if login_name:
        limits.failure_count(request, "login-account", login_name)
