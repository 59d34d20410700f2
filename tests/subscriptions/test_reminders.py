"""Expiry reminders 30 and 7 days before the end, by email or SMS, each sent once; queued as background
tasks when a period is added, run by the real db worker."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kenesh.messaging.models import OutboundSms
from kenesh.subscriptions import reminders, services
from kenesh.subscriptions.models import Reminder, Subscription

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date
BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def _worker_batch() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)


def _morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=BISHKEK)


@pytest.fixture
def paid(admin, citizen):
    """The citizen's individual subscription, paid on 1 June 2026: it ends on 31 May 2027."""
    citizen.email = "reader@kenesh.test"
    citizen.preferred_language = "ru"
    citizen.save()
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 6, 1))
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=D(2026, 6, 1)
    )
    return Subscription.objects.get(person=citizen)


def test_a_period_queues_the_two_reminders_for_their_mornings(paid):
    moments = sorted(
        DBTaskResult.objects.filter(task_path__endswith="subscription_remind").values_list(
            "run_after", flat=True
        )
    )
    assert [m.astimezone(BISHKEK) for m in moments] == [_morning(D(2027, 5, 1)), _morning(D(2027, 5, 24))]


def test_each_reminder_is_sent_once(paid):
    mail.outbox.clear()
    assert not reminders.reminder_send(subscription_id=paid.pk, days_before=30, now=_morning(D(2027, 4, 30)))
    assert reminders.reminder_send(subscription_id=paid.pk, days_before=30, now=_morning(D(2027, 5, 1)))
    assert not reminders.reminder_send(subscription_id=paid.pk, days_before=30, now=_morning(D(2027, 5, 2)))
    assert reminders.reminders_sweep(now=_morning(D(2027, 5, 3))) == 0
    assert reminders.reminders_sweep(now=_morning(D(2027, 5, 25))) == 1  # the 7-day one
    assert reminders.reminders_sweep(now=_morning(D(2027, 5, 26))) == 0
    assert not reminders.reminder_send(subscription_id=paid.pk, days_before=7, now=_morning(D(2027, 6, 1)))
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [7, 30]
    _worker_batch()  # the email goes out from its own task
    assert len(mail.outbox) == 2
    assert "31.05.2027" in mail.outbox[0].subject and "Ваша подписка заканчивается" in mail.outbox[0].subject


def test_a_late_worker_does_not_send_the_30_day_reminder_after_the_7_day_one(paid):
    assert not reminders.reminder_send(subscription_id=paid.pk, days_before=30, now=_morning(D(2027, 5, 28)))
    assert reminders.reminders_sweep(now=_morning(D(2027, 5, 28))) == 1
    assert list(Reminder.objects.values_list("days_before", flat=True)) == [7]


def test_without_an_email_the_reminder_goes_by_sms(admin, citizen):
    citizen.email = None
    citizen.phone = "+996700111222"
    citizen.save()
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 6, 1))
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=D(2026, 6, 1)
    )
    subscription = Subscription.objects.get(person=citizen)
    assert reminders.reminder_send(
        subscription_id=subscription.pk, days_before=7, now=_morning(D(2027, 5, 24))
    )
    sms = OutboundSms.objects.get(to="+996700111222")
    assert "31.05.2027" in sms.text


def test_a_body_reminder_reaches_its_staff(admin, municipality, staff, deputy):
    services.dues_record(actor=admin, municipality=municipality, year=2026, amount="1", paid_on=D(2026, 1, 5))
    subscription = Subscription.objects.get(municipality=municipality)
    assert [p.pk for p in reminders.recipients_of(subscription)] == [staff.pk]
    mail.outbox.clear()
    assert reminders.reminder_send(
        subscription_id=subscription.pk, days_before=30, now=_morning(D(2026, 12, 1))
    )
    _worker_batch()
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_an_extended_subscription_gets_no_reminder_for_its_old_end(admin, paid, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 12, 1))
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=D(2026, 12, 1)
    )
    assert not reminders.reminder_send(subscription_id=paid.pk, days_before=30, now=_morning(D(2027, 5, 1)))


def test_the_worker_runs_the_queued_reminders_and_the_command_sends_what_is_due(paid):
    _worker_batch()  # not due yet (2027): nothing runs, nothing is sent
    assert not Reminder.objects.exists()
    Subscription.objects.filter(pk=paid.pk).update(ends_on=D.today() + datetime.timedelta(days=7))
    out = io.StringIO()
    call_command("subscriptions_remind", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) sent"
    call_command("subscriptions_remind", stdout=out)
    assert Reminder.objects.count() == 1
