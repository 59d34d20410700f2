"""The terms of the law on citizens' appeals, as settings (a shorter answer term has been debated).

Each is read from Django settings when set there (KENESH_APPEAL_*), else the default below.
"""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS = {
    # Working days from receipt to registration, and to the answer; one extension adds EXTENSION_DAYS.
    "KENESH_APPEAL_REGISTRATION_DAYS": 3,
    "KENESH_APPEAL_ANSWER_DAYS": 14,
    "KENESH_APPEAL_EXTENSION_DAYS": 14,
    # The same text from the same sender within this many minutes is one appeal (double click, SMS retry).
    "KENESH_APPEAL_DUPLICATE_MINUTES": 10,
    # СОАТЕ of the municipality that takes SMS appeals nobody and nothing else places ("" : none).
    "KENESH_APPEAL_SMS_MUNICIPALITY": "",
}


def setting(name: str) -> object:
    return getattr(settings, name, DEFAULTS[name])


def answer_days() -> int:
    return int(str(setting("KENESH_APPEAL_ANSWER_DAYS")))


def registration_days() -> int:
    return int(str(setting("KENESH_APPEAL_REGISTRATION_DAYS")))


def extension_days() -> int:
    return int(str(setting("KENESH_APPEAL_EXTENSION_DAYS")))


def duplicate_minutes() -> int:
    return int(str(setting("KENESH_APPEAL_DUPLICATE_MINUTES")))


def sms_municipality_coate() -> str:
    return str(setting("KENESH_APPEAL_SMS_MUNICIPALITY"))


def site_url() -> str:
    """The site's public address for links in SMS and email (no request to build it from)."""
    configured = getattr(settings, "KENESH_SITE_URL", "") or os.environ.get("KENESH_SITE_URL", "")
    return str(configured or "http://localhost:8000").rstrip("/")
