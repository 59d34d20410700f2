"""Reading the SMS outbox and inbox for the back office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kenesh.messaging.models import InboundSms, OutboundSms


def _residents_phones(viewer: Any) -> QuerySet[Any] | None:
    """Phones whose messages `viewer` may read: None for everyone's (administrators), else the phones of
    the residents of the municipalities they serve as staff, since the outbox holds everyone's numbers."""
    from kenesh.accounts.models import Role, User
    from kenesh.accounts.permissions import active_roles, is_admin

    if is_admin(viewer):
        return None
    served = {m for role, m in active_roles(viewer) if role == Role.STAFF and m is not None}
    return User.objects.filter(municipality_id__in=served, phone__isnull=False).values("phone")


def outbox_list(*, viewer: Any) -> QuerySet[OutboundSms]:
    """Outgoing messages `viewer` may read, newest first."""
    messages = OutboundSms.objects.order_by("-created_at", "-id")
    phones = _residents_phones(viewer)
    return messages if phones is None else messages.filter(to__in=phones)


def inbox_list(*, viewer: Any) -> QuerySet[InboundSms]:
    """Incoming messages `viewer` may read, newest first, with the reply each got."""
    messages = InboundSms.objects.select_related("reply").order_by("-received_at", "-id")
    phones = _residents_phones(viewer)
    return messages if phones is None else messages.filter(sender__in=phones)
