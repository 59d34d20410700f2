"""Reads of the notices app."""

from __future__ import annotations

from typing import Any

from kenesh.notices.models import Delivery, Subscription


def subscriptions_of(*, user: Any, municipality: Any) -> list[Subscription]:
    """The person's active subscriptions to one municipality's notices."""
    return list(
        Subscription.objects.filter(user=user, municipality=municipality, cancelled_at__isnull=True).order_by(
            "channel"
        )
    )


def deliveries_count(*, topic: str) -> int:
    """How many subscriptions were sent the notice `topic`."""
    return Delivery.objects.filter(topic=topic).count()
