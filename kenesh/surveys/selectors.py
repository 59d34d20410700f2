"""Reads of the surveys app: a round's indicators with their breakdowns, and the comparison of two rounds.

A round's indicators cost four queries whatever its size: the questions, their options, the responses
(profile, weight and packed answers, counted with numpy: see `_profiled`), and the villages. Groups of
fewer than K_ANONYMITY respondents are never shown as a number; the complementary group is hidden too where
the total minus the others would reveal one (the rule of the PB participation figures,
kenesh.pb.participation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.accounts.models import AgeGroup, Sex
from kenesh.pb.participation import ELSEWHERE, NOT_STATED, Group, suppress
from kenesh.surveys import stats
from kenesh.surveys.answers import DTYPE, values_unpack
from kenesh.surveys.models import Choice, Kind, Question, Response, Role, Round, localized
from kenesh.surveys.stats import Cell, Estimate
from kenesh.territory.models import Settlement

K_ANONYMITY = 5

# (sex, age group, village id) -> {answer value: Cell}
Profiled = dict[tuple[str, str, int | None], dict[float, Cell]]


@dataclass
class GroupEstimate:
    key: str
    label: str | Promise
    n: int
    hidden: bool
    estimate: Estimate | None


@dataclass
class BreakdownEstimate:
    dimension: str
    title: str | Promise
    groups: list[GroupEstimate]


@dataclass
class Indicator:
    """One figure of a round: `code` is stable across rounds of the same questionnaire."""

    code: str
    question_code: str
    label: str
    kind: str
    overall: Estimate
    breakdowns: list[BreakdownEstimate] = field(default_factory=list)
    distribution: Profiled = field(default_factory=dict, repr=False)
    compute: Callable[[dict[float, Cell]], Estimate] | None = field(default=None, repr=False)


@dataclass
class RoundIndicators:
    round: Round
    respondents: int
    indicators: list[Indicator]


DIMENSIONS: tuple[tuple[str, str | Promise], ...] = (
    ("sex", pgettext_lazy("survey breakdown", "Sex")),
    ("age", pgettext_lazy("survey breakdown", "Age group")),
    ("village", pgettext_lazy("survey breakdown", "Village")),
)


def _profiled(survey_round: Round, questions: list[Question]) -> tuple[dict[int, Profiled], int]:
    """({question id: answers counted by respondent profile and value}, respondents), from one query.

    The responses' packed answers are read into one array (a row per response, a column per question
    slot); each question's column is then counted by profile and value with numpy's bincount: respondents,
    sum of weights, sum of squared weights."""
    rows = list(
        Response.objects.filter(round=survey_round)
        .values_list("sex", "age_group", "village_id", "weight", "values")
        .order_by()
    )
    if not rows or not questions:
        return {}, len(rows)
    profiles: dict[tuple[str, str, int | None], int] = {}
    ids = np.fromiter(
        (
            profiles.setdefault((sex or "", age or "", village), len(profiles))
            for sex, age, village, *_r in rows
        ),
        dtype=np.int64,
        count=len(rows),
    )
    keys = list(profiles)
    weights = np.fromiter((row[3] for row in rows), dtype=np.float64, count=len(rows))
    matrix = _matrix([row[4] for row in rows], max(q.slot for q in questions) + 1)
    by_question: dict[int, Profiled] = {}
    for question in questions:
        column = matrix[:, question.slot]
        answered = ~np.isnan(column)
        if not answered.any():
            continue
        values, which = np.unique(column[answered], return_inverse=True)
        bins = ids[answered] * len(values) + which.reshape(-1)
        size = len(keys) * len(values)
        w = weights[answered]
        counts = np.bincount(bins, minlength=size)
        sums = np.bincount(bins, weights=w, minlength=size)
        squares = np.bincount(bins, weights=w * w, minlength=size)
        profiled: Profiled = defaultdict(dict)
        found = np.flatnonzero(counts)
        for index, value_index, n, sw, sw2 in zip(
            found.tolist(),
            (found % len(values)).tolist(),
            counts[found].tolist(),
            sums[found].tolist(),
            squares[found].tolist(),
            strict=True,
        ):
            profiled[keys[index // len(values)]][float(values[value_index])] = Cell(int(n), sw, sw2)
        by_question[question.pk] = profiled
    return by_question, len(rows)


def _matrix(blobs: list[Any], size: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The responses' values as one array, a row each, `size` columns (NaN where a response has fewer)."""
    if all(len(blob) == size * 8 for blob in blobs):
        return np.frombuffer(b"".join(blobs), dtype=DTYPE).reshape(len(blobs), size)
    matrix = np.full((len(blobs), size), np.nan)
    for index, blob in enumerate(blobs):
        values = values_unpack(blob)[:size]
        matrix[index, : len(values)] = values
    return matrix


def _merge(profiled: Profiled, keep: Callable[[tuple[str, str, int | None]], bool]) -> dict[float, Cell]:
    merged: dict[float, Cell] = defaultdict(Cell)
    for profile, dist in profiled.items():
        if keep(profile):
            for value, cell in dist.items():
                merged[value].add(cell)
    return dict(merged)


def _share_of(counted: Callable[[float], bool]) -> Callable[[dict[float, Cell]], Estimate]:
    def compute(dist: dict[float, Cell]) -> Estimate:
        return stats.proportion(dist, counted)

    return compute


def _bit_set(bit: int) -> Callable[[float], bool]:
    return lambda value: int(value) & bit != 0


def _indicators_of(question: Question, choices: list[Choice], profiled: Profiled) -> list[Indicator]:
    text = question.text
    made: list[tuple[str, str, str, Callable[[dict[float, Cell]], Estimate]]] = []
    if question.kind == Kind.LIKERT:
        if question.role == Role.TRUST:
            made.append(
                ("index", str(_("Trust index (trusting minus distrusting)")), "index", stats.trust_index)
            )
        made.append(
            (
                "top2",
                str(_("Share answering 4 or 5")),
                "proportion",
                lambda d: stats.proportion(d, lambda v: v >= 4),
            )
        )
        made.append(("mean", str(_("Mean on the scale from 1 to 5")), "mean", stats.mean))
    elif question.kind == Kind.NUMBER:
        made.append(("mean", str(_("Mean")), "mean", stats.mean))
    elif question.kind == Kind.SINGLE and question.role not in (Role.SEX, Role.AGE, Role.VILLAGE):
        positive = {float(c.position) for c in choices if c.positive}
        if positive:
            label = " / ".join(c.label for c in choices if c.positive)
            made.append(
                (
                    "share",
                    str(_("Share answering: %(options)s") % {"options": label}),
                    "proportion",
                    _share_of(lambda v: v in positive),
                )
            )
    elif question.kind == Kind.MULTIPLE:
        mask = sum(1 << c.position for c in choices if c.positive)
        if mask:
            made.append(
                (
                    "any",
                    str(_("Share choosing any of the options")),
                    "proportion",
                    _share_of(lambda v: int(v) & mask != 0),
                )
            )
        for choice in choices:
            bit = 1 << choice.position
            made.append(
                (
                    f"opt_{choice.code}",
                    choice.label,
                    "proportion",
                    _share_of(_bit_set(bit)),
                )
            )
    everyone = _merge(profiled, lambda _p: True)
    return [
        Indicator(
            code=f"{question.code}.{suffix}",
            question_code=question.code,
            label=f"{text} — {label}",
            kind=kind,
            overall=compute(everyone),
            distribution=profiled,
            compute=compute,
        )
        for suffix, label, kind, compute in made
    ]


Keep = Callable[[tuple[str, str, int | None]], bool]


def _equals(index: int, wanted: object) -> Keep:
    return lambda profile: profile[index] == wanted


def _groups(dimension: str, villages: list[Settlement]) -> list[tuple[str, str | Promise, Keep]]:
    if dimension == "sex":
        known = [value for value, _label in Sex.choices]
        groups: list[tuple[str, str | Promise, Keep]] = [
            (v, label, _equals(0, v)) for v, label in Sex.choices
        ]
        return [*groups, ("", NOT_STATED, lambda p: p[0] not in known)]
    if dimension == "age":
        known = [value for value, _label in AgeGroup.choices]
        groups = [(v, label, _equals(1, v)) for v, label in AgeGroup.choices]
        return [*groups, ("", NOT_STATED, lambda p: p[1] not in known)]
    ids = [village.pk for village in villages]
    groups = [(str(v.pk), localized(v, "name"), _equals(2, v.pk)) for v in villages]
    return [*groups, ("", ELSEWHERE, lambda p: p[2] not in ids)]


def _split(profiled: Profiled, groups: list[tuple[str, str | Promise, Keep]]) -> list[dict[float, Cell]]:
    """The answers of each group (a profile goes to the first group that keeps it), in one pass."""
    merged: list[dict[float, Cell]] = [defaultdict(Cell) for _group in groups]
    for profile, dist in profiled.items():
        for index, (_key, _label, keep) in enumerate(groups):
            if keep(profile):
                target = merged[index]
                for value, cell in dist.items():
                    target[value].add(cell)
                break
    return [dict(group) for group in merged]


def breakdown(
    indicator: Indicator,
    dimension: str,
    villages: list[Settlement],
    memo: dict[tuple[int, str], list[dict[float, Cell]]] | None = None,
) -> BreakdownEstimate:
    """The indicator in each group of `dimension`, with groups under K_ANONYMITY respondents hidden. `memo`
    keeps the groups' answers for the other indicators of the same question."""
    assert indicator.compute is not None
    title = dict(DIMENSIONS)[dimension]
    groups = _groups(dimension, villages)
    memo = {} if memo is None else memo
    key_of = (id(indicator.distribution), dimension)
    if key_of not in memo:
        memo[key_of] = _split(indicator.distribution, groups)
    parts = []
    for (key, label, _keep), dist in zip(groups, memo[key_of], strict=True):
        parts.append((key, label, dist, sum(cell.n for cell in dist.values())))
    marks = suppress([Group(label, n) for _key, label, _dist, n in parts], K_ANONYMITY)
    estimates = []
    for (key, label, dist, n), mark in zip(parts, marks, strict=True):
        if mark.hidden:
            estimates.append(GroupEstimate(key, label, n, True, None))
        else:
            estimates.append(GroupEstimate(key, label, n, False, indicator.compute(dist) if n else None))
    return BreakdownEstimate(dimension, title, estimates)


def round_villages(survey_round: Round) -> list[Settlement]:
    return cast(
        list[Settlement],
        list(Settlement.objects.filter(parent_id=survey_round.municipality_id).order_by("coate")),
    )


def round_indicators(survey_round: Round, *, breakdowns: bool = True) -> RoundIndicators:
    """Every indicator of the round, overall and (unless told not to) by sex, age group and village."""
    questions = list(survey_round.instrument.questions.prefetch_related("choices"))
    profiled, respondents = _profiled(survey_round, questions)
    villages = round_villages(survey_round) if breakdowns else []
    indicators: list[Indicator] = []
    for question in questions:
        indicators.extend(
            _indicators_of(question, list(question.choices.all()), profiled.get(question.pk, {}))
        )
    if breakdowns:
        memo: dict[tuple[int, str], list[dict[float, Cell]]] = {}
        for indicator in indicators:
            indicator.breakdowns = [breakdown(indicator, dim, villages, memo) for dim, _title in DIMENSIONS]
    return RoundIndicators(survey_round, respondents, indicators)


@dataclass
class ComparedGroup:
    key: str
    label: str | Promise
    a: Estimate | None
    b: Estimate | None
    hidden: bool
    change: stats.Change | None


@dataclass
class ComparedIndicator:
    code: str
    label: str
    groups: list[ComparedGroup]


def rounds_compare(a: Round, b: Round) -> list[ComparedIndicator]:
    """Every proportion and index the two rounds share, overall and by sex, with the z-test of the change.

    A group is hidden in both rounds when it is hidden in either."""
    first = {i.code: i for i in round_indicators(a).indicators}
    second = round_indicators(b).indicators
    compared = []
    for indicator in second:
        before = first.get(indicator.code)
        if before is None or indicator.kind != "proportion":
            continue
        groups = [
            ComparedGroup(
                "",
                _("Everyone"),
                before.overall,
                indicator.overall,
                False,
                stats.change(before.overall, indicator.overall),
            )
        ]
        old = {g.key: g for g in next(x for x in before.breakdowns if x.dimension == "sex").groups}
        for group in next(x for x in indicator.breakdowns if x.dimension == "sex").groups:
            if not group.key:
                continue
            prior = old[group.key]
            hidden = group.hidden or prior.hidden or prior.estimate is None or group.estimate is None
            groups.append(
                ComparedGroup(
                    group.key,
                    group.label,
                    None if hidden else prior.estimate,
                    None if hidden else group.estimate,
                    hidden,
                    None if hidden else stats.change(prior.estimate, group.estimate),  # type: ignore[arg-type]
                )
            )
        compared.append(ComparedIndicator(indicator.code, indicator.label, groups))
    return compared
