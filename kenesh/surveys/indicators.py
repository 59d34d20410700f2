"""The surveys app's indicators (kenesh.ops.indicators): the trust index of the latest round of each year
and the share satisfied with services (answering 4 or 5), with their 95% intervals, computed by
kenesh.surveys.stats as a round's own results page does.

A round counts in the year it ended, once it has ended; of several rounds in one year, the latest. Three
queries for every municipality: the rounds, their trust questions, and the responses' weights and answers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.ops import indicators as ind
from kenesh.surveys import stats
from kenesh.surveys.answers import values_unpack
from kenesh.surveys.models import Kind, Question, Response, Role, Round
from kenesh.territory.models import today


def _latest_rounds(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, Round]:
    rounds = Round.objects.filter(municipality_id__in=list(units), ends_on__lte=today()).order_by(
        "ends_on", "pk"
    )
    latest: dict[ind.Key, Round] = {}
    for survey_round in rounds:
        year = survey_round.ends_on.year
        if years is None or year in years:
            latest[(survey_round.municipality_id, year)] = survey_round
    return latest


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 4)))


def _satisfied(dist: stats.Distribution) -> stats.Estimate:
    """The share answering 4 or 5, as a round's results page computes it."""
    return stats.proportion(dist, lambda value: value >= 4)


def _by_role(
    role: str, estimate_of: Callable[[stats.Distribution], stats.Estimate], scale: float
) -> ind.Compute:
    def compute(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
        return _estimates(units, years, role, estimate_of, scale)

    return compute


def _estimates(
    units: Mapping[int, Any],
    years: Collection[int] | None,
    role: str,
    estimate_of: Callable[[stats.Distribution], stats.Estimate],
    scale: float,
) -> dict[ind.Key, ind.Figure]:
    latest = _latest_rounds(units, years)
    if not latest:
        return {}
    by_round = {survey_round.pk: key for key, survey_round in latest.items()}
    instruments = {survey_round.instrument_id for survey_round in latest.values()}
    # The first question of the role on the scale from 1 to 5 of each questionnaire.
    slots: dict[int, int] = {}
    for question in Question.objects.filter(
        instrument_id__in=instruments, role=role, kind=Kind.LIKERT
    ).order_by("position"):
        slots.setdefault(question.instrument_id, question.slot)
    slot_of_round = {
        pk: slots[latest[key].instrument_id]
        for pk, key in by_round.items()
        if latest[key].instrument_id in slots
    }
    cells: dict[int, dict[float, stats.Cell]] = defaultdict(dict)
    responses = Response.objects.filter(round_id__in=list(slot_of_round)).values_list(
        "round_id", "weight", "values"
    )
    for round_id, weight, blob in responses.iterator(chunk_size=5000):
        answers = values_unpack(blob)
        slot = slot_of_round[round_id]
        if slot >= len(answers) or answers[slot] != answers[slot]:  # absent or NaN: not answered
            continue
        value, w = float(answers[slot]), float(weight)
        cell = cells[round_id].setdefault(value, stats.Cell())
        cell.add(stats.Cell(1, w, w * w))
    result: dict[ind.Key, ind.Figure] = {}
    for round_id, dist in cells.items():
        estimate = estimate_of(dist)
        if estimate.value is None:
            continue
        result[by_round[round_id]] = ind.Figure(
            value=_decimal(estimate.value * scale),
            group=estimate.n,
            low=None if estimate.low is None else _decimal(estimate.low * scale),
            high=None if estimate.high is None else _decimal(estimate.high * scale),
        )
    return result


def _source(coate: str, year: int) -> str:
    return reverse("surveys:municipality", args=[coate])


def indicators_register() -> None:
    ind.indicator_register(
        ind.Indicator(
            key="trust_index",
            name=pgettext_lazy("indicator", "Trust index of the latest survey"),
            unit=ind.INDEX,
            source="surveys",
            about_people=True,
            compute=_by_role(Role.TRUST, stats.trust_index, 1.0),
            source_url=_source,
            aggregate=ind.MEDIAN,
            headline=True,
            order=500,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="satisfaction_share",
            name=pgettext_lazy("indicator", "Satisfied with services, latest survey"),
            unit=ind.SHARE,
            source="surveys",
            about_people=True,
            compute=_by_role(Role.SATISFACTION, _satisfied, 1.0),
            source_url=_source,
            aggregate=ind.MEDIAN,
            order=510,
        )
    )
