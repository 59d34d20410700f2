"""The hearings app's indicators (kenesh.ops.indicators): public hearings held, their participants and the
share of women among them, per municipality and year, from the hearings whose notice is public.

Participants count only where attendance was recorded; the share of women is published only when women
and men each number 5 or more ("fewer than 5" otherwise), the rule of a hearing's own page."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.hearings.selectors import public_hearings
from kenesh.ops import indicators as ind
from kenesh.territory.models import today


def _rows(units: Mapping[int, Any], years: Collection[int] | None) -> list[dict[str, Any]]:
    day = today()
    hearings = public_hearings(day).filter(municipality_id__in=list(units), date__lte=day)
    if years is not None:
        hearings = hearings.filter(year__in=list(years))
    recorded = Q(attendance_recorded=True)
    return list(
        hearings.values("municipality_id", "year")
        .annotate(
            held=Count("pk"),
            recorded=Count("pk", filter=recorded),
            participants=Sum("participants", filter=recorded),
            women=Sum("women", filter=recorded),
        )
        .order_by()
    )


def _held(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    return {
        (row["municipality_id"], row["year"]): ind.Figure(value=Decimal(row["held"]))
        for row in _rows(units, years)
    }


def _participants(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    result: dict[ind.Key, ind.Figure] = {}
    for row in _rows(units, years):
        if row["recorded"] and (figure := ind.count(row["participants"] or 0, people=True)) is not None:
            result[(row["municipality_id"], row["year"])] = figure
    return result


def _women(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    result: dict[ind.Key, ind.Figure] = {}
    for row in _rows(units, years):
        everyone, women = row["participants"] or 0, row["women"] or 0
        figure = ind.ratio(women, everyone, group=min(women, everyone - women) or everyone)
        if row["recorded"] and figure is not None:
            result[(row["municipality_id"], row["year"])] = figure
    return result


def _source(coate: str, year: int) -> str:
    return reverse("hearings:archive", args=[coate])


def indicators_register() -> None:
    ind.indicator_register(
        ind.Indicator(
            key="hearings_held",
            name=pgettext_lazy("indicator", "Public hearings held"),
            unit=ind.COUNT,
            source="hearings",
            about_people=False,
            compute=_held,
            source_url=_source,
            aggregate=ind.SUM,
            order=100,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="hearings_participants",
            name=pgettext_lazy("indicator", "Participants of hearings"),
            unit=ind.PEOPLE,
            source="hearings",
            about_people=True,
            compute=_participants,
            source_url=_source,
            aggregate=ind.SUM,
            order=110,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="hearings_women_share",
            name=pgettext_lazy("indicator", "Share of women at hearings"),
            unit=ind.SHARE,
            source="hearings",
            about_people=True,
            compute=_women,
            source_url=_source,
            headline=True,
            order=120,
        )
    )
