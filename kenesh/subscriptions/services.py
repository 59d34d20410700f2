"""Writes of the subscriptions app: dues, prices, invoices, payments, seats and questions.

Each write is one transaction and leaves an audit entry. A period is added to a subscription by the dues of
a year (a member body, 1 January to 31 December) or by a paid invoice (a year from the payment, or from the
day after the current period ends); the expiry reminders are queued for each new end.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import Role, RoleAssignment
from kenesh.audit.services import audit_record
from kenesh.subscriptions import selectors, tasks
from kenesh.subscriptions.conf import REMINDER_DAYS, default_seats
from kenesh.subscriptions.models import (
    PRICED_PLANS,
    DigestChoice,
    Dues,
    Invoice,
    InvoiceCounter,
    InvoiceStatus,
    Payment,
    Period,
    Plan,
    Price,
    Question,
    QuestionStatus,
    Seat,
    Subscription,
)
from kenesh.subscriptions.providers import (
    PaymentClaim,
    PaymentProvider,
    PaymentRefused,
    provider_from_settings,
)
from kenesh.web.l10n import format_som

MAX_QUESTION = 4000
MAX_ANSWER = 20000
MAX_SEATS = 500
FIRST_YEAR = 2000


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in som.")}, code="amount") from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e10"):
        raise ValidationError({field: _("Enter an amount in som greater than zero.")}, code="amount")
    return amount.quantize(Decimal("0.01"))


def _year_later(start: datetime.date) -> datetime.date:
    """The last day of a year that starts on `start` (29 February starts a year ending 27 February)."""
    try:
        return start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:
        return start.replace(year=start.year + 1, day=28) - datetime.timedelta(days=1)


def reminder_moment(ends_on: datetime.date, days_before: int) -> datetime.datetime:
    """Nine in the morning in Bishkek, `days_before` days before the last day of a subscription."""
    day = ends_on - datetime.timedelta(days=days_before)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _reminders_queue(subscription: Subscription) -> None:
    ends_on = subscription.ends_on
    if ends_on is None:
        return
    for days in REMINDER_DAYS:
        moment = reminder_moment(ends_on, days)
        transaction.on_commit(
            partial(tasks.subscription_remind.using(run_after=moment).enqueue, subscription.pk, days)
        )


def _period_add(
    subscription: Subscription,
    *,
    plan: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    dues: Dues | None = None,
    invoice: Invoice | None = None,
) -> Period:
    period = Period.objects.create(
        subscription=subscription, plan=plan, starts_on=starts_on, ends_on=ends_on, dues=dues, invoice=invoice
    )
    if subscription.ends_on is None or ends_on > subscription.ends_on:
        subscription.ends_on = ends_on
    subscription.plan = plan
    subscription.save(update_fields=["ends_on", "plan"])
    _reminders_queue(subscription)
    return period


def body_subscription_get_or_create(*, municipality: Any, plan: str = Plan.STANDARD) -> Subscription:
    """The subscription of the municipality's LSG body (created without any period: not active)."""
    subscription = Subscription.objects.select_for_update().filter(municipality=municipality).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            municipality=municipality, plan=plan, seats=default_seats()
        )
    return subscription


def _person_subscription_get_or_create(*, person: Any) -> Subscription:
    subscription = Subscription.objects.select_for_update().filter(person=person).first()
    if subscription is None:
        subscription = Subscription.objects.create(person=person, plan=Plan.INDIVIDUAL, seats=1)
    return subscription


@transaction.atomic
def dues_record(*, actor: Any, municipality: Any, year: int, amount: Any, paid_on: datetime.date) -> Dues:
    """Register a year's membership dues: the body's subscription becomes a member's for that whole year."""
    if not FIRST_YEAR <= int(year) <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")}, code="year")
    money = _money(amount, "amount")
    if selectors.dues_paid(municipality, year):
        raise ValidationError(
            _("The dues of this LSG body for %(year)s are already registered.") % {"year": year}, code="twice"
        )
    dues = Dues.objects.create(
        municipality=municipality, year=year, amount=money, paid_on=paid_on, recorded_by=actor
    )
    subscription = body_subscription_get_or_create(municipality=municipality, plan=Plan.MEMBER)
    _period_add(
        subscription,
        plan=Plan.MEMBER,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        dues=dues,
    )
    audit_record(
        actor=actor,
        action="subscriptions.dues.record",
        target=dues,
        municipality=municipality,
        changes={"year": {"before": None, "after": year}, "amount": {"before": None, "after": str(money)}},
    )
    return dues


@transaction.atomic
def price_set(*, actor: Any, plan: str, amount: Any, valid_from: datetime.date) -> Price:
    """A new yearly price of a plan from a date on; earlier invoices keep the price of their date."""
    if plan not in PRICED_PLANS:
        raise ValidationError({"plan": _("Choose a plan that has a price.")}, code="plan")
    money = _money(amount, "amount")
    if Price.objects.filter(plan=plan, valid_from=valid_from).exists():
        raise ValidationError(
            {"valid_from": _("This plan already has a price from this date.")}, code="twice"
        )
    price = Price.objects.create(plan=plan, amount=money, valid_from=valid_from, set_by=actor)
    audit_record(
        actor=actor,
        action="subscriptions.price.set",
        target=price,
        changes={
            "amount": {"before": None, "after": str(money)},
            "valid_from": {"before": None, "after": str(valid_from)},
        },
    )
    return price


def _number_take(year: int) -> int:
    """The next number of `year`, under a lock on the year's counter row (held until the transaction
    ends, so a rolled-back invoice gives its number back and two invoices never share one)."""
    try:
        with transaction.atomic():
            InvoiceCounter.objects.create(year=year, last=0)
    except IntegrityError:
        pass  # another invoice created the year's counter first
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _payer_of(subscription: Subscription) -> str:
    if subscription.municipality is not None:
        municipality = subscription.municipality
        return str(municipality.name_ky or municipality.name_ru)
    return str(subscription.person.full_name) if subscription.person is not None else ""


@transaction.atomic
def invoice_create(
    *,
    actor: Any,
    municipality: Any = None,
    person: Any = None,
    issued_on: datetime.date | None = None,
) -> Invoice:
    """An invoice for a year of the standard plan (an LSG body) or of the individual plan (a person), at
    the price in force on its date, numbered `<year>-<next number>` without gaps."""
    issued_on = issued_on or timezone.localdate()
    if (municipality is None) == (person is None):
        raise ValueError("an invoice is for an LSG body or for a person")
    if municipality is not None:
        if selectors.dues_paid(municipality, issued_on.year):
            raise ValidationError(
                _(
                    "This LSG body paid its LSG Union dues for %(year)s: its subscription is free this year, "
                    "no invoice is needed."
                )
                % {"year": issued_on.year},
                code="member",
            )
        subscription = body_subscription_get_or_create(municipality=municipality)
        plan = Plan.STANDARD
    else:
        subscription = _person_subscription_get_or_create(person=person)
        plan = Plan.INDIVIDUAL
    unpaid = subscription.invoices.filter(status=InvoiceStatus.UNPAID).first()
    if unpaid is not None:
        raise ValidationError(
            _("Invoice %(number)s is not paid yet: pay it, or ask the LSG Union to cancel it.")
            % {"number": unpaid.number},
            code="unpaid",
        )
    invoice = Invoice.objects.create(
        subscription=subscription,
        year=issued_on.year,
        sequence=_number_take(issued_on.year),
        plan=plan,
        seats=subscription.seats,
        amount=selectors.price_in_force(plan, issued_on),
        issued_on=issued_on,
        payer=_payer_of(subscription),
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="subscriptions.invoice.create",
        target=invoice,
        municipality=municipality,
        changes={
            "number": {"before": None, "after": invoice.number},
            "amount": {"before": None, "after": str(invoice.amount)},
        },
    )
    return invoice


@transaction.atomic
def payment_register(
    *,
    actor: Any,
    invoice_number: str,
    amount: Any,
    paid_on: datetime.date,
    reference: str = "",
    provider: PaymentProvider | None = None,
) -> Payment:
    """Register the payment of an invoice and extend its subscription by a year.

    Refused, with a message that says why: an unknown invoice number, an invoice already paid, an amount
    other than the invoice's, a payment dated in the future or before the invoice, or the provider's refusal.
    """
    provider = provider or provider_from_settings()
    money = _money(amount, "amount")
    found = selectors.invoice_by_number(invoice_number)
    if found is None:
        raise ValidationError(
            {
                "invoice_number": _("There is no invoice numbered “%(number)s”.")
                % {"number": invoice_number.strip()[:40]}
            },
            code="unknown",
        )
    invoice = Invoice.objects.select_for_update().get(pk=found.pk)
    existing = Payment.objects.filter(invoice=invoice).first()
    if invoice.status == InvoiceStatus.CANCELLED:
        raise ValidationError(
            {"invoice_number": _("Invoice %(number)s was cancelled.") % {"number": invoice.number}},
            code="cancelled",
        )
    if existing is not None or invoice.status == InvoiceStatus.PAID:
        raise ValidationError(
            {
                "invoice_number": _("Invoice %(number)s is already paid (payment registered for %(date)s).")
                % {
                    "number": invoice.number,
                    "date": existing.paid_on.strftime("%d.%m.%Y") if existing else "—",
                }
            },
            code="twice",
        )
    if money != invoice.amount:
        raise ValidationError(
            {
                "amount": _("Invoice %(number)s is for %(amount)s; register the payment of that amount.")
                % {"number": invoice.number, "amount": format_som(invoice.amount)}
            },
            code="amount",
        )
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")}, code="future")
    if paid_on < invoice.issued_on:
        raise ValidationError(
            {"paid_on": _("The payment date cannot be before the invoice's date.")}, code="early"
        )
    try:
        confirmation = provider.confirm(
            PaymentClaim(invoice_number=invoice.number, amount=money, paid_on=paid_on, reference=reference)
        )
    except PaymentRefused as refusal:
        raise ValidationError(
            _("The payment provider did not confirm the payment: %(reason)s") % {"reason": str(refusal)},
            code="refused",
        ) from None
    payment = Payment.objects.create(
        invoice=invoice,
        amount=confirmation.amount,
        paid_on=confirmation.paid_on,
        provider=provider.code,
        reference=confirmation.reference[:100],
        recorded_by=actor,
    )
    invoice.status = InvoiceStatus.PAID
    invoice.save(update_fields=["status"])
    subscription = Subscription.objects.select_for_update().get(pk=invoice.subscription_id)
    starts_on = confirmation.paid_on
    if subscription.ends_on is not None and subscription.ends_on >= starts_on:
        starts_on = subscription.ends_on + datetime.timedelta(days=1)
    _period_add(
        subscription, plan=invoice.plan, starts_on=starts_on, ends_on=_year_later(starts_on), invoice=invoice
    )
    audit_record(
        actor=actor,
        action="subscriptions.payment.register",
        target=payment,
        municipality=subscription.municipality,
        changes={
            "invoice": {"before": None, "after": invoice.number},
            "amount": {"before": None, "after": str(payment.amount)},
            "provider": {"before": None, "after": payment.provider},
        },
    )
    return payment


@transaction.atomic
def invoice_cancel(*, actor: Any, invoice: Invoice) -> Invoice:
    """Cancel an unpaid invoice (it keeps its number: the sequence has no gap, the invoice is void)."""
    invoice = Invoice.objects.select_for_update().select_related("subscription").get(pk=invoice.pk)
    if invoice.status != InvoiceStatus.UNPAID:
        raise ValidationError(_("Only an unpaid invoice can be cancelled."), code="status")
    invoice.status = InvoiceStatus.CANCELLED
    invoice.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="subscriptions.invoice.cancel",
        target=invoice,
        municipality=invoice.subscription.municipality,
        changes={"status": {"before": InvoiceStatus.UNPAID.value, "after": InvoiceStatus.CANCELLED.value}},
    )
    return invoice


@transaction.atomic
def seats_set(*, actor: Any, subscription: Subscription, seats: int) -> Subscription:
    """How many seats an LSG body's subscription covers (never fewer than the seats now held)."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.is_body:
        raise ValidationError(_("An individual subscription has one seat."), code="individual")
    if not 1 <= seats <= MAX_SEATS:
        raise ValidationError({"seats": _("Enter a number of seats between 1 and 500.")}, code="range")
    held = subscription.seat_rows.filter(removed_at__isnull=True).count()
    if seats < held:
        raise ValidationError(
            {
                "seats": _("%(held)s seats are held now: remove some before lowering the number.")
                % {"held": held}
            },
            code="held",
        )
    before = subscription.seats
    subscription.seats = seats
    subscription.save(update_fields=["seats"])
    audit_record(
        actor=actor,
        action="subscriptions.subscription.seats",
        target=subscription,
        municipality=subscription.municipality,
        changes={"seats": {"before": before, "after": seats}},
    )
    return subscription


@transaction.atomic
def seat_assign(*, actor: Any, subscription: Subscription, user: Any) -> Seat:
    """Give one of the body's staff or deputies a seat; refused beyond the subscription's number of seats."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.is_body:
        raise ValidationError(_("An individual subscription has no seats to assign."), code="individual")
    serves = RoleAssignment.objects.active().filter(
        user=user, municipality=subscription.municipality, role__in=[Role.STAFF, Role.DEPUTY]
    )
    if not serves.exists():
        raise ValidationError(
            {"user": _("Only the LSG body's staff and deputies can hold its seats.")}, code="who"
        )
    held = subscription.seat_rows.filter(removed_at__isnull=True)
    if held.filter(user=user).exists():
        raise ValidationError({"user": _("This person holds a seat already.")}, code="twice")
    if held.count() >= subscription.seats:
        raise ValidationError(
            _(
                "All %(seats)s seats of the subscription are taken: "
                "remove a seat before giving it to someone else."
            )
            % {"seats": subscription.seats},
            code="full",
        )
    seat = Seat.objects.create(
        subscription=subscription, user=user, assigned_by=actor, assigned_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="subscriptions.seat.assign",
        target=seat,
        municipality=subscription.municipality,
        changes={"user": {"before": None, "after": user.pk}},
    )
    return seat


@transaction.atomic
def seat_remove(*, actor: Any, seat: Seat) -> Seat:
    seat = Seat.objects.select_for_update().select_related("subscription").get(pk=seat.pk)
    if seat.removed_at is not None:
        raise ValidationError(_("This seat was removed already."), code="removed")
    seat.removed_at = timezone.now()
    seat.removed_by = actor
    seat.save(update_fields=["removed_at", "removed_by"])
    audit_record(
        actor=actor,
        action="subscriptions.seat.remove",
        target=seat,
        municipality=seat.subscription.municipality,
        changes={"user": {"before": seat.user_id, "after": None}},
    )
    return seat


@transaction.atomic
def question_ask(*, author: Any, text: str, language: str, municipality: Any = None) -> Question:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")}, code="empty")
    if len(text) > MAX_QUESTION:
        raise ValidationError({"text": _("A question is at most 4,000 characters long.")}, code="long")
    question = Question.objects.create(
        author=author, text=text, language=language[:8], municipality=municipality
    )
    audit_record(
        actor=author, action="subscriptions.question.ask", target=question, municipality=municipality
    )
    return question


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")}, code="empty")
    if len(answer) > MAX_ANSWER:
        raise ValidationError({"answer": _("An answer is at most 20,000 characters long.")}, code="long")
    before = question.answer
    question.answer = answer
    question.status = QuestionStatus.ANSWERED
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    audit_record(
        actor=actor,
        action="subscriptions.question.answer",
        target=question,
        municipality=question.municipality,
        changes={"answer": {"before": before, "after": answer}},
    )
    return question


@transaction.atomic
def digest_opt_in(*, actor: Any) -> DigestChoice:
    """`actor` (a subscriber: the view checks `subscriptions.receive_digest`) chooses the weekly digest."""
    if not actor.email:
        raise ValidationError(
            _("Add an email address to your profile first: the digest comes by email."), code="no_email"
        )
    choice, created = DigestChoice.objects.get_or_create(user=actor, defaults={"opted_in_at": timezone.now()})
    if created:
        audit_record(actor=actor, action="subscriptions.digest.opt_in", target=choice)
    return choice


@transaction.atomic
def digest_opt_out(*, user: Any, actor: Any = None) -> bool:
    """`user` stops the weekly digest (signed in, or through the email's stop link: `actor` None); whether
    there was a choice to remove."""
    choice = DigestChoice.objects.select_for_update().filter(user_id=user.pk).first()
    if choice is None:
        return False
    audit_record(
        actor=actor,
        action="subscriptions.digest.opt_out",
        target=choice,
        changes={"by_link": {"before": None, "after": actor is None}},
    )
    choice.delete()
    return True
