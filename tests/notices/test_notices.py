"""Notices to residents who opted in: per municipality and channel, in their language; STOP and the link."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from kenesh.accounts.testing import person_make
from kenesh.hearings.models import HearingKind
from kenesh.hearings.services import hearing_schedule
from kenesh.messaging.models import OutboundSms
from kenesh.messaging.services import sms_receive
from kenesh.messaging.tasks import email_deliver
from kenesh.notices.models import Channel, Delivery, Subscription
from kenesh.notices.services import subscription_add
from tests.hearings.conftest import days_ago

pytestmark = pytest.mark.django_db


def schedule(staff, municipality, **overrides):
    data = {
        "kind": HearingKind.DRAFT_BUDGET,
        "title_ky": "Бюджеттин долбоору",
        "title_ru": "Проект бюджета",
        "date": days_ago(0) + datetime.timedelta(days=14),
        "time": datetime.time(10, 0),
        "venue": "Айыл өкмөтү",
        "online_url": "",
        "budget_version": None,
        "notice_date": days_ago(0),
    }
    data.update(overrides)
    return hearing_schedule(actor=staff, municipality=municipality, base_url="https://kenesh.test", **data)


@pytest.fixture
def resident(ours):
    return person_make(
        phone="+996700123456", email="aigul@example.kg", preferred_language="ky", resident_of=ours
    )


def test_a_resident_opts_in_on_the_page(client, resident, ours):
    client.force_login(resident)
    with translation.override("ky"):
        address = reverse("notices:subscribe", kwargs={"coate": ours.coate})
    assert client.get(address).status_code == 200
    client.post(address, {"sms": "on", "email": "on", "language": "ky"})
    assert set(Subscription.objects.values_list("channel", "address")) == {
        ("sms", "+996700123456"),
        ("email", "aigul@example.kg"),
    }
    client.post(address, {"sms": "on", "language": "ru"})
    active = Subscription.objects.filter(cancelled_at__isnull=True)
    assert list(active.values_list("channel", "language")) == [("sms", "ru")]


def test_the_page_needs_a_login(client, ours):
    response = client.get(reverse("notices:subscribe", kwargs={"coate": ours.coate}))
    assert response.status_code == 302


def test_a_scheduled_hearing_reaches_subscribers_in_their_language_once(
    settings, staff, ours, theirs, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    subscription_add(municipality=ours, channel=Channel.SMS, address="0700 111 222", language="ky")
    subscription_add(municipality=ours, channel=Channel.EMAIL, address="Bob@Example.kg", language="ru")
    subscription_add(municipality=theirs, channel=Channel.SMS, address="0700 333 444", language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        hearing = schedule(staff, ours)
    sms = OutboundSms.objects.get()
    assert sms.to == "+996700111222" and "Бюджеттин долбоору" in sms.text and "STOP" in sms.text
    [queued] = DBTaskResult.objects.filter(task_path=email_deliver.module_path)
    email_deliver.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    [message] = mail.outbox
    assert message.to == ["bob@example.kg"] and "Проект бюджета" in message.subject
    token = Subscription.objects.get(channel="email").token
    assert f"https://kenesh.test/ru/notices/unsubscribe/{token}/" in message.body
    assert f"/hearings/{ours.coate}/{hearing.pk}/" in message.body
    # The same notice again sends nothing; a new date is a new notice.
    from kenesh.hearings.services import hearing_notify

    with django_capture_on_commit_callbacks(execute=True):
        assert hearing_notify(hearing) == 0
    assert Delivery.objects.count() == 2


def test_stop_by_sms_ends_the_sms_subscriptions(ours, theirs):
    subscription_add(municipality=ours, channel=Channel.SMS, address="+996700111222", language="ky")
    subscription_add(municipality=theirs, channel=Channel.SMS, address="+996700111222", language="ky")
    message = sms_receive(sender="+996700111222", text="stop")
    assert message.handled
    assert not Subscription.objects.filter(cancelled_at__isnull=True).exists()
    assert message.reply is not None and "Kenesh" in message.reply.text


def test_the_link_unsubscribes_in_one_step(client, ours):
    subscription = subscription_add(municipality=ours, channel=Channel.EMAIL, address="a@b.kg", language="ru")
    address = reverse("notices:unsubscribe", kwargs={"token": subscription.token})
    assert client.get(address).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active  # a mail scanner opening the link changes nothing
    response = client.post(address)  # the button, or a mail client's one-click POST (no CSRF cookie)
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert client.get(reverse("notices:unsubscribe", kwargs={"token": "nope"})).status_code == 404


def test_a_bad_address_is_refused(ours):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        subscription_add(municipality=ours, channel=Channel.SMS, address="12", language="ky")
    with pytest.raises(ValidationError):
        subscription_add(municipality=ours, channel=Channel.EMAIL, address="nobody", language="ky")
    assert not Subscription.objects.exists()
