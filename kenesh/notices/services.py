"""Writes of the notices app: opting in and out, and sending a notice to everyone who opted in.

`notice_send` is the one entry point for the apps that announce things: a hearing (kenesh.hearings) now, a
published action plan later. It queues one SMS or email per active subscription through kenesh.messaging,
each in the subscriber's language, and records the delivery so that a notice reaches a subscription once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.identifiers import phone_normalise
from kenesh.audit.services import audit_record
from kenesh.messaging.models import InboundSms
from kenesh.messaging.services import email_send, sms_send
from kenesh.notices.models import Channel, Delivery, Subscription
from kenesh.territory.models import Level

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
STOP_WORD = "STOP"


def _address_clean(channel: str, address: str) -> str:
    if channel == Channel.SMS:
        return phone_normalise(address)
    if channel == Channel.EMAIL:
        address = address.strip().lower()
        validate_email(address)
        return address
    raise ValidationError(_("Choose SMS or email."), code="channel")


@transaction.atomic
def subscription_add(
    *, municipality: Any, channel: str, address: str, language: str, user: Any = None
) -> Subscription:
    """Opt `address` in to the notices of `municipality` on `channel`; an active one is updated."""
    if municipality.level != Level.MUNICIPALITY:
        raise ValidationError(_("Notices come from a municipality."), code="municipality")
    if language not in LANGUAGES:
        raise ValidationError(_("Choose Kyrgyz or Russian."), code="language")
    address = _address_clean(channel, address)
    subscription = (
        Subscription.objects.select_for_update()
        .filter(municipality=municipality, channel=channel, address=address, cancelled_at__isnull=True)
        .first()
    )
    if subscription is not None:
        if subscription.language != language:
            subscription.language = language
            subscription.save(update_fields=["language"])
        return subscription
    subscription = Subscription.objects.create(
        municipality=municipality, channel=channel, address=address, language=language, user=user
    )
    audit_record(
        actor=user,
        action="notices.subscription.add",
        target=subscription,
        municipality=municipality,
        changes={"channel": {"before": None, "after": channel}},
    )
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> Subscription:
    """Stop sending notices to this subscription (again: nothing changes)."""
    if subscription.cancelled_at is None:
        subscription.cancelled_at = timezone.now()
        subscription.save(update_fields=["cancelled_at"])
        audit_record(
            actor=subscription.user,
            action="notices.subscription.cancel",
            target=subscription,
            municipality=subscription.municipality,
            changes={"cancelled": {"before": False, "after": True}},
        )
    return subscription


def subscription_cancel_by_token(*, token: str) -> Subscription | None:
    """The unsubscribe link's action: None when the token is unknown."""
    subscription = Subscription.objects.filter(token=token).select_related("municipality").first()
    if subscription is None:
        return None
    return subscription_cancel(subscription=subscription)


def stop_by_sms(message: InboundSms, text: str) -> str:
    """The STOP keyword: end every SMS subscription of the sender's number; the reply says so in ky and ru."""
    cancelled = 0
    for subscription in Subscription.objects.filter(
        channel=Channel.SMS, address=message.sender, cancelled_at__isnull=True
    ).select_related("municipality"):
        subscription_cancel(subscription=subscription)
        cancelled += 1
    lines = []
    for language in ("ky", "ru"):
        with translation.override(language):
            if cancelled:
                lines.append(gettext("Kenesh: you will no longer get notices by SMS."))
            else:
                lines.append(gettext("Kenesh: this number was not subscribed to notices."))
    return "\n".join(lines)


def notice_send(
    *,
    municipality: Any,
    topic: str,
    sms_text: Callable[[str], str],
    email_subject: Callable[[str], str],
    email_template: str,
    email_context: Callable[[str], Mapping[str, Any]],
    base_url: str = "",
) -> int:
    """Queue the notice `topic` to every active subscription of `municipality` not yet sent it; how many.

    The callables take a language code and are called with that language active: `sms_text` gives the
    SMS (the unsubscribe hint is appended), `email_subject` and `email_context` the email's subject and
    the context of `email_template` (which also gets `unsubscribe_url`). `base_url` ("https://host") makes
    the unsubscribe link absolute. Call it inside the transaction of the change it announces: nothing is
    delivered if that rolls back.
    """
    sent = 0
    already = set(
        Delivery.objects.filter(topic=topic, subscription__municipality=municipality).values_list(
            "subscription_id", flat=True
        )
    )
    subscriptions = Subscription.objects.filter(municipality=municipality, cancelled_at__isnull=True)
    for subscription in subscriptions.order_by("id"):
        if subscription.pk in already:
            continue
        with translation.override(subscription.language):
            if subscription.channel == Channel.SMS:
                hint = gettext("Send STOP to stop these messages.")
                text = f"{sms_text(subscription.language)} {hint}"
                sms_send(to=subscription.address, text=text, municipality=municipality)
            else:
                path = reverse("notices:unsubscribe", kwargs={"token": subscription.token})
                context = {**email_context(subscription.language), "unsubscribe_url": f"{base_url}{path}"}
                email_send(
                    to=subscription.address,
                    subject=email_subject(subscription.language),
                    template=email_template,
                    context=context,
                    language=subscription.language,
                )
        Delivery.objects.create(subscription=subscription, topic=topic)
        sent += 1
    return sent
