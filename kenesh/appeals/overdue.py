"""Deadlines that pass: an open appeal past the end of its deadline's day becomes overdue, in public, and the
head of the body is told. Run by the tasks that registration and extension queue (kenesh.appeals.tasks), by
their daily sweep and by `manage.py appeals_overdue`; this module imports neither services nor tasks, so the
arrows run services -> tasks -> overdue.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from kenesh.appeals.models import OPEN_STATUSES, Appeal, Event, Head
from kenesh.audit.services import audit_record
from kenesh.messaging.services import email_send, sms_send


def deadline_moment(due_on: datetime.date) -> datetime.datetime:
    """The end of the deadline's day in Bishkek: from then on the appeal is overdue."""
    next_day = due_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def head_notify(appeal: Appeal, head: Any) -> None:
    language = head.preferred_language or "ky"
    with translation.override(language):
        text = gettext(
            "Appeal %(number)s (%(category)s) passed its deadline of %(due)s without an answer."
        ) % {
            "number": appeal.registration_number,
            "category": str(appeal.category),
            "due": appeal.due_on.strftime("%d.%m.%Y"),
        }
    if head.email:
        email_send(
            to=head.email,
            subject=text,
            template="appeals/email/overdue",
            context={"appeal": appeal},
            language=language,
        )
    elif head.phone:
        sms_send(to=head.phone, text=text, municipality=appeal.municipality)


@transaction.atomic
def appeal_overdue_escalate(*, appeal_id: int, now: datetime.datetime | None = None) -> bool:
    """Mark an open appeal past its deadline as overdue and tell the head of the body; False if it is not."""
    now = now or timezone.now()
    appeal = Appeal.objects.select_for_update().select_related("municipality", "category").get(pk=appeal_id)
    if appeal.status not in OPEN_STATUSES or appeal.overdue_at is not None:
        return False
    if now < deadline_moment(appeal.due_on):
        return False
    appeal.overdue_at = now
    appeal.save(update_fields=["overdue_at"])
    Event.objects.create(appeal=appeal, kind=Event.Kind.OVERDUE, at=now)
    audit_record(
        actor=None,
        action="appeals.appeal.overdue",
        target=appeal,
        municipality=appeal.municipality,
        changes={"overdue": {"before": False, "after": True}},
    )
    head = Head.objects.filter(municipality_id=appeal.municipality_id).select_related("person").first()
    if head is not None:
        head_notify(appeal, head.person)
    return True


def appeals_overdue_sweep(*, now: datetime.datetime | None = None) -> int:
    """Escalate every open appeal past its deadline (the scheduled checks' safety net); how many."""
    now = now or timezone.now()
    last_due = timezone.localdate(now) - datetime.timedelta(days=1)
    ids = list(
        Appeal.objects.filter(
            status__in=OPEN_STATUSES, overdue_at__isnull=True, due_on__lte=last_due
        ).values_list("pk", flat=True)
    )
    return sum(1 for appeal_id in ids if appeal_overdue_escalate(appeal_id=appeal_id, now=now))
