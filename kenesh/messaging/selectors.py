"""Reading the SMS outbox and inbox for the back office.

Who reads which message: administrators every message; staff of a municipality the messages recorded
as its business (a vote there, and the reply to it), and the messages that concern no municipality (a
sign-in code, a help answer) of the people who live there now. A message recorded for municipality A
stays A's when its person moves to B: B's staff never read how, when or what they voted in A.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kenesh.accounts.models import Role, User
from kenesh.accounts.permissions import active_roles, is_admin
from kenesh.messaging.models import InboundSms, OutboundSms, OutboundStatus


def _served(viewer: Any) -> set[int] | None:
    """The municipalities whose messages `viewer` reads: None for every one (administrators)."""
    if is_admin(viewer):
        return None
    return {m for role, m in active_roles(viewer) if role == Role.STAFF and m is not None}


def _scope(served: set[int], phone_field: str) -> Q:
    residents = User.objects.filter(municipality_id__in=served, phone__isnull=False).values("phone")
    return Q(municipality_id__in=served) | Q(municipality__isnull=True, **{f"{phone_field}__in": residents})


def outbox_list(*, viewer: Any) -> QuerySet[OutboundSms]:
    """Outgoing messages `viewer` may read, newest first."""
    messages = OutboundSms.objects.order_by("-created_at", "-id")
    served = _served(viewer)
    return messages if served is None else messages.filter(_scope(served, "to"))


def inbox_list(*, viewer: Any) -> QuerySet[InboundSms]:
    """Incoming messages `viewer` may read, newest first, with the reply each got."""
    messages = InboundSms.objects.select_related("reply").order_by("-received_at", "-id")
    served = _served(viewer)
    return messages if served is None else messages.filter(_scope(served, "sender"))


def sms_queued_count() -> int:
    """SMS waiting to be handed to the operator (a gauge of /metrics: a growing queue is a stuck worker)."""
    return OutboundSms.objects.filter(status=OutboundStatus.QUEUED).count()
