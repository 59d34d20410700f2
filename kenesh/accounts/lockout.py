"""The key django-axes counts failed logins under: the normalised phone or email, whatever the spelling."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kenesh.accounts.identifiers import identifier_or_raw


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """ "0700 123 456", "+996700123456" and "0700123456" are one person to the lock-out counter."""
    # Django's failure signal names the field "username"; axes' own check uses AXES_USERNAME_FORM_FIELD.
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        raw = credentials.get("username") or credentials.get(field) or ""
    else:
        raw = getattr(request, "data", request.POST).get("username", "")
    return identifier_or_raw(str(raw))
