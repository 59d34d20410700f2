"""What a person types to sign in: a phone number (normalised to E.164, Kyrgyz by default) or an email."""

from __future__ import annotations

from typing import Literal, NamedTuple

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "KG"


class Identifier(NamedTuple):
    field: Literal["phone", "email"]
    value: str


def phone_normalise(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the number in E.164 (+996700123456) or raise ValidationError."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number. Write it like 0700 123 456 or +996 700 123 456."),
            code="invalid_phone",
            params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_normalise(raw: str) -> str:
    """Return the address in lower case (addresses are compared case-insensitively) or raise."""
    value = raw.strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a valid email address."), code="invalid_email", params={"value": raw}
        ) from None
    return value.lower()


def identifier_parse(raw: str) -> Identifier:
    """Read "phone or email": anything with an @ is an email address, the rest must be a phone number."""
    value = (raw or "").strip()
    if not value:
        raise ValidationError(_("Enter a phone number or an email address."), code="required")
    if "@" in value:
        return Identifier("email", email_normalise(value))
    return Identifier("phone", phone_normalise(value))


def identifier_or_raw(raw: str) -> str:
    """The normalised identifier, or the stripped raw text when it is not valid (for rate limiting keys)."""
    try:
        return identifier_parse(raw).value
    except ValidationError:
        return (raw or "").strip().lower()
