"""Checks views call before they act: a named permission, or the back office (login, role, second factor).

They ask only `user.has_perm(name)`, whose names the apps register (kenesh.accounts.permissions and each
app's permissions.py), so every app's views use them without importing the apps that define the roles.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import devices_for_user

# Held by every back-office role (registered by kenesh.accounts.permissions).
OFFICE_ACCESS = "office.access"


def require_perm(request: HttpRequest, name: str, obj: Any = None) -> None:
    """Raise PermissionDenied (a 403 page) unless the signed-in person has permission `name` on `obj`."""
    if not request.user.has_perm(name, obj):
        raise PermissionDenied(name)


def second_factor_passed(user: Any) -> bool:
    """Whether this session proved a TOTP or backup code (django-otp's middleware adds is_verified)."""
    # Right after login() request.user is the bare User, without the middleware's is_verified.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def needs_second_factor(user: Any) -> bool:
    """Office users must prove a TOTP (or backup) code in this session."""
    return bool(user.is_authenticated and user.has_perm(OFFICE_ACCESS) and not second_factor_passed(user))


def second_factor_url(user: Any, next_url: str) -> str:
    """Where to send an office user who has not passed the second factor: set it up, or enter a code."""
    has_device = any(True for _ in devices_for_user(user, confirmed=True))
    name = "accounts:otp_verify" if has_device else "accounts:otp_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def office_check(request: HttpRequest) -> HttpResponse | None:
    """None when the request may enter the office; otherwise the response to give instead.

    Anonymous: to the login page. Signed in without an office role: 403. Office role without the second
    factor in this session: to TOTP setup or verification.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user.has_perm(OFFICE_ACCESS):
        raise PermissionDenied(OFFICE_ACCESS)
    if not second_factor_passed(user):
        return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
    return None


def office_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a back-office view: signed in, holding an office role, second factor passed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = office_check(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapped


class OfficeRequiredMixin:
    """The class-based form of `office_required`; put it first among the bases."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = office_check(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
