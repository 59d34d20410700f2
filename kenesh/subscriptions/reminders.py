"""Expiry reminders: 30 and 7 days before a subscription's last day, by email (or SMS without an email),
each sent once. Run by the tasks the services queue for each new end (kenesh.subscriptions.tasks), by their
sweep and by `manage.py subscriptions_remind`; this module imports neither services nor tasks, so the arrows
run services -> tasks -> reminders.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.messaging.services import email_send, sms_send
from kenesh.subscriptions.conf import REMINDER_DAYS
from kenesh.subscriptions.models import Reminder, Subscription


def recipients_of(subscription: Subscription) -> list[User]:
    """The person of an individual subscription; the staff of the LSG body of a body's subscription."""
    if subscription.person_id is not None:
        return [subscription.person] if subscription.person is not None else []
    staff_ids = (
        RoleAssignment.objects.active()
        .filter(municipality=subscription.municipality, role=Role.STAFF)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=staff_ids, is_active=True).order_by("pk"))


def _notify(person: User, subscription: Subscription) -> bool:
    language = person.preferred_language or "ky"
    assert subscription.ends_on is not None
    with translation.override(language):
        text = gettext(
            "Your subscription to the Municipalitet journal and the LSG Best Practices Portal ends on "
            "%(date)s. Ask for an invoice on Kenesh to extend it."
        ) % {"date": subscription.ends_on.strftime("%d.%m.%Y")}
        subject = gettext("Your subscription ends on %(date)s") % {
            "date": subscription.ends_on.strftime("%d.%m.%Y")
        }
    if person.email:
        email_send(
            to=person.email,
            subject=subject,
            template="subscriptions/email/reminder",
            context={"text": text, "subscription": subscription},
            language=language,
        )
        return True
    if person.phone:
        sms_send(to=person.phone, text=text, municipality=subscription.municipality)
        return True
    return False


def reminder_send(*, subscription_id: int, days_before: int, now: datetime.datetime | None = None) -> bool:
    """Send the reminder `days_before` days before the subscription's end, once; False when it is not due
    (too early, already past the end, the subscription was extended meanwhile) or was sent already."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("person", "municipality")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None or subscription.ends_on is None:
            return False
        ends_on = subscription.ends_on
        if not ends_on - datetime.timedelta(days=days_before) <= today <= ends_on:
            return False
        # A 30-day reminder that comes late (a worker down for weeks) is not sent after the 7-day one.
        if any(other < days_before and (ends_on - today).days <= other for other in REMINDER_DAYS):
            return False
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    subscription=subscription, ends_on=ends_on, days_before=days_before, sent_at=now
                )
        except IntegrityError:
            return False
        reminder.recipients = sum(
            1 for person in recipients_of(subscription) if _notify(person, subscription)
        )
        reminder.save(update_fields=["recipients"])
    return True


def reminders_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due and not sent (the queued tasks' safety net); how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for days in sorted(REMINDER_DAYS):
        ids = Subscription.objects.filter(
            ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days)
        ).values_list("pk", flat=True)
        for subscription_id in list(ids):
            sent += reminder_send(subscription_id=subscription_id, days_before=days, now=now)
    return sent


def reminders_for(subscription: Any) -> list[Reminder]:
    return list(Reminder.objects.filter(subscription=subscription).order_by("sent_at"))
