"""The needs app's indicators (kenesh.ops.indicators): sessions of the published needs assessments, their
participants, and the women and men among them, per municipality and year of the assessment."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.needs.models import Session
from kenesh.ops import indicators as ind


def _rows(units: Mapping[int, Any], years: Collection[int] | None) -> list[dict[str, Any]]:
    sessions = Session.objects.filter(
        campaign__municipality_id__in=list(units), campaign__published_at__isnull=False
    )
    if years is not None:
        sessions = sessions.filter(campaign__year__in=list(years))
    return list(
        sessions.values("campaign__municipality_id", "campaign__year")
        .annotate(sessions=Count("pk"), participants=Sum("participants"), women=Sum("women"), men=Sum("men"))
        .order_by()
    )


def _each(figure: Callable[[dict[str, Any]], ind.Figure | None]) -> ind.Compute:
    def compute(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
        result: dict[ind.Key, ind.Figure] = {}
        for row in _rows(units, years):
            value = figure(row)
            if value is not None:
                result[(row["campaign__municipality_id"], row["campaign__year"])] = value
        return result

    return compute


def _source(coate: str, year: int) -> str:
    return reverse("needs:campaign", args=[coate, year])


def indicators_register() -> None:
    for key, name, unit, about_people, figure, aggregate, order in (
        (
            "needs_sessions",
            pgettext_lazy("indicator", "Needs assessment sessions"),
            ind.COUNT,
            False,
            lambda row: ind.count(row["sessions"]),
            ind.SUM,
            300,
        ),
        (
            "needs_participants",
            pgettext_lazy("indicator", "Participants of the needs assessment"),
            ind.PEOPLE,
            True,
            lambda row: ind.count(row["participants"] or 0, people=True),
            ind.SUM,
            310,
        ),
        (
            "needs_women",
            pgettext_lazy("indicator", "Women in the needs assessment"),
            ind.PEOPLE,
            True,
            lambda row: ind.count(row["women"] or 0, people=True),
            ind.SUM,
            320,
        ),
        (
            "needs_men",
            pgettext_lazy("indicator", "Men in the needs assessment"),
            ind.PEOPLE,
            True,
            lambda row: ind.count(row["men"] or 0, people=True),
            ind.SUM,
            330,
        ),
    ):
        ind.indicator_register(
            ind.Indicator(
                key=key,
                name=name,
                unit=unit,
                source="needs",
                about_people=about_people,
                compute=_each(figure),
                source_url=_source,
                aggregate=aggregate,
                order=order,
            )
        )
