"""Ballot receipts: a short random code given to the voter once, so they can check their ballot is recorded.

Every ballot gets a new receipt each time it is cast or changed. The plain receipt goes to the voter
(the page after a web or code ballot, the SMS reply) and is stored nowhere by us; the ballot keeps only
its keyed hash (HMAC-SHA256 with SECRET_KEY, per process). The public "check my receipt" page says only
whether a ballot with that receipt is recorded in the process: never its choices, never whose it is.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: a receipt is copied from an SMS or a screen and typed back on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 10  # 31**10 ≈ 8·10^14: guessing any of a process's receipts is pointless


def receipt_make() -> str:
    """A new random receipt, plain (not formatted)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_LENGTH))


def receipt_normalise(text: str) -> str:
    """Upper case, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def receipt_format(receipt: str) -> str:
    """XXXXX-XXXXX: two halves, unlike the XXXX-XXXX-XX of a voting code, so the two are not confused."""
    plain = receipt_normalise(receipt)
    return f"{plain[:5]}-{plain[5:]}"


def receipt_is_wellformed(text: str) -> bool:
    plain = receipt_normalise(text)
    return len(plain) == RECEIPT_LENGTH and all(ch in ALPHABET for ch in plain)


def receipt_hash(process_id: int, receipt: str) -> str:
    """What the ballot stores of its receipt: the HMAC of the process and the normalised receipt."""
    message = f"pb-receipt:{process_id}:{receipt_normalise(receipt)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
