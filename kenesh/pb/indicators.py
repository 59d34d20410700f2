"""The participatory budgeting app's indicators (kenesh.ops.indicators): ballots cast, turnout and the share
of women among the voters who stated their sex, per municipality and year of the vote.

A process counts once its voting has closed (counting, results, implementation), in the budget year it
funds, else the year its voting closed. Sex is on a ballot only when the voter stated it (with consent), so
the share of women is over the ballots that state a sex, as on a process's participation page; it is
published only when women and men each number 5 or more (else "fewer than 5")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.accounts.models import Sex
from kenesh.ops import indicators as ind
from kenesh.pb.models import Ballot, Phase

CLOSED = (Phase.COUNTING, Phase.RESULTS, Phase.IMPLEMENTATION)


def _counts(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, dict[str, int]]:
    """{(municipality, year): ballots, women, men, and ballots of municipality-wide processes}: one query."""
    ballots = Ballot.objects.filter(process__municipality_id__in=list(units), process__phase__in=CLOSED)
    rows = (
        ballots.annotate(
            vote_year=Coalesce("process__budget_year", ExtractYear("process__voting_until")),
        )
        .values("process__municipality_id", "vote_year")
        .annotate(
            n=Count("pk"),
            women=Count("pk", filter=Q(sex=Sex.FEMALE)),
            men=Count("pk", filter=Q(sex=Sex.MALE)),
            wide=Count("pk", filter=Q(process__village__isnull=True)),
        )
        .order_by()
    )
    result: dict[ind.Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["vote_year"] is None or (years is not None and row["vote_year"] not in years):
            continue
        counts = result[(row["process__municipality_id"], row["vote_year"])]
        for name in ("n", "women", "men", "wide"):
            counts[name] += row[name]
    return result


def _votes(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    return {
        key: figure
        for key, counts in _counts(units, years).items()
        if (figure := ind.count(counts["n"], people=True)) is not None
    }


def _turnout(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    result: dict[ind.Key, ind.Figure] = {}
    for key, counts in _counts(units, years).items():
        figure = ind.ratio(counts["wide"], getattr(units[key[0]], "population", None), group=counts["wide"])
        if counts["wide"] and figure is not None:
            result[key] = figure
    return result


def _women(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    result: dict[ind.Key, ind.Figure] = {}
    for key, counts in _counts(units, years).items():
        stated = counts["women"] + counts["men"]
        figure = ind.ratio(counts["women"], stated, group=min(counts["women"], counts["men"]) or stated)
        if figure is not None:
            result[key] = figure
    return result


def _source(coate: str, year: int) -> str:
    return reverse("pb:processes")


def indicators_register() -> None:
    ind.indicator_register(
        ind.Indicator(
            key="pb_votes",
            name=pgettext_lazy("indicator", "Participatory budgeting ballots"),
            unit=ind.PEOPLE,
            source="pb",
            about_people=True,
            compute=_votes,
            source_url=_source,
            aggregate=ind.SUM,
            order=200,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="pb_turnout",
            name=pgettext_lazy("indicator", "Participatory budgeting turnout"),
            unit=ind.SHARE,
            source="pb",
            about_people=True,
            compute=_turnout,
            source_url=_source,
            headline=True,
            order=210,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="pb_women_share",
            name=pgettext_lazy("indicator", "Share of women among voters"),
            unit=ind.SHARE,
            source="pb",
            about_people=True,
            compute=_women,
            source_url=_source,
            order=220,
        )
    )
