"""Reads of the subscriptions app: who is a subscriber on a date, prices in force, histories, registers.

`is_subscriber` is the portal's question (through the `subscriptions.read_subscriber_content`
permission): a date, not a moment, so access ends at midnight in Bishkek, the platform's time zone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.subscriptions.conf import DEFAULT_PRICE
from kenesh.subscriptions.models import (
    PRICED_PLANS,
    Dues,
    Invoice,
    InvoiceStatus,
    Payment,
    Period,
    Price,
    Question,
    QuestionStatus,
    Seat,
    Subscription,
)
from kenesh.territory.models import Municipality


def _covering(on_date: datetime.date) -> QuerySet[Period]:
    return Period.objects.filter(starts_on__lte=on_date, ends_on__gte=on_date)


def is_subscriber(user: Any, on_date: datetime.date) -> bool:
    """Whether `user` holds a seat of an LSG body's subscription, or an individual subscription, that
    covers `on_date` (a date in Bishkek). Editors and administrators read without one (see permissions)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    seated = Seat.objects.filter(
        subscription=OuterRef("subscription"), user_id=user.pk, removed_at__isnull=True
    )
    # One query: a period covering the date, of the person's own subscription or of one they hold a seat of.
    return _covering(on_date).filter(Q(subscription__person_id=user.pk) | Exists(seated)).exists()


def subscription_active(subscription: Subscription, on_date: datetime.date) -> bool:
    return _covering(on_date).filter(subscription=subscription).exists()


def price_in_force(plan: str, on_date: datetime.date) -> Decimal:
    """The yearly price of `plan` on `on_date`: the latest row from that day or before (default 2,500)."""
    if plan not in PRICED_PLANS:
        return Decimal("0")
    row = Price.objects.filter(plan=plan, valid_from__lte=on_date).order_by("-valid_from").first()
    return row.amount if row is not None else DEFAULT_PRICE


@dataclass(frozen=True)
class PlanPrice:
    plan: str
    label: str
    amount: Decimal


def prices_today(on_date: datetime.date) -> list[PlanPrice]:
    return [
        PlanPrice(plan.value, str(plan.label), price_in_force(plan.value, on_date)) for plan in PRICED_PLANS
    ]


def price_history() -> QuerySet[Price]:
    return Price.objects.select_related("set_by").order_by("plan", "-valid_from")


def dues_paid(municipality: Any, year: int) -> bool:
    return Dues.objects.filter(municipality=municipality, year=year).exists()


def dues_register(*, year: int | None = None) -> QuerySet[Dues]:
    rows = Dues.objects.select_related("municipality").order_by("-year", "municipality__name_ru")
    return rows.filter(year=year) if year is not None else rows


def body_subscription(municipality: Any) -> Subscription | None:
    return Subscription.objects.filter(municipality=municipality).first()


def seats_active(subscription: Subscription) -> QuerySet[Seat]:
    return (
        subscription.seat_rows.filter(removed_at__isnull=True).select_related("user").order_by("assigned_at")
    )


def seats_history(subscription: Subscription) -> QuerySet[Seat]:
    return subscription.seat_rows.select_related("user", "assigned_by", "removed_by").order_by("-assigned_at")


def seat_candidates(municipality: Any, subscription: Subscription | None) -> QuerySet[User]:
    """The body's staff and deputies (active roles) who hold no seat of its subscription yet."""
    holders = RoleAssignment.objects.active().filter(
        municipality=municipality, role__in=[Role.STAFF, Role.DEPUTY]
    )
    people = User.objects.filter(is_active=True, pk__in=holders.values("user_id"))
    if subscription is not None:
        seated = Seat.objects.filter(subscription=subscription, user=OuterRef("pk"), removed_at__isnull=True)
        people = people.exclude(Exists(seated))
    return people.order_by("full_name")


def bodies_staffed_by(user: Any) -> QuerySet[Any]:
    """The municipalities whose LSG body `user` works at (an active staff role there)."""
    ids = RoleAssignment.objects.active().filter(user_id=user.pk, role=Role.STAFF, municipality__isnull=False)
    return Municipality.objects.filter(pk__in=ids.values("municipality_id")).order_by("name_ru")


def invoices_of(subscription: Subscription) -> QuerySet[Invoice]:
    return subscription.invoices.select_related("payment").order_by("-year", "-sequence")


def periods_of(subscription: Subscription) -> QuerySet[Period]:
    return subscription.periods.select_related("invoice", "dues").order_by("-starts_on")


def invoice_by_number(number: str) -> Invoice | None:
    """The invoice `2026-0007` (also `2026-7`, spaces ignored); None for anything else."""
    text = "".join(str(number).split())
    year, dash, sequence = text.partition("-")
    if not dash or not year.isdigit() or not sequence.isdigit() or len(year) != 4 or len(sequence) > 9:
        return None
    return (
        Invoice.objects.select_related("subscription", "subscription__municipality", "subscription__person")
        .filter(year=int(year), sequence=int(sequence))
        .first()
    )


def invoice_get(invoice_id: int) -> Invoice | None:
    return (
        Invoice.objects.select_related("subscription", "subscription__municipality", "subscription__person")
        .filter(pk=invoice_id)
        .first()
    )


@dataclass(frozen=True)
class SeatLine:
    seat: Seat
    active: bool


@dataclass(frozen=True)
class History:
    """What a person sees on their subscriptions page: their own subscription, and the seats they hold."""

    own: Subscription | None
    own_active: bool
    invoices: list[Invoice]
    periods: list[Period]
    seats: list[SeatLine]


def history_of(user: Any, on_date: datetime.date) -> History:
    own = Subscription.objects.filter(person_id=user.pk).first()
    invoices = list(invoices_of(own)) if own is not None else []
    periods = list(periods_of(own)) if own is not None else []
    seats = list(
        Seat.objects.filter(user_id=user.pk)
        .select_related("subscription", "subscription__municipality")
        .order_by("-assigned_at")
    )
    active_ids = set(
        _covering(on_date)
        .filter(subscription_id__in=[seat.subscription_id for seat in seats])
        .values_list("subscription_id", flat=True)
    )
    return History(
        own=own,
        own_active=bool(own is not None and subscription_active(own, on_date)),
        invoices=invoices,
        periods=periods,
        seats=[
            SeatLine(seat, seat.removed_at is None and seat.subscription_id in active_ids) for seat in seats
        ],
    )


def subscriptions_all(on_date: datetime.date) -> QuerySet[Subscription]:
    """Every subscription with whether a period covers `on_date` (`active`), bodies first."""
    return (
        Subscription.objects.select_related("municipality", "person")
        .annotate(active=Exists(_covering(on_date).filter(subscription=OuterRef("pk"))))
        .order_by("person_id", "municipality__name_ru", "pk")
    )


def payments_recent(limit: int = 50) -> QuerySet[Payment]:
    return Payment.objects.select_related("invoice", "recorded_by").order_by("-recorded_at")[:limit]


def invoices_unpaid(limit: int = 200) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(status=InvoiceStatus.UNPAID)
        .select_related("subscription", "subscription__municipality", "subscription__person")
        .order_by("year", "sequence")[:limit]
    )


def questions_for_editors(*, status: str | None = None) -> QuerySet[Question]:
    rows = Question.objects.select_related("author", "municipality", "answered_by").order_by("-asked_at")
    return rows.filter(status=status) if status else rows


def questions_answered() -> QuerySet[Question]:
    """Answered questions, newest answer first: what the portal may publish as consultations (it decides
    what to publish and reads the author only if it needs to)."""
    return (
        Question.objects.filter(status=QuestionStatus.ANSWERED)
        .select_related("municipality")
        .order_by("-answered_at")
    )


def questions_of(user: Any) -> QuerySet[Question]:
    return Question.objects.filter(author_id=user.pk).order_by("-asked_at")
