"""Tracking codes: ten random characters from an alphabet without look-alikes (no 0/O, 1/I/L, U)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10  # 30**10 is about 5.9e14: guessing one in a rate-limited lookup is hopeless
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalise(typed: str) -> str:
    """What a person typed or a link carried, as stored: upper case, no dashes or spaces, bounded.

    Anything goes in and something comes out: a malformed code is looked up like any other and found
    nowhere, so a wrong code and one that does not exist take the same path.
    """
    return _NOT_CODE.sub("", str(typed)[:64].upper())[:16]
