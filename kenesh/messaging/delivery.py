"""One delivery attempt of an SMS or an email, and when to try again: the body of the background tasks."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from kenesh.messaging.gateways import GatewayResult, Outcome, SmsGateway, gateway_from_settings
from kenesh.messaging.models import OutboundSms, OutboundStatus

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1, 2, ...): doubling from the base."""
    return float(settings.KENESH_DELIVERY_RETRY_SECONDS * 2 ** (attempt - 1))


def sms_attempt(*, outbound_id: int, gateway: SmsGateway | None = None) -> float | None:
    """Try to deliver one queued SMS; return the seconds until the next try, or None when it is settled.

    The attempt is claimed with a conditional update, so a message that is no longer queued (delivered,
    failed, or claimed by a repeated task) is left alone. The gateway is called outside any transaction:
    a slow operator must not hold database locks.
    """
    now = timezone.now()
    claimed = OutboundSms.objects.filter(pk=outbound_id, status=OutboundStatus.QUEUED).update(
        attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return None
    message = OutboundSms.objects.get(pk=outbound_id)
    try:
        result = (gateway or gateway_from_settings()).send(message)
    except Exception as error:
        # A fault of ours (configuration, a bug) must not strand the message as queued forever.
        logger.exception("SMS gateway raised", extra={"sms_id": message.pk})
        result = GatewayResult(Outcome.RETRYABLE, error=f"{type(error).__name__}: {error}")
    outbox = OutboundSms.objects.filter(pk=message.pk)
    if result.delivered:
        status = OutboundStatus.SENT if result.outcome is Outcome.SENT else OutboundStatus.OUTBOX
        outbox.update(
            status=status,
            delivered_at=timezone.now(),
            updated_at=timezone.now(),
            last_error="",
            gateway_reference=result.gateway_reference,
        )
        return None
    if result.outcome is Outcome.RETRYABLE and message.attempts < settings.KENESH_DELIVERY_MAX_ATTEMPTS:
        outbox.update(last_error=result.error, updated_at=timezone.now())
        return retry_delay(message.attempts)
    outbox.update(status=OutboundStatus.FAILED, last_error=result.error, updated_at=timezone.now())
    logger.warning(
        "SMS delivery failed",
        extra={"sms_id": message.pk, "attempts": message.attempts, "error": result.error},
    )
    return None


def email_attempt(
    *, to: Sequence[str], subject: str, body: str, html: str | None, attempt: int
) -> float | None:
    """Send one rendered email; return the seconds until the next try after a transient failure.

    After the last attempt the error propagates, so the task is recorded as failed with its traceback.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, to=list(to))
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        if attempt >= settings.KENESH_DELIVERY_MAX_ATTEMPTS:
            raise
        logger.warning("Email delivery failed, will retry", exc_info=True, extra={"attempt": attempt})
        return retry_delay(attempt)
    return None
