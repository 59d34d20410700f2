"""Personal identification numbers (ПИН, 14 digits on the ID card), kept only as keyed fingerprints.

A PIN proves that two records are one person: the account a staff member verified with the ID card, and
the person recorded at a voting desk. Neither the platform nor its staff can read a PIN back: only
HMAC-SHA256 with SECRET_KEY is stored, and other apps derive their own fingerprints from this one
(`pin_fingerprint`), so the plain PIN never needs to be kept to match them later.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PIN_LENGTH = 14


def pin_clean(text: str) -> str:
    """The 14 digits of a PIN, spaces and dashes dropped; else ValidationError on the field "pin"."""
    pin = "".join(ch for ch in str(text) if ch not in " -")
    if len(pin) != PIN_LENGTH or not pin.isascii() or not pin.isdigit():
        raise ValidationError(
            {
                "pin": ValidationError(
                    _("A personal identification number (PIN) has 14 digits, as on the ID card."),
                    code="pin",
                )
            }
        )
    return pin


def pin_fingerprint(pin: str) -> str:
    """The keyed hash that stands for a person's PIN on their account (the PIN itself is never stored)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"person-pin:{pin}".encode(), hashlib.sha256).hexdigest()
