"""Subscriptions to the journal and the knowledge portal: the LSG Union's dues register, prices with their
history, subscriptions (an LSG body's, with seats, or a person's), the periods they cover, invoices numbered
without gaps, payments, expiry reminders and the questions subscribers ask the experts.

A subscription never loses its rows: access is the question whether one of its periods covers today's
date in Bishkek, so an expired subscription keeps its invoices, payments, seats and periods.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Plan(models.TextChoices):
    MEMBER = "member", _("LSG Union member")
    STANDARD = "standard", _("LSG body, standard")
    INDIVIDUAL = "individual", _("individual")


# The plans that have a price (a member pays its dues, not a subscription).
PRICED_PLANS = (Plan.STANDARD, Plan.INDIVIDUAL)


class Dues(models.Model):
    """One year's LSG Union membership dues paid by the LSG body of a municipality."""

    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount paid"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership dues")
        verbose_name_plural = _("membership dues")
        ordering = ["-year", "municipality__name_ru"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="subscriptions_dues_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}"


class Price(models.Model):
    """The yearly price of a plan from a date on; the row in force on an invoice's date prices it."""

    plan = models.CharField(
        pgettext_lazy("subscription plan", "plan"),
        max_length=16,
        choices=[(p.value, p.label) for p in PRICED_PLANS],
    )
    amount = models.DecimalField(_("price a year"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["plan", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "valid_from"], name="subscriptions_price_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.amount} {self.valid_from}"


class Subscription(models.Model):
    """An LSG body's subscription (its municipality, a number of seats) or a person's (individual)."""

    municipality = models.OneToOneField(
        "territory.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subscriber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="individual_subscription",
    )
    plan = models.CharField(pgettext_lazy("subscription plan", "plan"), max_length=16, choices=Plan.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    ends_on = models.DateField(_("paid until"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(municipality__isnull=False, person__isnull=True)
                    | models.Q(municipality__isnull=True, person__isnull=False)
                ),
                name="subscriptions_subscription_body_or_person",
            ),
        ]

    def __str__(self) -> str:
        if self.municipality_id is not None:
            return f"subscription of municipality {self.municipality_id}"
        return f"subscription of person {self.person_id}"

    @property
    def is_body(self) -> bool:
        return self.municipality_id is not None


class Period(models.Model):
    """A stretch of days a subscription covers, from the dues of a year or from a paid invoice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="periods")
    plan = models.CharField(pgettext_lazy("subscription plan", "plan"), max_length=16, choices=Plan.choices)
    starts_on = models.DateField(pgettext_lazy("date range", "from"))
    ends_on = models.DateField(_("until"))
    dues = models.ForeignKey(Dues, null=True, blank=True, on_delete=models.PROTECT, related_name="periods")
    invoice = models.OneToOneField(
        "Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="period"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription period")
        verbose_name_plural = _("subscription periods")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["subscription", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.starts_on}..{self.ends_on}"


class Seat(models.Model):
    """A person a body's subscription covers; removing a seat keeps its row (removed_at)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="seat_rows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscription_seats"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="subscriptions_seat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"seat of {self.user_id}"


class InvoiceCounter(models.Model):
    """The last invoice number of a year; its row is locked while an invoice takes the next number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", pgettext_lazy("invoice", "unpaid")
    PAID = "paid", pgettext_lazy("invoice", "paid")
    CANCELLED = "cancelled", pgettext_lazy("invoice", "cancelled")


class Invoice(models.Model):
    """A bill for a year of a plan; its number is `<year>-<sequence>`, the sequence without gaps."""

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    plan = models.CharField(pgettext_lazy("subscription plan", "plan"), max_length=16, choices=Plan.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    issued_on = models.DateField(_("issued on"))
    payer = models.CharField(_("payer"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.UNPAID
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="subscriptions_invoice_number"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.year}-{self.sequence:04d}"


class Payment(models.Model):
    """The money received for one invoice (one payment per invoice), through a payment provider."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="payment")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    provider = models.CharField(_("provider"), max_length=32)
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"payment for {self.invoice_id}"


class Reminder(models.Model):
    """An expiry reminder sent: one per subscription, end date and number of days before (idempotent)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="reminders")
    ends_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "ends_on", "days_before"], name="subscriptions_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"reminder {self.days_before} days before {self.ends_on}"


class QuestionStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("question", "new")
    ANSWERED = "answered", pgettext_lazy("question", "answered")


class Question(models.Model):
    """A subscriber's question to the experts; editors answer it, the portal may publish it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "territory.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=8, choices=QuestionStatus.choices, default=QuestionStatus.NEW, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question to an expert")
        verbose_name_plural = _("questions to experts")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return f"question {self.pk}"


class DigestChoice(models.Model):
    """A subscriber's choice to receive the weekly email digest of the portal's new items (no row: no)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opted_in_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"digest for {self.user_id}"


class Digest(models.Model):
    """One week's digest to one person: recorded before it is sent, once a week (idempotent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the week, in Bishkek.")
    sent_at = models.DateTimeField()
    items = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="subscriptions_digest_once_a_week"),
        ]

    def __str__(self) -> str:
        return f"digest {self.week} for {self.user_id}"
