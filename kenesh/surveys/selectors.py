"""Reads of the surveys app: a round's indicators with their breakdowns, and the comparison of two rounds.

A round's indicators cost three queries whatever its size: the questions, the answers counted by
question, value and respondent profile (sex, age group, village), and the villages. Groups of fewer than
K_ANONYMITY respondents are never shown as a number; the complementary group is hidden too where the
total minus the others would reveal one (the rule of the PB participation figures, kenesh.pb.participation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, F, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.accounts.models import AgeGroup, Sex
from kenesh.pb.participation import ELSEWHERE, NOT_STATED, Group, suppress
from kenesh.surveys import stats
from kenesh.surveys.models import Answer, Choice, Kind, Question, Role, Round, localized
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


def _profiled(survey_round: Round) -> dict[int, Profiled]:
    rows = (
        Answer.objects.filter(response__round=survey_round, value__isnull=False)
        .values_list("question_id", "value", "response__sex", "response__age_group", "response__village_id")
        .annotate(
            n=Count("pk"),
            w=Sum("response__weight"),
            w2=Sum(F("response__weight") * F("response__weight")),
        )
        .order_by()
    )
    by_question: dict[int, Profiled] = defaultdict(lambda: defaultdict(dict))
    for question_id, value, sex, age_group, village_id, n, w, w2 in rows:
        by_question[question_id][(sex or "", age_group or "", village_id)][float(value)] = Cell(
            int(n), float(w), float(w2)
        )
    return by_question


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


def breakdown(indicator: Indicator, dimension: str, villages: list[Settlement]) -> BreakdownEstimate:
    """The indicator in each group of `dimension`, with groups under K_ANONYMITY respondents hidden."""
    assert indicator.compute is not None
    title = dict(DIMENSIONS)[dimension]
    parts = []
    for key, label, keep in _groups(dimension, villages):
        dist = _merge(indicator.distribution, keep)
        parts.append((key, label, dist, sum(cell.n for cell in dist.values())))
    marks = suppress([Group(label, n) for _key, label, _dist, n in parts], K_ANONYMITY)
    groups = []
    for (key, label, dist, n), mark in zip(parts, marks, strict=True):
        if mark.hidden:
            groups.append(GroupEstimate(key, label, n, True, None))
        else:
            groups.append(GroupEstimate(key, label, n, False, indicator.compute(dist) if n else None))
    return BreakdownEstimate(dimension, title, groups)


def round_villages(survey_round: Round) -> list[Settlement]:
    return cast(
        list[Settlement],
        list(Settlement.objects.filter(parent_id=survey_round.municipality_id).order_by("coate")),
    )


def round_indicators(survey_round: Round, *, breakdowns: bool = True) -> RoundIndicators:
    """Every indicator of the round, overall and (unless told not to) by sex, age group and village."""
    questions = list(survey_round.instrument.questions.prefetch_related("choices"))
    profiled = _profiled(survey_round)
    villages = round_villages(survey_round) if breakdowns else []
    indicators: list[Indicator] = []
    for question in questions:
        indicators.extend(
            _indicators_of(question, list(question.choices.all()), profiled.get(question.pk, {}))
        )
    if breakdowns:
        for indicator in indicators:
            indicator.breakdowns = [breakdown(indicator, dim, villages) for dim, _title in DIMENSIONS]
    respondents = survey_round.responses.count()
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
