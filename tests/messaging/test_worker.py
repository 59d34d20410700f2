"""The real background path: commit, then the db_worker command runs the queued delivery."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kenesh.messaging.models import OutboundSms, OutboundStatus
from kenesh.messaging.services import email_send, sms_send
from kenesh.messaging.tasks import sms_deliver

pytestmark = pytest.mark.django_db(transaction=True)


def _run_worker_batch() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)


def test_worker_delivers_a_queued_sms_to_the_outbox():
    message = sms_send(to="+996 555 123 456", text="Угуу эртең саат 10до.")
    assert DBTaskResult.objects.ready().count() == 1

    _run_worker_batch()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundStatus.OUTBOX, 1)
    assert DBTaskResult.objects.ready().count() == 0
    assert DBTaskResult.objects.successful().count() == 1


def test_worker_sends_an_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_send(
        to="aigul@example.kg",
        subject="Kenesh",
        template="messaging/email/notice",
        context={"name": "Айгүл", "text": "Жооп даяр."},
        language="ky",
    )
    assert mail.outbox == []

    _run_worker_batch()

    [sent] = mail.outbox
    assert sent.to == ["aigul@example.kg"]
    assert sent.body.startswith("Саламатсызбы, Айгүл!")


def test_worker_sends_through_the_http_gateway_and_schedules_a_retry(http_gateway_settings):
    http_gateway_settings.answer(503, b"busy")
    message = sms_send(to="+996700123456", text="Салам")

    _run_worker_batch()

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        OutboundStatus.QUEUED,
        1,
        "HTTP 503: busy",
    )
    # The retry waits for its time: the batch stopped without running it.
    retry = DBTaskResult.objects.get(task_path=sms_deliver.module_path, status="READY")
    retry.run_after = retry.enqueued_at
    retry.save(update_fields=["run_after"])

    _run_worker_batch()

    message.refresh_from_db()
    assert (message.status, message.attempts, message.gateway_reference) == (OutboundStatus.SENT, 2, "op-1")
    assert [request["body"]["reference"] for request in http_gateway_settings.requests] == [
        message.reference
    ] * 2
    assert OutboundSms.objects.count() == 1
