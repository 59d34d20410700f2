"""Versioned territorial units (СОАТЕ), the LSG bodies of each municipality, its council and deputies.

One table, `Unit`, holds every level of the classifier; `Oblast`, `Rayon`, `Municipality` and `Settlement`
are proxies of it that see one level each. A unit is a *version*: the key is (coate, valid_from), because a
reform may end a unit and later reuse its code, so "the unit with code X on day D" is one query:
``Unit.objects.as_of(D).filter(coate=X)``.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

coate_validator = RegexValidator(r"^\d{14}$", _("A СОАТЕ code has exactly 14 digits."))
phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{5,20}$", _("Enter a phone number of digits, spaces and dashes.")
)


def today() -> datetime.date:
    """Today's date in Bishkek (the project's time zone), the default day for "as of" questions."""
    return timezone.localdate()


def pick_language(obj: Any, field: str) -> str:
    """The field in the active language, falling back to Kyrgyz, then Russian, then English."""
    language = (get_language() or "ky").split("-")[0]
    for code in (language, "ky", "ru", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


class Level(models.TextChoices):
    """The levels of the classifier, spelled as in the СОАТЕ export we import."""

    OBLAST = "oblast_or_republican_city", _("oblast or city of republican significance")
    RAYON = "rayon_or_oblast_city", _("rayon or city of oblast significance")
    MUNICIPALITY = "aiyl_aimak_or_rayon_city", _("aiyl aimak or city")
    SETTLEMENT = "settlement", _("settlement")


# The level each level hangs under; an oblast hangs under nothing.
PARENT_LEVEL: dict[str, str | None] = {
    Level.OBLAST: None,
    Level.RAYON: Level.OBLAST,
    Level.MUNICIPALITY: Level.RAYON,
    Level.SETTLEMENT: Level.MUNICIPALITY,
}


def as_of_q(day: datetime.date, prefix: str = "") -> Q:
    """Versions valid on `day`: valid_from is empty ("since before our records") or not after it, and
    valid_to (the last day, inclusive) is empty or not before it."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class UnitQuerySet(models.QuerySet["Unit"]):
    def as_of(self, day: datetime.date | None = None) -> UnitQuerySet:
        return self.filter(as_of_q(day or today()))

    def current(self) -> UnitQuerySet:
        return self.as_of(today())


class UnitManager(models.Manager["Unit"]):
    """The manager of one level (for the proxies) or of every level (for `Unit`)."""

    def __init__(self, level: str | None = None) -> None:
        super().__init__()
        self.level = level

    def get_queryset(self) -> UnitQuerySet:
        queryset = UnitQuerySet(self.model, using=self._db)
        return queryset.filter(level=self.level) if self.level else queryset

    def as_of(self, day: datetime.date | None = None) -> UnitQuerySet:
        return self.get_queryset().as_of(day)

    def current(self) -> UnitQuerySet:
        return self.get_queryset().current()


class Unit(models.Model):
    """One version of a territorial unit of the СОАТЕ classifier."""

    coate = models.CharField(_("СОАТЕ code"), max_length=14, validators=[coate_validator], db_index=True)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Empty valid_from means "since before our records": we do not invent a start date we do not know.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    # The last day the version was valid, inclusive; empty while it still is.
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("formed from")
    )

    objects: ClassVar[UnitManager] = UnitManager()

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["coate", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["coate", "valid_from"], name="territory_unit_coate_valid_from"),
            # NULLs are distinct in a unique index, so "since before our records" needs its own rule.
            models.UniqueConstraint(
                fields=["coate"],
                condition=Q(valid_from__isnull=True),
                name="territory_unit_coate_since_records",
            ),
            models.UniqueConstraint(
                fields=["coate"], condition=Q(valid_to__isnull=True), name="territory_unit_coate_one_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="territory_unit_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["level", "coate"], name="territory_unit_level_coate")]

    def __str__(self) -> str:
        return f"{self.name} ({self.coate})"

    @property
    def name(self) -> str:
        return pick_language(self, "name")

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_current(self) -> bool:
        return self.is_valid_on(today())


class Oblast(Unit):
    """An oblast or a city of republican significance (Bishkek, Osh)."""

    objects: ClassVar[UnitManager] = UnitManager(Level.OBLAST)

    class Meta:
        proxy = True
        verbose_name = _("oblast")
        verbose_name_plural = _("oblasts")


class Rayon(Unit):
    """A rayon or a city of oblast significance."""

    objects: ClassVar[UnitManager] = UnitManager(Level.RAYON)

    class Meta:
        proxy = True
        verbose_name = _("rayon")
        verbose_name_plural = _("rayons")


class Municipality(Unit):
    """An aiyl aimak or a city: the territory of one LSG body, keyed by its СОАТЕ code."""

    objects: ClassVar[UnitManager] = UnitManager(Level.MUNICIPALITY)

    class Meta:
        proxy = True
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    @property
    def settlements(self) -> UnitQuerySet:
        """The villages of this version of the municipality."""
        return Settlement.objects.get_queryset().filter(parent=self).order_by("name_ru")


class Settlement(Unit):
    """A village or town inside a municipality."""

    objects: ClassVar[UnitManager] = UnitManager(Level.SETTLEMENT)

    class Meta:
        proxy = True
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")


class ExecutiveKind(models.TextChoices):
    AIYL_OKMOTU = "aiyl_okmotu", _("aiyl okmotu")
    MAYORS_OFFICE = "mayors_office", _("mayor's office")


class LsgBody(models.Model):
    """What both bodies of a municipality have: a name in three languages and the time of the last edit."""

    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self, "name")


class ExecutiveBody(LsgBody):
    """The executive body of a municipality: its aiyl okmotu or mayor's office."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="executive", verbose_name=_("municipality")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ExecutiveKind.choices, default=ExecutiveKind.AIYL_OKMOTU
    )
    head = models.CharField(pgettext_lazy("person", "head"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])

    class Meta:
        verbose_name = _("executive body")
        verbose_name_plural = _("executive bodies")


class CouncilKind(models.TextChoices):
    AIYL_KENESH = "aiyl_kenesh", _("aiyl kenesh")
    CITY_KENESH = "city_kenesh", _("city kenesh")


class Council(LsgBody):
    """The representative body (kenesh) of a municipality."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="council", verbose_name=_("municipality")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CouncilKind.choices, default=CouncilKind.AIYL_KENESH
    )
    seats = models.PositiveSmallIntegerField(_("number of seats"))

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="territory_council_seats_positive")
        ]


class Sex(models.TextChoices):
    FEMALE = "female", _("woman")
    MALE = "male", _("man")


class DeputyQuerySet(models.QuerySet["Deputy"]):
    def serving_on(self, day: datetime.date | None = None) -> DeputyQuerySet:
        day = day or today()
        return self.filter(Q(term_start__lte=day) & (Q(term_end__isnull=True) | Q(term_end__gte=day)))


class Deputy(models.Model):
    """A deputy of a council; the term end is the last day of the mandate (empty while it runs)."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="deputies", verbose_name=_("council")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    party = models.CharField(_("party"), max_length=200, blank=True)
    constituency = models.ForeignKey(
        Settlement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("constituency village"),
        limit_choices_to={"level": Level.SETTLEMENT},
    )

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="territory_deputy_term_period",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def is_serving_on(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)
