"""Queueing SMS and email, one delivery attempt, and the retry schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from kenesh.messaging.delivery import retry_delay, sms_attempt
from kenesh.messaging.models import OutboundSms, OutboundStatus
from kenesh.messaging.services import email_send, sms_send
from kenesh.messaging.tasks import email_deliver, sms_deliver

pytestmark = pytest.mark.django_db


def _queued_tasks(task) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at"))


def test_sms_send_normalises_the_number_and_queues_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = sms_send(to="0700 123 456", text="  Салам!  ")
        assert _queued_tasks(sms_deliver) == []

    assert len(callbacks) == 1
    message.refresh_from_db()
    assert (message.to, message.text, message.status, message.attempts) == (
        "+996700123456",
        "Салам!",
        OutboundStatus.QUEUED,
        0,
    )
    [queued] = _queued_tasks(sms_deliver)
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}


def test_sms_send_refuses_a_bad_number_or_an_empty_text():
    with pytest.raises(ValidationError) as bad_number:
        sms_send(to="12345", text="Салам")
    assert bad_number.value.code == "invalid_phone"
    with pytest.raises(ValidationError) as empty:
        sms_send(to="+996700123456", text="   ")
    assert empty.value.code == "empty"
    assert not OutboundSms.objects.exists()


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            sms_send(to="+996700123456", text="Салам")
            raise RuntimeError("the change failed")

    assert callbacks == []
    assert not OutboundSms.objects.exists()


def test_outbox_gateway_delivers_to_the_outbox():
    message = OutboundSms.objects.create(to="+996700123456", text="Салам")

    assert sms_attempt(outbound_id=message.pk) is None

    message.refresh_from_db()
    assert message.status == OutboundStatus.OUTBOX
    assert message.attempts == 1
    assert message.delivered_at is not None


def test_a_settled_message_is_not_sent_twice(http_gateway_settings):
    message = OutboundSms.objects.create(to="+996700123456", text="Салам")
    sms_attempt(outbound_id=message.pk)
    sms_attempt(outbound_id=message.pk)

    assert len(http_gateway_settings.requests) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.gateway_reference) == (OutboundStatus.SENT, 1, "op-1")


def test_retry_delays_double(settings):
    settings.KENESH_DELIVERY_RETRY_SECONDS = 30
    assert [retry_delay(attempt) for attempt in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_task_reenqueues_with_backoff_then_gives_up_after_five_attempts(http_gateway_settings, settings):
    settings.KENESH_DELIVERY_RETRY_SECONDS = 30
    for _ in range(5):
        http_gateway_settings.answer(503, b"busy")
    message = OutboundSms.objects.create(to="+996700123456", text="Салам")

    for attempt in range(1, 6):
        before = timezone.now()
        sms_deliver.call(message.pk)
        message.refresh_from_db()
        assert message.attempts == attempt
        retries = _queued_tasks(sms_deliver)
        if attempt < 5:
            assert message.status == OutboundStatus.QUEUED
            assert message.last_error == "HTTP 503: busy"
            assert len(retries) == attempt
            wait = retries[-1].run_after - before
            assert (
                timedelta(seconds=retry_delay(attempt)) <= wait < timedelta(seconds=retry_delay(attempt) + 5)
            )

    assert message.status == OutboundStatus.FAILED
    assert len(_queued_tasks(sms_deliver)) == 4
    assert len(http_gateway_settings.requests) == 5


def test_permanent_refusal_fails_at_once(http_gateway_settings):
    http_gateway_settings.answer(400, b"no such number")
    message = OutboundSms.objects.create(to="+996700123456", text="Салам")

    sms_deliver.call(message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        OutboundStatus.FAILED,
        1,
        "HTTP 400: no such number",
    )
    assert _queued_tasks(sms_deliver) == []


def test_email_is_rendered_in_the_recipients_language_and_sent_by_the_task(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to="aigul@example.kg",
            # A lazy subject is translated in the recipient's language, like the body.
            subject=gettext_lazy("Messages"),
            template="messaging/email/notice",
            context={"name": "Айгүл", "text": "Жооп даяр."},
            language="ru",
        )
    assert mail.outbox == []
    [queued] = _queued_tasks(email_deliver)

    email_deliver.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])

    [sent] = mail.outbox
    assert sent.to == ["aigul@example.kg"]
    assert sent.subject == "Сообщения"
    assert sent.body.startswith("Здравствуйте, Айгүл!\n\nЖооп даяр.\n")
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL


def test_email_in_kyrgyz(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to=["a@example.kg", "b@example.kg"],
            subject="Subject",
            template="messaging/email/notice",
            context={"text": "Текст"},
            language="ky",
        )
    [queued] = _queued_tasks(email_deliver)
    email_deliver.call(*queued.args_kwargs["args"])

    [sent] = mail.outbox
    assert sent.to == ["a@example.kg", "b@example.kg"]
    assert sent.body.startswith("Саламатсызбы!\n\nТекст\n")


def test_email_failure_is_retried_then_raised(settings):
    # Nothing listens on port 9 of 127.0.0.1: every SMTP connection is refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.KENESH_DELIVERY_MAX_ATTEMPTS = 2

    email_deliver.call(["a@example.kg"], "Subject", "Body", None)
    [retry] = _queued_tasks(email_deliver)
    assert retry.args_kwargs["args"] == [["a@example.kg"], "Subject", "Body", None, 2]
    assert retry.run_after > timezone.now()

    with pytest.raises(OSError):
        email_deliver.call(*retry.args_kwargs["args"])
