"""The subscriptions' settings (kenesh.config.settings), with the defaults used when one is not set."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

# The yearly price of a priced plan before an administrator enters one in the price table.
DEFAULT_PRICE = Decimal("2500")
# Days before the end of a subscription when a reminder goes out.
REMINDER_DAYS = (30, 7)


def union_requisites() -> dict[str, str]:
    return dict(getattr(settings, "KENESH_UNION_REQUISITES", {}))


def payment_provider_name() -> str:
    return str(getattr(settings, "KENESH_PAYMENT_PROVIDER", "manual"))


def default_seats() -> int:
    return int(getattr(settings, "KENESH_SUBSCRIPTION_SEATS", 10))
