"""Reading the SMS outbox and inbox for the back office."""

from __future__ import annotations

from django.db.models import QuerySet

from kenesh.messaging.models import InboundSms, OutboundSms


def outbox_list() -> QuerySet[OutboundSms]:
    """Outgoing messages, newest first."""
    return OutboundSms.objects.order_by("-created_at", "-id")


def inbox_list() -> QuerySet[InboundSms]:
    """Incoming messages, newest first, with the reply each got."""
    return InboundSms.objects.select_related("reply").order_by("-received_at", "-id")
