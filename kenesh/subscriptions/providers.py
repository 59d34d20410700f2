"""Payment providers: how money for an invoice is confirmed before it is registered.

LSG bodies pay by bank transfer, which an administrator registers by hand (`ManualBankTransfer`); an online
provider (a card or mobile-wallet acquirer) implements the same `PaymentProvider` protocol later and is
chosen by KENESH_PAYMENT_PROVIDER. Tests plug in a fake provider, as the SMS tests plug in a gateway.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from kenesh.subscriptions.conf import payment_provider_name


@dataclass(frozen=True)
class PaymentClaim:
    """What the payer or the bank says was paid: for which invoice, how much, when, under what reference."""

    invoice_number: str
    amount: Decimal
    paid_on: datetime.date
    reference: str = ""


@dataclass(frozen=True)
class Confirmation:
    """The provider's word that the money arrived, with its own reference for the payment."""

    amount: Decimal
    paid_on: datetime.date
    reference: str


class PaymentRefused(Exception):
    """The provider does not confirm the payment; the message says why, for the person registering it."""


class PaymentProvider(Protocol):
    code: str

    def confirm(self, claim: PaymentClaim) -> Confirmation:
        """Confirm the claim (or raise PaymentRefused)."""
        ...


class ManualBankTransfer:
    """An administrator saw the transfer on the LSG Union's bank statement: the claim is the confirmation."""

    code = "bank_transfer"

    def confirm(self, claim: PaymentClaim) -> Confirmation:
        return Confirmation(amount=claim.amount, paid_on=claim.paid_on, reference=claim.reference.strip())


PROVIDERS: dict[str, type[ManualBankTransfer]] = {"manual": ManualBankTransfer}


def provider_from_settings() -> PaymentProvider:
    name = payment_provider_name()
    if name not in PROVIDERS:
        raise ImproperlyConfigured(
            f"Unknown KENESH_PAYMENT_PROVIDER {name!r}: use one of {sorted(PROVIDERS)}."
        )
    return PROVIDERS[name]()
