"""Who reads subscriber-only content: seats of an active body's subscription, individual subscribers,
editors and administrators; an expired subscription loses access at midnight in Bishkek and keeps its
history."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from kenesh.subscriptions import selectors, services
from kenesh.subscriptions.models import Invoice, Payment, Period, Seat, Subscription

pytestmark = pytest.mark.django_db

D = datetime.date
BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
READ = "subscriptions.read_subscriber_content"


def _at(monkeypatch, moment: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # no cached answer from an earlier moment


@pytest.fixture
def individual(admin, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2025, 6, 1))
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=D(2025, 6, 1)
    )
    return citizen  # paid until 31 May 2026


def test_an_individual_subscription_ends_at_midnight_in_bishkek(monkeypatch, individual):
    assert Subscription.objects.get(person=individual).ends_on == D(2026, 5, 31)
    last_second = datetime.datetime(2026, 5, 31, 23, 59, 59, tzinfo=BISHKEK)
    midnight = datetime.datetime(2026, 6, 1, 0, 0, 0, tzinfo=BISHKEK)
    # 18:00 UTC is already midnight in Bishkek (UTC+6): the date, not the UTC day, decides.
    assert midnight.astimezone(datetime.UTC).hour == 18
    _at(monkeypatch, last_second)
    assert _fresh(individual).has_perm(READ)
    _at(monkeypatch, midnight)
    assert not _fresh(individual).has_perm(READ)
    assert selectors.is_subscriber(individual, D(2026, 5, 31))
    assert not selectors.is_subscriber(individual, D(2026, 6, 1))
    # The history stays.
    history = selectors.history_of(individual, D(2026, 6, 1))
    assert history.own is not None and not history.own_active
    assert [i.number for i in history.invoices] == ["2025-0001"]
    assert Payment.objects.count() == 1 and Period.objects.count() == 1


def test_a_seat_of_a_member_body_reads_until_the_new_year(monkeypatch, admin, municipality, staff, deputy):
    services.dues_record(
        actor=admin, municipality=municipality, year=2026, amount="100", paid_on=D(2026, 2, 1)
    )
    subscription = Subscription.objects.get(municipality=municipality)
    services.seat_assign(actor=staff, subscription=subscription, user=deputy)
    _at(monkeypatch, datetime.datetime(2026, 12, 31, 23, 59, tzinfo=BISHKEK))
    assert _fresh(deputy).has_perm(READ)
    assert not _fresh(staff).has_perm(READ)  # staff manage the seats but hold none
    _at(monkeypatch, datetime.datetime(2027, 1, 1, 0, 0, tzinfo=BISHKEK))
    assert not _fresh(deputy).has_perm(READ)
    assert Seat.objects.filter(
        user=deputy, removed_at__isnull=True
    ).exists()  # the seat waits for next year's dues
    services.dues_record(
        actor=admin, municipality=municipality, year=2027, amount="100", paid_on=D(2027, 1, 1)
    )
    assert _fresh(deputy).has_perm(READ)


def test_a_removed_seat_reads_no_more(admin, municipality, staff, deputy):
    today = timezone.localdate()
    services.dues_record(actor=admin, municipality=municipality, year=today.year, amount="1", paid_on=today)
    seat = services.seat_assign(
        actor=staff, subscription=Subscription.objects.get(municipality=municipality), user=deputy
    )
    assert _fresh(deputy).has_perm(READ)
    services.seat_remove(actor=staff, seat=seat)
    assert not _fresh(deputy).has_perm(READ)


def test_an_unpaid_invoice_gives_no_access(citizen):
    services.invoice_create(actor=citizen, person=citizen)
    assert not _fresh(citizen).has_perm(READ)
    assert Invoice.objects.count() == 1


def test_editors_and_administrators_read_without_a_subscription(editor, admin, citizen):
    from django.contrib.auth.models import AnonymousUser

    assert editor.has_perm(READ) and admin.has_perm(READ)
    assert not citizen.has_perm(READ)
    assert not AnonymousUser().has_perm(READ)
    assert not selectors.is_subscriber(AnonymousUser(), D(2026, 1, 1))
    assert not selectors.is_subscriber(None, D(2026, 1, 1))


def test_the_answer_is_read_once_per_user_object(admin, citizen, django_assert_max_num_queries):
    invoice = services.invoice_create(actor=citizen, person=citizen)
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=invoice.issued_on
    )
    user = _fresh(citizen)
    user.has_perm(READ)
    with django_assert_max_num_queries(0):
        for _ in range(5):
            assert user.has_perm(READ)
