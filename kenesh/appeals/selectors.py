"""The reads of the appeals app. Public reads never touch Appellant (who sent an appeal)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.appeals.models import OPEN_STATUSES, Appeal, Appellant, Category, Event, Status
from kenesh.territory.models import Level, Municipality, Unit

# The columns of an appeal that public pages, exports and the API may read.
PUBLIC_FIELDS = (
    "pk",
    "municipality_id",
    "year",
    "number",
    "code",
    "channel",
    "category_id",
    "village_id",
    "text",
    "publish_text",
    "status",
    "received_on",
    "registered_at",
    "due_on",
    "extended_at",
    "extension_reason",
    "redirected_to",
    "answer",
    "answered_at",
    "on_time",
    "solved",
    "overdue_at",
    "closed_at",
    "language",
)


def _public(queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return queryset.select_related("category", "village", "municipality").only(
        *PUBLIC_FIELDS,
        "category__slug",
        "category__name_ky",
        "category__name_ru",
        "village__name_ky",
        "village__name_ru",
        "municipality__coate",
        "municipality__name_ky",
        "municipality__name_ru",
    )


def appeal_by_code(code: str) -> Appeal | None:
    """The appeal with this tracking code, or None; one query whatever the code looks like."""
    return _public(Appeal.objects.filter(code=code)).first()


def appeal_events(appeal: Appeal) -> list[Event]:
    return list(
        Event.objects.filter(appeal=appeal).only("kind", "at", "note", "appeal_id").order_by("at", "pk")
    )


def appeals_public(
    *, municipality: Municipality, status: str = "", category: str = "", year: int | None = None
) -> QuerySet[Appeal]:
    """A municipality's appeals as the public sees them (newest first)."""
    appeals = _public(Appeal.objects.filter(municipality=municipality))
    if status == "overdue":
        appeals = appeals.filter(overdue_at__isnull=False)
    elif status in Status.values:
        appeals = appeals.filter(status=status)
    if category:
        appeals = appeals.filter(category__slug=category)
    if year:
        appeals = appeals.filter(year=year)
    return appeals.order_by("-registered_at", "-pk")


def appeals_open_data(*, municipality: Any = None, year: int | None = None) -> QuerySet[Appeal]:
    appeals = _public(Appeal.objects.all())
    if municipality is not None:
        appeals = appeals.filter(municipality=municipality)
    if year:
        appeals = appeals.filter(year=year)
    return appeals.order_by("municipality_id", "year", "number")


def categories_for(municipality: Municipality | None) -> QuerySet[Category]:
    """The national categories and the municipality's own."""
    scope = Q(municipality__isnull=True)
    if municipality is not None:
        scope |= Q(municipality=municipality)
    return Category.objects.filter(scope).order_by("position", "slug")


def villages_of(municipality: Municipality) -> QuerySet[Unit]:
    return (
        Unit.objects.current()
        .filter(level=Level.SETTLEMENT, parent=municipality)
        .order_by("name_ky", "name_ru")
    )


def municipalities_with_appeals() -> QuerySet[Unit]:
    return (
        Municipality.objects.current().filter(appeals__isnull=False).distinct().order_by("name_ky", "name_ru")
    )


# --- The office.


def inbox(
    *, municipalities: Iterable[Any], status: str = "", overdue: bool = False, mine_of: Any = None
) -> QuerySet[Appeal]:
    """The appeals staff work on: no personal data (the appellant is read on the appeal's page)."""
    appeals = Appeal.objects.filter(municipality__in=list(municipalities)).select_related(
        "category", "village", "municipality", "assignee"
    )
    if overdue:
        appeals = appeals.filter(overdue_at__isnull=False, status__in=OPEN_STATUSES)
    elif status == "open":
        appeals = appeals.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        appeals = appeals.filter(status=status)
    if mine_of is not None:
        appeals = appeals.filter(assignee=mine_of)
    return appeals.defer("text", "answer").order_by("due_on", "pk")


def appellant_of(appeal: Appeal) -> Appellant | None:
    """Who sent the appeal; callers check `appeals.view_appellant` first."""
    return Appellant.objects.filter(appeal=appeal).select_related("user").first()


def staff_of(municipality: Any) -> QuerySet[User]:
    ids = RoleAssignment.objects.active().filter(role=Role.STAFF, municipality=municipality).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


# --- Responsiveness figures: aggregates only.


@dataclass
class Figures:
    """One row of responsiveness: appeals, answered, median working days, shares on time and solved."""

    key: Any
    label: str = ""
    appeals: int = 0
    answered: int = 0
    on_time: int = 0
    marked: int = 0
    solved: int = 0
    days: dict[int, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median_days(self) -> float | None:
        total = sum(self.days.values())
        if not total:
            return None
        ordered = sorted(self.days.items())

        def at(position: int) -> int:
            seen = 0
            for days, count in ordered:
                seen += count
                if position < seen:
                    return days
            return ordered[-1][0]

        if total % 2:
            return float(at(total // 2))
        return (at(total // 2 - 1) + at(total // 2)) / 2

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.marked if self.marked else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "appeals": self.appeals,
            "answered": self.answered,
            "median_working_days": self.median_days,
            "on_time_share": None if self.on_time_share is None else round(self.on_time_share, 4),
            "solved_share": None if self.solved_share is None else round(self.solved_share, 4),
            "marked": self.marked,
        }


_COUNTS = {
    "appeals": Count("pk"),
    "answered": Count("pk", filter=Q(answered_at__isnull=False)),
    "on_time": Count("pk", filter=Q(on_time=True)),
    "marked": Count("pk", filter=Q(solved__isnull=False)),
    "solved": Count("pk", filter=Q(solved=True)),
}


def _figures_by(appeals: QuerySet[Appeal], key: str) -> dict[Any, Figures]:
    """One query: the counts per key and per number of working days to the answer (the median's histogram),
    summed here per key; a few thousand rows for the whole country rather than a second scan of the table."""
    rows: dict[Any, Figures] = {}
    grouped = appeals.values(key, "answer_working_days").annotate(**_COUNTS).order_by()
    for row in grouped:
        figures = rows.setdefault(row[key], Figures(key=row[key]))
        figures.appeals += row["appeals"]
        figures.answered += row["answered"]
        figures.on_time += row["on_time"]
        figures.marked += row["marked"]
        figures.solved += row["solved"]
        if row["answer_working_days"] is not None:
            figures.days[row["answer_working_days"]] = row["appeals"]
    return dict(sorted(rows.items(), key=lambda item: (item[0] is None, item[0])))


def _total(rows: Iterable[Figures]) -> Figures:
    total = Figures(key=None)
    for row in rows:
        total.appeals += row.appeals
        total.answered += row.answered
        total.on_time += row.on_time
        total.marked += row.marked
        total.solved += row.solved
        for days, count in row.days.items():
            total.days[days] = total.days.get(days, 0) + count
    return total


@dataclass
class MunicipalityFigures:
    total: Figures
    by_category: list[Figures]
    by_month: list[Figures]
    years: list[int]


def figures_municipality(*, municipality: Municipality, year: int | None) -> MunicipalityFigures:
    """A municipality's responsiveness in a year (by registration), by category and by month."""
    appeals = Appeal.objects.filter(municipality=municipality)
    years = sorted(set(appeals.values_list("year", flat=True).distinct()), reverse=True)
    if year:
        appeals = appeals.filter(year=year)
    by_category = _figures_by(appeals, "category_id")
    categories = {c.pk: c for c in Category.objects.filter(pk__in=list(by_category))}
    for row in by_category.values():
        row.extra["category"] = categories.get(row.key)
    by_month = _figures_by(appeals.annotate(month=ExtractMonth("received_on")), "month")
    return MunicipalityFigures(
        total=_total(by_category.values()),
        by_category=sorted(by_category.values(), key=lambda row: -row.appeals),
        by_month=[by_month[month] for month in sorted(by_month)],
        years=years,
    )


@dataclass
class NationalFigures:
    total: Figures
    rows: list[Figures]
    oblasts: list[Unit]
    rayons: list[Unit]


def figures_national(
    *, oblast: int | None = None, rayon: int | None = None, year: int | None = None
) -> NationalFigures:
    """Every municipality's responsiveness side by side; four queries whatever the number of appeals."""
    appeals = Appeal.objects.all()
    if year:
        appeals = appeals.filter(year=year)
    if rayon:
        appeals = appeals.filter(municipality__parent_id=rayon)
    elif oblast:
        appeals = appeals.filter(municipality__parent__parent_id=oblast)
    by_municipality = _figures_by(appeals, "municipality_id")
    municipalities = (
        Unit.objects.filter(pk__in=list(by_municipality))
        .select_related("parent", "parent__parent")
        .only(
            "coate",
            "name_ky",
            "name_ru",
            "parent__name_ky",
            "parent__name_ru",
            "parent__parent__name_ky",
            "parent__parent__name_ru",
        )
    )
    for unit in municipalities:
        by_municipality[unit.pk].extra["municipality"] = unit
    rows = sorted(by_municipality.values(), key=lambda row: str(row.extra.get("municipality", "")))
    oblasts = list(
        Unit.objects.current().filter(level=Level.OBLAST).only("name_ky", "name_ru").order_by("coate")
    )
    rayons = list(
        Unit.objects.current()
        .filter(level=Level.RAYON, **({"parent_id": oblast} if oblast else {}))
        .only("name_ky", "name_ru", "parent_id")
        .order_by("coate")
    )
    return NationalFigures(total=_total(rows), rows=rows, oblasts=oblasts, rayons=rayons)


def answer_due_days_left(appeal: Appeal, today: datetime.date) -> int:
    return (appeal.due_on - today).days
