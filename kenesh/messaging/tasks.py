"""Background tasks that deliver SMS and email, re-enqueued with a growing delay after a transient failure."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from kenesh.messaging.delivery import email_attempt, sms_attempt


@task()
def sms_deliver(outbound_id: int) -> None:
    delay = sms_attempt(outbound_id=outbound_id)
    if delay is not None:
        sms_deliver.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(outbound_id)


@task()
def email_deliver(to: list[str], subject: str, body: str, html: str | None, attempt: int = 1) -> None:
    delay = email_attempt(to=to, subject=subject, body=body, html=html, attempt=attempt)
    if delay is not None:
        email_deliver.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            to, subject, body, html, attempt + 1
        )
