"""Reading "phone or email"."""

import pytest
from django.core.exceptions import ValidationError

from kenesh.accounts.identifiers import Identifier, identifier_or_raw, identifier_parse, phone_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0700 123 456", "+996700123456"),
        ("+996 (555) 12-34-56", "+996555123456"),
        ("996700123456", "+996700123456"),
        ("0312 62 00 00", "+996312620000"),
        ("+7 912 345 67 89", "+79123456789"),
    ],
)
def test_phone_numbers_become_e164_with_kyrgyzstan_as_the_default(raw, expected):
    assert phone_normalise(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0700 12", "phone", "+996 000 000 000"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as caught:
        phone_normalise(raw)
    assert caught.value.code == "invalid_phone"


def test_anything_with_an_at_sign_is_an_email_in_lower_case():
    assert identifier_parse("  Aigul@Example.KG ") == Identifier("email", "aigul@example.kg")
    assert identifier_parse("0700123456") == Identifier("phone", "+996700123456")
    with pytest.raises(ValidationError):
        identifier_parse("aigul@")
    with pytest.raises(ValidationError):
        identifier_parse("   ")


def test_the_lockout_key_is_normalised_when_it_can_be():
    assert identifier_or_raw("0700 123 456") == identifier_or_raw("+996700123456")
    assert identifier_or_raw(" Not A Login ") == "not a login"
