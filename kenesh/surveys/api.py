"""The surveys API at /api/surveys/: rounds and their indicators, each proportion with its count, base n,
effective n and 95% interval bounds, so that anyone can check it; small groups come as hidden, no figure."""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from kenesh.surveys.models import Round
from kenesh.surveys.selectors import round_indicators, rounds_compare
from kenesh.surveys.stats import Estimate

router = Router(tags=["surveys"])


class RoundOut(Schema):
    id: int
    municipality_coate: str
    kind: str = Field(description="baseline, follow_up or endline")
    mode: str = Field(description="web, face_to_face or phone")
    starts_on: datetime.date
    ends_on: datetime.date
    sampling_ky: str
    sampling_ru: str
    instrument_version: int
    respondents: int | None = None


class EstimateOut(Schema):
    kind: str = Field(description="proportion (0..1), mean (1..5 or a number) or index (-100..+100)")
    estimate: float | None = None
    ci_low: float | None = Field(None, description="lower bound of the 95% interval")
    ci_high: float | None = Field(None, description="upper bound of the 95% interval")
    count: int | None = Field(None, description="proportions: respondents counted (unweighted)")
    n: int = Field(description="respondents who answered the question")
    n_effective: float = Field(description="Kish's effective n; equals n without weights")
    weighted: bool
    method: str


class GroupOut(Schema):
    dimension: str = Field(description="sex, age or village")
    group: str = Field(description="the sex code, age group, village id, or '' for not stated / elsewhere")
    hidden: bool = Field(description="fewer than 5 respondents, or would reveal such a group: no figure")
    value: EstimateOut | None = None


class IndicatorOut(Schema):
    code: str
    label: str
    overall: EstimateOut
    groups: list[GroupOut]


class IndicatorsOut(Schema):
    round: RoundOut
    indicators: list[IndicatorOut]


class ChangeOut(Schema):
    group: str = Field(description="'' for everyone, else the sex code")
    hidden: bool
    first: EstimateOut | None = None
    second: EstimateOut | None = None
    points: float | None = Field(None, description="change in percentage points")
    p_value: float | None = Field(None, description="pooled two-proportion z-test, two-sided")
    verdict: str = ""


class ComparisonOut(Schema):
    code: str
    label: str
    changes: list[ChangeOut]


METHODS = {
    "proportion": "Wilson score interval (statsmodels proportion_confint); weighted: Kish effective n",
    "mean": "t interval of the mean (statsmodels DescrStatsW); weighted: weights scaled to Kish effective n",
    "index": "share trusting minus share distrusting x100; t interval of the mean of +1/0/-1 scores",
}


def _estimate(e: Estimate | None) -> EstimateOut | None:
    if e is None:
        return None
    return EstimateOut(
        kind=e.kind,
        estimate=e.value,
        ci_low=e.low,
        ci_high=e.high,
        count=e.count,
        n=e.n,
        n_effective=e.n_effective,
        weighted=e.weighted,
        method=METHODS.get(e.kind, ""),
    )


def _estimate_of(e: Estimate) -> EstimateOut:
    out = _estimate(e)
    assert out is not None
    return out


def _round_out(r: Round, respondents: int | None = None) -> RoundOut:
    return RoundOut(
        id=r.pk,
        municipality_coate=r.municipality.coate,
        kind=r.kind,
        mode=r.mode,
        starts_on=r.starts_on,
        ends_on=r.ends_on,
        sampling_ky=r.sampling_ky,
        sampling_ru=r.sampling_ru,
        instrument_version=r.instrument.version,
        respondents=respondents,
    )


@router.get("/rounds/", response=list[RoundOut], summary="Survey rounds")
def rounds(request: HttpRequest, coate: str | None = None) -> list[RoundOut]:
    found = Round.objects.select_related("municipality", "instrument").order_by("pk")
    if coate:
        found = found.filter(municipality__coate=coate)
    return [_round_out(r) for r in found[:1000]]


@router.get("/rounds/{round_id}/indicators/", response=IndicatorsOut, summary="Indicators of a round")
def indicators(request: HttpRequest, round_id: int) -> IndicatorsOut:
    survey_round = get_object_or_404(Round.objects.select_related("municipality", "instrument"), pk=round_id)
    result = round_indicators(survey_round)
    return IndicatorsOut(
        round=_round_out(survey_round, result.respondents),
        indicators=[
            IndicatorOut(
                code=i.code,
                label=i.label,
                overall=_estimate_of(i.overall),
                groups=[
                    GroupOut(
                        dimension=b.dimension,
                        group=g.key,
                        hidden=g.hidden,
                        value=None if g.hidden else _estimate(g.estimate),
                    )
                    for b in i.breakdowns
                    for g in b.groups
                ],
            )
            for i in result.indicators
        ],
    )


@router.get(
    "/compare/{first_id}/{second_id}/",
    response=list[ComparisonOut],
    summary="Change between two rounds, by sex",
)
def compare(request: HttpRequest, first_id: int, second_id: int) -> list[ComparisonOut]:
    first = get_object_or_404(Round.objects.select_related("municipality", "instrument"), pk=first_id)
    second = get_object_or_404(Round.objects.select_related("municipality", "instrument"), pk=second_id)
    if first.municipality_id != second.municipality_id or first.instrument.family != second.instrument.family:
        return []
    return [
        ComparisonOut(
            code=c.code,
            label=c.label,
            changes=[
                ChangeOut(
                    group=g.key,
                    hidden=g.hidden,
                    first=_estimate(g.a),
                    second=_estimate(g.b),
                    points=g.change.points if g.change else None,
                    p_value=g.change.p_value if g.change else None,
                    verdict=g.change.verdict if g.change else "",
                )
                for g in c.groups
            ],
        )
        for c in rounds_compare(first, second)
    ]
