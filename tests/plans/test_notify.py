"""A plan approved by the village gathering is announced to the residents who opted in to their
municipality's notices: by SMS or email, each in the subscriber's language, once per plan."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from kenesh.accounts.testing import office_login
from kenesh.messaging.models import OutboundSms
from kenesh.messaging.tasks import email_deliver
from kenesh.notices.models import Channel, Delivery, Subscription
from kenesh.notices.services import subscription_add
from kenesh.plans import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(ours, theirs):
    subscription_add(municipality=ours, channel=Channel.SMS, address="0700 111 222", language="ky")
    subscription_add(municipality=ours, channel=Channel.EMAIL, address="Bob@Example.kg", language="ru")
    subscription_add(municipality=theirs, channel=Channel.SMS, address="0700 333 444", language="ru")


@pytest.fixture
def ready(plan):
    services.item_save(
        actor=None,
        plan=plan,
        data=services.ItemInput(
            title_ky="Көчө жарыгы",
            title_ru="Уличное освещение",
            responsible="Айыл өкмөтү",
            deadline=datetime.date(2026, 10, 1),
        ),
    )
    return plan


def approve(plan, **overrides):
    data = {
        "actor": None,
        "plan": plan,
        "approved_on": datetime.date(2025, 12, 10),
        "minutes_ky": "Жыйын планды бекитти.",
        "base_url": "https://kenesh.test",
    }
    data.update(overrides)
    return services.plan_approve(**data)


def delivered_email():
    [queued] = DBTaskResult.objects.filter(task_path=email_deliver.module_path)
    email_deliver.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    [message] = mail.outbox
    return message


def test_an_approved_plan_reaches_subscribers_in_their_language_once(
    settings, ready, ours, subscribers, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        approve(ready)
    # Our Kyrgyz SMS subscriber, in Kyrgyz; nobody of the other municipality.
    sms = OutboundSms.objects.get()
    assert sms.to == "+996700111222"
    assert "2026-жылга биргелешкен аракеттер планын жарыялады" in sms.text
    assert "STOP" in sms.text
    # Our Russian email subscriber, in Russian, with the plan's page and the one-step unsubscribe link.
    message = delivered_email()
    assert message.to == ["bob@example.kg"]
    assert message.subject.startswith("План совместных действий 2026")
    assert "опубликован план совместных действий на 2026 год" in message.body
    assert "Утверждён сельским сходом" in message.body
    with translation.override("ru"):
        plan_path = reverse("plans:plan", kwargs={"coate": ours.coate, "year": 2026})
    assert f"https://kenesh.test{plan_path}" in message.body
    token = Subscription.objects.get(channel="email").token
    assert f"https://kenesh.test/ru/notices/unsubscribe/{token}/" in message.body
    assert set(Delivery.objects.values_list("topic", flat=True)) == {f"plan:{ready.pk}"}

    # Correcting the approval (or announcing again) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        approve(ready, approved_on=datetime.date(2025, 12, 11), minutes_ru="Сход утвердил план.")
        assert services.plan_notify(ready) == 0
    assert OutboundSms.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=email_deliver.module_path).count() == 1
    assert Delivery.objects.count() == 2


def test_a_refused_approval_sends_nothing(plan, subscribers, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        approve(plan)  # no items yet
    assert not OutboundSms.objects.exists() and not Delivery.objects.exists()


def test_a_cancelled_subscription_gets_nothing(ready, ours, django_capture_on_commit_callbacks):
    from kenesh.notices.services import subscription_cancel

    subscription = subscription_add(
        municipality=ours, channel=Channel.SMS, address="0700 555 666", language="ru"
    )
    subscription_cancel(subscription=subscription)
    with django_capture_on_commit_callbacks(execute=True):
        approve(ready)
    assert not OutboundSms.objects.exists()


def test_the_office_approval_sends_the_notice_with_the_site_s_address(
    client, ready, ours, staff, django_capture_on_commit_callbacks
):
    subscription_add(municipality=ours, channel=Channel.SMS, address="0700 111 222", language="ru")
    office_login(client, staff)
    with translation.override("ru"):
        address = reverse("plans:office_approve", kwargs={"coate": ours.coate, "year": ready.year})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            address, {"approved_on": "2025-12-10", "minutes_ky": "", "minutes_ru": "Сход утвердил план."}
        )
    assert response.status_code == 302
    sms = OutboundSms.objects.get()
    assert "опубликован план совместных действий на 2026 год" in sms.text
    assert Delivery.objects.get().topic == f"plan:{ready.pk}"
