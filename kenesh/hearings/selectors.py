"""Reads of the hearings app: the public archive and page of a hearing, metrics, the national view, open data.

A hearing is public from the day its notice went out. Every page here costs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Sum

from kenesh.hearings.models import AnswerStatus, Hearing, HearingDocument, HearingProposal
from kenesh.territory.models import Level, Unit, today

PAGE_SIZE = 50
# Attendance counts under this are shown as "fewer than 5": at a village hearing a small group is a few
# people whom everyone knows.
SMALL_GROUP = 5
ACCEPTED = (AnswerStatus.ACCEPTED, AnswerStatus.PARTLY)


def small_group(count: int | None) -> int | None:
    """The count as published: None (shown as "fewer than 5") when it is 1 to 4."""
    if count is None:
        return None
    return None if 0 < count < SMALL_GROUP else count


def public_hearings(day: datetime.date | None = None) -> QuerySet[Hearing]:
    return Hearing.objects.filter(notice_date__lte=day or today())


def upcoming_hearings(*, limit: int = 10) -> list[Hearing]:
    """Hearings announced and not yet held, the soonest first (one query): for the home page."""
    day = today()
    hearings = public_hearings(day).filter(date__gte=day).select_related("municipality")
    return list(hearings.order_by("date", "time", "pk")[:limit])


def municipality_get(*, coate: str) -> Unit | None:
    return Unit.objects.current().filter(level=Level.MUNICIPALITY, coate=coate).first()


# Metrics ------------------------------------------------------------------


@dataclass
class Metrics:
    """What a set of hearings achieved: one municipality-year, a year of the country, or a filter's total."""

    hearings: int = 0
    held: int = 0
    participants: int = 0
    women: int = 0
    proposals: int = 0
    answered: int = 0
    accepted: int = 0
    on_time: int = 0

    def add(self, other: Metrics) -> None:
        for name in (
            "hearings",
            "held",
            "participants",
            "women",
            "proposals",
            "answered",
            "accepted",
            "on_time",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        return Decimal(part) / Decimal(whole) if whole else None

    @property
    def women_share(self) -> Decimal | None:
        return self._share(self.women, self.participants)

    @property
    def accepted_share(self) -> Decimal | None:
        return self._share(self.accepted, self.proposals)

    @property
    def on_time_share(self) -> Decimal | None:
        return self._share(self.on_time, self.proposals)

    @property
    def unanswered(self) -> int:
        return self.proposals - self.answered


def _hearing_sums(hearings: QuerySet[Hearing], group: Iterable[str], day: datetime.date) -> QuerySet[Any]:
    return hearings.values(*group).annotate(
        n=Count("id"),
        n_held=Count("id", filter=Q(date__lte=day)),
        n_participants=Sum("participants"),
        n_women=Sum("women"),
    )


def _proposal_sums(proposals: QuerySet[HearingProposal], group: Iterable[str]) -> QuerySet[Any]:
    return proposals.values(*group).annotate(
        n=Count("id"),
        n_answered=Count("id", filter=~Q(status=AnswerStatus.UNANSWERED)),
        n_accepted=Count("id", filter=Q(status__in=ACCEPTED)),
        n_on_time=Count(
            "id", filter=~Q(status=AnswerStatus.UNANSWERED) & Q(answered_on__lte=F("hearing__answer_due"))
        ),
    )


def _metrics_by(
    hearings: QuerySet[Hearing],
    hearing_group: tuple[str, ...],
    proposal_group: tuple[str, ...],
    day: datetime.date,
) -> dict[tuple[Any, ...], Metrics]:
    """Metrics keyed by the grouping values; two queries."""
    result: dict[tuple[Any, ...], Metrics] = defaultdict(Metrics)
    for row in _hearing_sums(hearings, hearing_group, day):
        metrics = result[tuple(row[name] for name in hearing_group)]
        metrics.hearings, metrics.held = row["n"], row["n_held"]
        metrics.participants, metrics.women = row["n_participants"] or 0, row["n_women"] or 0
    proposals = HearingProposal.objects.filter(hearing__in=hearings.values("id"))
    for row in _proposal_sums(proposals, proposal_group):
        metrics = result[tuple(row[name] for name in proposal_group)]
        metrics.proposals, metrics.answered = row["n"], row["n_answered"]
        metrics.accepted, metrics.on_time = row["n_accepted"], row["n_on_time"]
    return result


# A municipality's archive -----------------------------------------------------------


@dataclass
class Archive:
    municipality: Unit
    hearings: list[Any]
    years: list[tuple[int, Metrics]]


def archive(*, coate: str) -> Archive | None:
    """The public hearings of a municipality, newest first, with their proposal counts and yearly metrics."""
    municipality = municipality_get(coate=coate)
    if municipality is None:
        return None
    day = today()
    hearings = public_hearings(day).filter(municipality=municipality)
    listed = list(
        hearings.select_related("budget_version__budget").annotate(
            n_proposals=Count("proposals"),
            n_unanswered=Count("proposals", filter=Q(proposals__status=AnswerStatus.UNANSWERED)),
        )
    )
    by_year = _metrics_by(hearings, ("year",), ("hearing__year",), day)
    return Archive(
        municipality=municipality,
        hearings=listed,
        years=sorted(((key[0], metrics) for key, metrics in by_year.items()), reverse=True),
    )


def hearing_public_get(*, coate: str, pk: int) -> Hearing | None:
    """A public hearing with its municipality, budget version, documents and proposals (four queries)."""
    return (
        public_hearings()
        .filter(pk=pk, municipality__coate=coate)
        .select_related("municipality", "budget_version__budget")
        .prefetch_related(
            Prefetch("documents", queryset=HearingDocument.objects.order_by("uploaded_at", "id")),
            Prefetch(
                "proposals",
                queryset=HearingProposal.objects.select_related(
                    "budget_line_version__budget", "plan_item__plan"
                ).order_by("number"),
            ),
        )
        .first()
    )


# The national view ------------------------------------------------------------------


@dataclass
class MunicipalityRow:
    municipality_id: int
    coate: str
    name_ky: str
    name_ru: str
    rayon: str
    metrics: Metrics

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("ky") and self.name_ky:
            return self.name_ky
        return self.name_ru


@dataclass
class NationalView:
    year: int | None
    years: list[int]
    oblast: str
    rayon: str
    oblasts: list[Unit]
    rayons: list[Unit]
    rows: list[MunicipalityRow]
    total: Metrics
    by_year: list[tuple[int, Metrics]] = field(default_factory=list)


def national_view(*, year: int | None = None, oblast: str = "", rayon: str = "") -> NationalView:
    """Hearing metrics of every municipality in a year (the latest by default), of one oblast or rayon if
    asked, with the filter's total and its totals by year. Seven queries, whatever the number of rows."""
    day = today()
    hearings = public_hearings(day)
    years = list(hearings.values_list("year", flat=True).distinct().order_by("-year"))
    if year not in years:
        year = years[0] if years else None
    oblasts = list(Unit.objects.current().filter(level=Level.OBLAST).order_by("coate"))
    rayons = list(Unit.objects.current().filter(level=Level.RAYON).select_related("parent").order_by("coate"))
    if oblast and not any(unit.coate == oblast for unit in oblasts):
        oblast = ""
    if rayon and not any(
        unit.coate == rayon and (not oblast or (unit.parent is not None and unit.parent.coate == oblast))
        for unit in rayons
    ):
        rayon = ""
    if oblast:
        hearings = hearings.filter(municipality__parent__parent__coate=oblast)
    if rayon:
        hearings = hearings.filter(municipality__parent__coate=rayon)
    by_year = _metrics_by(hearings, ("year",), ("hearing__year",), day)
    rows: list[MunicipalityRow] = []
    total = Metrics()
    if year is not None:
        of_year = hearings.filter(year=year)
        group = (
            "municipality_id",
            "municipality__coate",
            "municipality__name_ky",
            "municipality__name_ru",
            "municipality__parent__name_ru",
        )
        proposal_group = tuple(f"hearing__{name}" for name in group)
        metrics = _metrics_by(of_year, group, proposal_group, day)
        for key, value in metrics.items():
            rows.append(MunicipalityRow(key[0], key[1], key[2], key[3], key[4] or "", value))
            total.add(value)
        rows.sort(key=lambda row: row.name_ru.casefold())
    return NationalView(
        year=year,
        years=years,
        oblast=oblast,
        rayon=rayon,
        oblasts=oblasts,
        rayons=[
            unit for unit in rayons if not oblast or (unit.parent is not None and unit.parent.coate == oblast)
        ],
        rows=rows,
        total=total,
        by_year=sorted(((key[0], value) for key, value in by_year.items()), reverse=True),
    )


# Open data ------------------------------------------------------------------


def open_hearings(*, coate: str = "", year: int | None = None) -> list[Hearing]:
    """Public hearings (of one municipality, of one year) with what open data shows; three queries."""
    hearings = public_hearings().select_related("municipality", "budget_version__budget")
    if coate:
        hearings = hearings.filter(municipality__coate=coate)
    if year is not None:
        hearings = hearings.filter(year=year)
    return list(
        hearings.order_by("municipality__coate", "date", "id").prefetch_related(
            Prefetch(
                "proposals",
                queryset=HearingProposal.objects.select_related("plan_item__plan").order_by("number"),
            )
        )
    )


def last_modified(hearings: Iterable[Hearing]) -> datetime.datetime | None:
    return max((hearing.modified_at for hearing in hearings), default=None)


def hearings_modified_at() -> datetime.datetime | None:
    return public_hearings().aggregate(latest=Max("modified_at"))["latest"]


# The office ------------------------------------------------------------------------


def office_hearings(*, municipality: Unit) -> list[Hearing]:
    """Every hearing of a municipality, published or not yet, with its proposal counts (one query)."""
    return list(
        Hearing.objects.filter(municipality=municipality)
        .select_related("budget_version__budget")
        .annotate(
            n_proposals=Count("proposals"),
            n_unanswered=Count("proposals", filter=Q(proposals__status=AnswerStatus.UNANSWERED)),
        )
    )


def office_hearing_get(*, pk: int) -> Hearing | None:
    return (
        Hearing.objects.filter(pk=pk)
        .select_related("municipality", "budget_version__budget")
        .prefetch_related(
            "documents",
            Prefetch(
                "proposals",
                queryset=HearingProposal.objects.select_related(
                    "budget_line_version__budget", "plan_item__plan"
                ),
            ),
        )
        .first()
    )


def office_proposal_get(*, pk: int) -> HearingProposal | None:
    return HearingProposal.objects.filter(pk=pk).select_related("hearing__municipality").first()


@dataclass(frozen=True)
class PublicCount:
    """One attendance count as published: `value` None means "fewer than 5"."""

    label: str
    value: int | None


def attendance_public(hearing: Hearing) -> list[PublicCount]:
    """The attendance a public page, the minutes and open data show; groups under 5 as "fewer than 5"."""
    from django.utils.translation import gettext as _

    if not hearing.attendance_recorded:
        return []
    return [
        PublicCount(_("Participants, in all"), hearing.participants),
        PublicCount(_("Women"), small_group(hearing.women)),
        PublicCount(_("Men"), small_group(hearing.men)),
        PublicCount(_("Young people (14-28)"), small_group(hearing.youth)),
        PublicCount(_("Older people"), small_group(hearing.elderly)),
        PublicCount(_("People with disabilities"), small_group(hearing.disabled)),
        PublicCount(_("Ethnic minorities"), small_group(hearing.minorities)),
        PublicCount(_("Officials and deputies among them"), hearing.officials),
    ]
