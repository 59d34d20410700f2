"""The demo: a member LSG body with seats, an individual subscriber with a paid and an unpaid invoice,
questions to the experts; loading twice changes nothing."""

import pytest
from django.utils import timezone

from kenesh.accounts.demo import demo_municipality
from kenesh.subscriptions import demo, selectors
from kenesh.subscriptions.models import Dues, Invoice, InvoiceStatus, Question, Seat, Subscription
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(client):
    demo_load()
    demo.load_demo()
    counts = (Invoice.objects.count(), Seat.objects.count(), Question.objects.count(), Dues.objects.count())
    demo.load_demo()
    assert counts == (
        Invoice.objects.count(),
        Seat.objects.count(),
        Question.objects.count(),
        Dues.objects.count(),
    )
    today = timezone.localdate()
    municipality = demo_municipality()
    body = Subscription.objects.get(municipality=municipality)
    assert selectors.dues_paid(municipality, today.year) and selectors.subscription_active(body, today)
    assert body.seat_rows.filter(removed_at__isnull=True).count() == 2
    person = Subscription.objects.get(person__isnull=False)
    assert sorted(person.invoices.values_list("status", flat=True)) == [
        InvoiceStatus.PAID,
        InvoiceStatus.UNPAID,
    ]
    assert selectors.is_subscriber(person.person, today)
    assert Question.objects.filter(status="answered").count() == 1
    from kenesh.subscriptions.models import DigestChoice

    assert DigestChoice.objects.filter(user=person.person).exists() == bool(person.person.email)
    assert client.get("/ru/subscriptions/").status_code == 200
