"""Sending SMS and email, and receiving SMS: the writes of the messaging app.

`sms_send` and `email_send` only record and queue: delivery happens in a background task after the
caller's transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.identifiers import phone_normalise
from kenesh.messaging import tasks
from kenesh.messaging.inbound import handler_for, help_reply, keyword_of, text_to_store
from kenesh.messaging.models import InboundSms, OutboundSms, OutboundStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def sms_requested_receive(sender: Any, signal: Any = None, **message: Any) -> OutboundSms:
    """Queue a text that accounts (below this app) handed over (kenesh.ops.events.sms_request)."""
    return sms_send(**message)


def sms_send(*, to: str, text: str, municipality: Any = None) -> OutboundSms:
    """Queue one SMS to `to` (any Kyrgyz or international notation) and return its outbox row.

    `municipality`: the one whose business the message is, when there is one; only its staff (and
    administrators) read the message in the office. Raises ValidationError for a number that is not
    valid or an empty text.
    """
    text = text.strip()
    if not text:
        raise ValidationError(_("An SMS needs a text."), code="empty")
    message = OutboundSms.objects.create(to=phone_normalise(to), text=text, municipality=municipality)
    transaction.on_commit(partial(tasks.sms_deliver.enqueue, message.pk))
    return message


def email_send(
    *,
    to: str | Sequence[str],
    subject: str,
    template: str,
    context: Mapping[str, Any],
    language: str,
) -> None:
    """Render `template` (`<template>.txt`, and `<template>.html` when it exists) and the subject in the
    recipient's `language`, then send it from a background task after the caller's transaction commits.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language):
        rendered_subject = " ".join(str(subject).split())
        body = render_to_string(f"{template}.txt", dict(context))
        try:
            html: str | None = render_to_string(f"{template}.html", dict(context))
        except TemplateDoesNotExist:
            html = None
    transaction.on_commit(partial(tasks.email_deliver.enqueue, recipients, rendered_subject, body, html))


def sms_receive(*, sender: str, text: str, gateway_reference: str = "") -> InboundSms:
    """Store an incoming SMS and answer it through the handler of its keyword (or with help).

    A message the gateway delivers twice (same gateway reference) is stored and answered once. A handler
    that fails leaves the message stored and unhandled, for staff to see in the inbox. The message of a
    secret keyword (a ballot) is stored as its keyword alone: the text goes to the handler and nowhere
    else, and a failure of its handler is logged without the error's message.
    """
    stored, keyword, redacted = text_to_store(text)
    try:
        with transaction.atomic():
            message = InboundSms.objects.create(
                sender=_sender_normalise(sender),
                text=stored,
                keyword=keyword,
                redacted=redacted,
                gateway_reference=gateway_reference[:100],
            )
    except IntegrityError:
        if not gateway_reference:
            raise
        return InboundSms.objects.get(gateway_reference=gateway_reference[:100])
    try:
        with transaction.atomic():
            _answer(message, text)
    except Exception as error:
        extra = {"inbound_id": message.pk, "keyword": message.keyword}
        if redacted:
            # An error's message may quote what the handler was given: keep only its type and where.
            trace = "".join(traceback.format_tb(error.__traceback__))
            logger.error("SMS handler failed", extra={**extra, "error": type(error).__name__, "trace": trace})
        else:
            logger.exception("SMS handler failed", extra=extra)
        message.refresh_from_db()
    return message


def _sender_normalise(sender: str) -> str:
    # Numbers are kept in E.164 like the outbox's, so staff find one person's messages in both;
    # short codes and alphanumeric senders are kept as they came.
    try:
        return phone_normalise(sender)
    except ValidationError:
        return sender.strip()[:32]


def _answer(message: InboundSms, text: str) -> None:
    # The first word as sent: "VOTE3 7" is stored under VOTE (secret) but is no VOTE command.
    handler = handler_for(keyword_of(text))
    reply = handler(message, text) if handler is not None else help_reply()
    if reply:
        try:
            message.reply = sms_send(to=message.sender, text=reply, municipality=message.municipality)
        except ValidationError:
            # Short codes and alphanumeric senders cannot be answered.
            logger.info("SMS sender cannot take a reply", extra={"inbound_id": message.pk})
    message.handled = handler is not None
    message.save(update_fields=["reply", "handled", "municipality"])


def messages_prune(*, before: datetime.datetime) -> int:
    """Delete SMS sent or received before `before` (replies go with their message); the number deleted.

    An outbox holds phone numbers beside what was said to them: it is kept only as long as staff may need
    to answer a question about a delivery (`KENESH_SMS_KEEP_DAYS`, see kenesh.ops prune_personal_data).
    """
    inbound, _kinds = InboundSms.objects.filter(received_at__lt=before).delete()
    outbound, _kinds = (
        OutboundSms.objects.filter(created_at__lt=before).exclude(status=OutboundStatus.QUEUED).delete()
    )
    return inbound + outbound


def personal_data_expired_receive(sender: Any, now: datetime.datetime, **kwargs: Any) -> tuple[str, int]:
    """kenesh.ops.events.personal_data_expired: delete SMS older than KENESH_SMS_KEEP_DAYS."""
    return "SMS", messages_prune(before=now - datetime.timedelta(days=settings.KENESH_SMS_KEEP_DAYS))
