"""The writes: dues make a member, prices have a history, invoices take gapless numbers, payments extend a
subscription by a year and are refused for an unknown or paid invoice, seats stop at the count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from kenesh.audit.models import AuditEntry
from kenesh.subscriptions import selectors, services
from kenesh.subscriptions.models import Invoice, InvoiceStatus, Payment, Period, Plan, Seat, Subscription
from kenesh.subscriptions.providers import Confirmation, PaymentClaim, PaymentRefused

pytestmark = pytest.mark.django_db

D = datetime.date


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_dues_make_the_body_a_member_for_that_whole_year(admin, municipality, staff):
    services.dues_record(
        actor=admin, municipality=municipality, year=2026, amount="15000", paid_on=D(2026, 3, 1)
    )
    subscription = Subscription.objects.get(municipality=municipality)
    assert subscription.plan == Plan.MEMBER
    assert subscription.ends_on == D(2026, 12, 31)
    assert selectors.subscription_active(subscription, D(2026, 1, 1))
    assert not selectors.subscription_active(subscription, D(2027, 1, 1))
    assert AuditEntry.objects.filter(action="subscriptions.dues.record").count() == 1


def test_dues_twice_for_a_year_are_refused(admin, municipality):
    services.dues_record(
        actor=admin, municipality=municipality, year=2026, amount="100", paid_on=D(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.dues_record(
            actor=admin, municipality=municipality, year=2026, amount="100", paid_on=D(2026, 3, 2)
        )
    assert "already registered" in messages_of(caught.value)


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "1e20"])
def test_dues_of_an_odd_amount_are_refused(admin, municipality, amount):
    with pytest.raises(ValidationError):
        services.dues_record(
            actor=admin, municipality=municipality, year=2026, amount=amount, paid_on=D(2026, 3, 1)
        )
    assert not Subscription.objects.exists()


def test_the_price_in_force_on_the_invoice_date_applies(admin, citizen, staff, municipality):
    assert selectors.price_in_force(Plan.STANDARD, D(2026, 1, 1)) == Decimal("2500")
    services.price_set(actor=admin, plan=Plan.STANDARD, amount="3000", valid_from=D(2026, 7, 1))
    services.price_set(actor=admin, plan=Plan.INDIVIDUAL, amount="1800", valid_from=D(2026, 1, 1))
    assert selectors.price_in_force(Plan.STANDARD, D(2026, 6, 30)) == Decimal("2500")
    assert selectors.price_in_force(Plan.STANDARD, D(2026, 7, 1)) == Decimal("3000")
    before = services.invoice_create(actor=staff, municipality=municipality, issued_on=D(2026, 6, 30))
    assert before.amount == Decimal("2500")
    mine = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 7, 2))
    assert mine.amount == Decimal("1800")
    with pytest.raises(ValidationError) as caught:
        services.price_set(actor=admin, plan=Plan.STANDARD, amount="3100", valid_from=D(2026, 7, 1))
    assert "already has a price" in messages_of(caught.value)
    with pytest.raises(ValidationError):
        services.price_set(actor=admin, plan=Plan.MEMBER, amount="1", valid_from=D(2026, 7, 1))


def test_invoice_numbers_follow_each_other_per_year_and_a_rollback_leaves_no_gap(
    citizen, staff, municipality, other_municipality, admin
):
    first = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 5, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invoice_create(actor=staff, municipality=municipality, issued_on=D(2026, 5, 2))
        raise RuntimeError("the caller fails after the invoice was made")
    second = services.invoice_create(actor=staff, municipality=municipality, issued_on=D(2026, 5, 3))
    services.invoice_cancel(actor=admin, invoice=second)  # a cancelled invoice keeps its number
    next_year = services.invoice_create(actor=staff, municipality=other_municipality, issued_on=D(2027, 1, 1))
    assert [first.number, second.number] == ["2026-0001", "2026-0002"]
    assert next_year.number == "2027-0001"


def test_a_member_body_needs_no_invoice_and_a_second_unpaid_one_is_refused(
    admin, staff, municipality, citizen
):
    services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 5, 1))
    with pytest.raises(ValidationError) as caught:
        services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 5, 2))
    assert "Invoice 2026-0001 is not paid yet" in messages_of(caught.value)
    services.dues_record(
        actor=admin, municipality=municipality, year=2026, amount="100", paid_on=D(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.invoice_create(actor=staff, municipality=municipality, issued_on=D(2026, 5, 1))
    assert "no invoice is needed" in messages_of(caught.value)


def _paid(admin, invoice, paid_on, **kwargs):
    return services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=paid_on, **kwargs
    )


def test_a_payment_activates_a_year_and_the_next_one_extends_it(admin, citizen):
    first = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2025, 3, 1))
    payment = _paid(admin, first, D(2025, 3, 5), reference=" BANK-1 ")
    assert payment.provider == "bank_transfer" and payment.reference == "BANK-1"
    first.refresh_from_db()
    assert first.status == InvoiceStatus.PAID
    subscription = first.subscription
    subscription.refresh_from_db()
    assert subscription.ends_on == D(2026, 3, 4)
    second = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 2, 1))
    _paid(admin, second, D(2026, 2, 3))
    subscription.refresh_from_db()
    assert subscription.ends_on == D(2027, 3, 4)  # a year after the first one ends, not after the payment
    assert list(Period.objects.order_by("starts_on").values_list("starts_on", "ends_on")) == [
        (D(2025, 3, 5), D(2026, 3, 4)),
        (D(2026, 3, 5), D(2027, 3, 4)),
    ]


def test_a_payment_for_an_unknown_invoice_is_refused(admin):
    for number in ("2026-0099", "nonsense", "", "2026-", "x" * 200, "2026-00000000001"):
        with pytest.raises(ValidationError) as caught:
            services.payment_register(
                actor=admin, invoice_number=number, amount="2500", paid_on=D(2026, 1, 1)
            )
        assert "There is no invoice numbered" in messages_of(caught.value)
    assert not Payment.objects.exists()


def test_a_second_payment_of_an_invoice_is_refused(admin, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 3, 1))
    _paid(admin, invoice, D(2026, 3, 2))
    with pytest.raises(ValidationError) as caught:
        _paid(admin, invoice, D(2026, 3, 3))
    assert f"Invoice {invoice.number} is already paid (payment registered for 02.03.2026)." in messages_of(
        caught.value
    )
    assert Payment.objects.count() == 1
    assert Period.objects.count() == 1


def test_a_payment_of_another_amount_or_date_is_refused(admin, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.payment_register(
            actor=admin, invoice_number=invoice.number, amount="2000", paid_on=D(2026, 3, 2)
        )
    assert "register the payment of that amount" in messages_of(caught.value)
    with pytest.raises(ValidationError):
        _paid(admin, invoice, D(2026, 2, 28))
    with pytest.raises(ValidationError):
        _paid(admin, invoice, D(2999, 1, 1))
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.UNPAID
    services.invoice_cancel(actor=admin, invoice=invoice)
    with pytest.raises(ValidationError) as caught:
        _paid(admin, invoice, D(2026, 3, 2))
    assert "was cancelled" in messages_of(caught.value)
    with pytest.raises(ValidationError):
        services.invoice_cancel(actor=admin, invoice=invoice)


class FakeOnlineProvider:
    """An online acquirer as the tests imagine one: confirms with its own reference, or refuses."""

    code = "fake_online"

    def __init__(self, refuse: str = "") -> None:
        self.refuse = refuse
        self.claims: list[PaymentClaim] = []

    def confirm(self, claim: PaymentClaim) -> Confirmation:
        self.claims.append(claim)
        if self.refuse:
            raise PaymentRefused(self.refuse)
        return Confirmation(
            amount=claim.amount, paid_on=claim.paid_on, reference=f"ONLINE-{claim.invoice_number}"
        )


def test_an_online_provider_confirms_through_the_same_interface(admin, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 3, 1))
    provider = FakeOnlineProvider()
    payment = _paid(admin, invoice, D(2026, 3, 1), provider=provider)
    assert payment.provider == "fake_online" and payment.reference == f"ONLINE-{invoice.number}"
    assert provider.claims[0].invoice_number == invoice.number


def test_a_refusal_of_the_provider_leaves_nothing_written(admin, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as caught:
        _paid(admin, invoice, D(2026, 3, 1), provider=FakeOnlineProvider(refuse="card declined"))
    assert "did not confirm the payment: card declined" in messages_of(caught.value)
    assert not Payment.objects.exists() and not Period.objects.exists()


def test_seats_stop_at_the_count_and_only_staff_and_deputies_hold_them(
    admin, municipality, staff, deputy, citizen, outsider
):
    services.dues_record(
        actor=admin, municipality=municipality, year=2026, amount="100", paid_on=D(2026, 3, 1)
    )
    subscription = Subscription.objects.get(municipality=municipality)
    services.seats_set(actor=admin, subscription=subscription, seats=1)
    services.seat_assign(actor=staff, subscription=subscription, user=staff)
    with pytest.raises(ValidationError) as caught:
        services.seat_assign(actor=staff, subscription=subscription, user=deputy)
    assert "All 1 seats of the subscription are taken" in messages_of(caught.value)
    for stranger in (citizen, outsider):
        with pytest.raises(ValidationError) as caught:
            services.seat_assign(actor=staff, subscription=subscription, user=stranger)
        assert "staff and deputies" in messages_of(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.seats_set(actor=admin, subscription=subscription, seats=0)
    services.seats_set(actor=admin, subscription=subscription, seats=2)
    with pytest.raises(ValidationError) as caught:
        services.seat_assign(actor=staff, subscription=subscription, user=staff)
    assert "holds a seat already" in messages_of(caught.value)
    services.seat_assign(actor=staff, subscription=subscription, user=deputy)
    with pytest.raises(ValidationError) as caught:
        services.seats_set(actor=admin, subscription=subscription, seats=1)
    assert "2 seats are held now" in messages_of(caught.value)
    seat = Seat.objects.get(user=deputy)
    services.seat_remove(actor=staff, seat=seat)
    with pytest.raises(ValidationError):
        services.seat_remove(actor=staff, seat=seat)
    services.seat_assign(
        actor=staff, subscription=subscription, user=deputy
    )  # the row stays, a new one comes
    assert Seat.objects.filter(user=deputy).count() == 2


def test_questions_are_asked_and_answered(citizen, editor):
    with pytest.raises(ValidationError):
        services.question_ask(author=citizen, text="   ", language="ky")
    with pytest.raises(ValidationError):
        services.question_ask(author=citizen, text="x" * 4001, language="ky")
    question = services.question_ask(author=citizen, text="Угуу качан өтөт? 🙂", language="ky")
    assert list(selectors.questions_answered()) == []
    with pytest.raises(ValidationError):
        services.question_answer(actor=editor, question=question, answer="")
    services.question_answer(actor=editor, question=question, answer="Июнда.")
    assert [q.answer for q in selectors.questions_answered()] == ["Июнда."]


def test_an_invoice_is_for_a_body_or_a_person(citizen, municipality):
    with pytest.raises(ValueError):
        services.invoice_create(actor=citizen)
    assert not Invoice.objects.exists()
