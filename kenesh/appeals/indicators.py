"""The appeals app's indicators (kenesh.ops.indicators): appeals registered, the share answered on time and
the median working days to the answer, per municipality and year of registration, counted as the appeals'
own figures page counts them (kenesh.appeals.selectors.Figures)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.appeals.models import Appeal
from kenesh.appeals.selectors import _COUNTS, Figures
from kenesh.ops import indicators as ind


def _figures(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, Figures]:
    """One query: the counts per municipality, year and working days to the answer."""
    appeals = Appeal.objects.filter(municipality_id__in=list(units))
    if years is not None:
        appeals = appeals.filter(year__in=list(years))
    result: dict[ind.Key, Figures] = {}
    rows = appeals.values("municipality_id", "year", "answer_working_days").annotate(**_COUNTS).order_by()
    for row in rows:
        key = (row["municipality_id"], row["year"])
        figures = result.setdefault(key, Figures(key=key))
        figures.appeals += row["appeals"]
        figures.answered += row["answered"]
        figures.on_time += row["on_time"]
        figures.marked += row["marked"]
        figures.solved += row["solved"]
        if row["answer_working_days"] is not None:
            figures.days[row["answer_working_days"]] = row["appeals"]
    return result


def _each(figure: Callable[[Figures], ind.Figure | None]) -> ind.Compute:
    def compute(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
        result: dict[ind.Key, ind.Figure] = {}
        for key, figures in _figures(units, years).items():
            value = figure(figures)
            if value is not None:
                result[key] = value
        return result

    return compute


def _median(figures: Figures) -> ind.Figure | None:
    days = figures.median_days
    return None if days is None else ind.Figure(value=Decimal(str(days)))


def _source(coate: str, year: int) -> str:
    return reverse("appeals:figures", args=[coate]) + f"?year={year}"


def indicators_register() -> None:
    ind.indicator_register(
        ind.Indicator(
            key="appeals",
            name=pgettext_lazy("indicator", "Appeals registered"),
            unit=ind.COUNT,
            source="appeals",
            about_people=False,
            compute=_each(lambda figures: ind.count(figures.appeals)),
            source_url=_source,
            aggregate=ind.SUM,
            order=400,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="appeals_on_time_share",
            name=pgettext_lazy("indicator", "Appeals answered on time"),
            unit=ind.SHARE,
            source="appeals",
            about_people=False,
            compute=_each(lambda figures: ind.ratio(figures.on_time, figures.answered)),
            source_url=_source,
            headline=True,
            order=410,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="appeals_median_days",
            name=pgettext_lazy("indicator", "Median working days to answer an appeal"),
            unit=ind.DAYS,
            source="appeals",
            about_people=False,
            compute=_each(_median),
            source_url=_source,
            aggregate=ind.MEDIAN,
            order=420,
        )
    )
