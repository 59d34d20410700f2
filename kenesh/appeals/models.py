"""Appeals, their status history, the holiday calendar, categories and who handles what.

The citizen's name, phone and email live in `Appellant`, a table of their own that no public selector,
export or API reads: the appeal itself carries nothing that names a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HolidayKind(models.TextChoices):
    FIXED = "fixed", _("every year on the same day")
    DAY_OFF = "day_off", _("day off on a date (movable holiday, moved day off)")
    WORKING_DAY = "working_day", _("working day on a weekend date (moved working day)")


class Holiday(models.Model):
    """One entry of the Kyrgyz calendar of public holidays that deadlines are counted on."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=HolidayKind.choices, default=HolidayKind.DAY_OFF
    )
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["kind", "month", "day", "date"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="fixed", month__isnull=False, day__isnull=False, date__isnull=True)
                    | (~models.Q(kind="fixed") & models.Q(date__isnull=False))
                ),
                name="appeals_holiday_fixed_or_dated",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.day:02d}.{self.month:02d}" if self.kind == HolidayKind.FIXED else str(self.date)
        return f"{when} {self.name_ky or self.name_ru}"


class Category(models.Model):
    """What an appeal is about; the shipped list is national (no municipality), staff add their own."""

    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appeal_categories",
        help_text=_("Empty for the national list."),
    )
    slug = models.SlugField(_("code"), max_length=40)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=100, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="appeals_category_slug")]

    def __str__(self) -> str:
        return self.name_ky or self.name_ru or self.slug


class Head(models.Model):
    """The head of a municipality's executive body: overdue appeals are escalated to this person."""

    municipality = models.OneToOneField(
        "territory.Municipality", on_delete=models.CASCADE, related_name="appeal_head", primary_key=True
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("person", "head"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("person", "head of the body")
        verbose_name_plural = pgettext_lazy("person", "heads of bodies")

    def __str__(self) -> str:
        return str(self.person_id)


class Route(models.Model):
    """Who in a municipality handles the appeals of one category."""

    municipality = models.ForeignKey("territory.Municipality", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="routes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["municipality", "category"], name="appeals_route_one")]

    def __str__(self) -> str:
        return f"{self.category_id} → {self.person_id}"


class Counter(models.Model):
    """The last registration number given in a municipality in a year (locked while the next is taken)."""

    municipality = models.ForeignKey("territory.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="appeals_counter_one")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_PROGRESS = "in_progress", pgettext_lazy("appeal status", "in progress")
    ANSWERED = "answered", _("answered")
    REDIRECTED = "redirected", _("redirected to another body")
    CLOSED = "closed", pgettext_lazy("appeal", "closed")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS)


class Channel(models.TextChoices):
    WEB = "web", _("website")
    SMS = "sms", _("SMS")
    PAPER = "paper", _("in person or on paper")


def appeal_photo_path(instance: Appeal, filename: str) -> str:
    return f"appeals/{instance.municipality_id}/{instance.year}/{instance.code}.jpg"


class Appeal(models.Model):
    """One citizen's appeal, numbered per municipality and year, with its deadline and answer."""

    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("tracking code"), max_length=16, unique=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="appeals"
    )
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text of the appeal"))
    publish_text = models.BooleanField(_("the citizen agreed to publish the text"), default=False)
    photo = models.ImageField(_("photo"), upload_to=appeal_photo_path, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, default="ky")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    received_on = models.DateField(_("received on"))
    registered_at = models.DateTimeField(_("registered at"), db_index=True)
    due_on = models.DateField(_("answer due on"), db_index=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    due_on_before_extension = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redirected_to = models.CharField(_("redirected to"), max_length=300, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Working days from receipt to the answer (or redirection), and whether that was by the deadline.
    answer_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    on_time = models.BooleanField(null=True, blank=True)
    solved = models.BooleanField(_("the citizen says it is solved"), null=True, blank=True)
    solved_marked_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Same sender, same municipality, same text: a double click or an SMS retry (services.DUPLICATE_WINDOW).
    fingerprint = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "number"], name="appeals_number_once")
        ]
        indexes = [models.Index(fields=["municipality", "received_on"], name="appeals_municipality_day")]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def registration_number(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.overdue_at is not None

    @property
    def code_display(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"


class Appellant(models.Model):
    """Who sent an appeal and where to answer: read only by the staff handling it and the head."""

    appeal = models.OneToOneField(
        Appeal, on_delete=models.CASCADE, primary_key=True, related_name="appellant"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("appellant")
        verbose_name_plural = _("appellants")

    def __str__(self) -> str:
        return str(self.appeal_id)


class Event(models.Model):
    """One step of an appeal's public history; who acted is kept for the office, never shown in public."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("registered")
        IN_PROGRESS = "in_progress", pgettext_lazy("appeal status", "in progress")
        ANSWERED = "answered", _("answered")
        REDIRECTED = "redirected", _("redirected to another body")
        CLOSED = "closed", pgettext_lazy("appeal", "closed")
        EXTENDED = "extended", _("deadline extended")
        OVERDUE = "overdue", _("overdue: escalated to the head of the body")
        FEEDBACK = "feedback", _("the citizen said whether it is solved")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Public: the body an appeal went to, the reason for an extension, the new deadline.
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.kind
