"""Public survey pages: a municipality's rounds, a round's indicators, the questionnaire, the comparison of
two rounds by sex, and the indicators as CSV. Thin: the figures come from kenesh.surveys.selectors."""

from __future__ import annotations

import csv
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from kenesh.ops.limits import TOO_MANY_STATUS, address_key, rate, refuse_form, request_limited
from kenesh.surveys.charts import Bar, interval_chart
from kenesh.surveys.forms import QuestionnaireForm
from kenesh.surveys.models import Round, localized
from kenesh.surveys.present import counted, fewer_than_5, figure, interval
from kenesh.surveys.selectors import Indicator, round_indicators, rounds_compare
from kenesh.surveys.services import SurveyRejected, already_answered, questions_of, response_submit_web
from kenesh.territory.models import Municipality


def _round(round_id: int) -> Round:
    return get_object_or_404(Round.objects.select_related("municipality", "instrument"), pk=round_id)


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    """The municipalities that have survey rounds (the analysts' view with figures is in the office)."""
    rounds = Round.objects.select_related("municipality").order_by("municipality__name_ru", "starts_on")
    places: dict[int, dict[str, Any]] = {}
    for survey_round in rounds:
        entry = places.setdefault(
            survey_round.municipality_id,
            {
                "municipality": survey_round.municipality,
                "name": localized(survey_round.municipality, "name"),
                "rounds": [],
            },
        )
        entry["rounds"].append(survey_round)
    return render(request, "surveys/national.html", {"places": list(places.values())})


@require_GET
def municipality(request: HttpRequest, coate: str) -> HttpResponse:
    place = cast(Municipality | None, Municipality.objects.current().filter(coate=coate).first())
    if place is None:
        raise Http404(coate)
    rounds = list(Round.objects.filter(municipality=place).select_related("instrument"))
    pairs = [
        (a, b)
        for i, a in enumerate(rounds)
        for b in rounds[i + 1 :]
        if a.instrument.family == b.instrument.family
    ]
    return render(
        request,
        "surveys/municipality.html",
        {"municipality": place, "name": localized(place, "name"), "rounds": rounds, "pairs": pairs},
    )


def _indicator_view(indicator: Indicator) -> dict[str, Any]:
    sex = next((b for b in indicator.breakdowns if b.dimension == "sex"), None)
    bars = [Bar(_("Everyone"), indicator.overall)]
    if sex is not None:
        bars += [
            Bar(str(g.label), g.estimate, g.hidden, series=i + 1) for i, g in enumerate(sex.groups) if g.key
        ]
    breakdowns = [
        {
            "title": b.title,
            "groups": [
                {
                    "label": g.label,
                    "hidden": g.hidden,
                    "figure": fewer_than_5() if g.hidden else figure(g.estimate),
                    "interval": "" if g.hidden else interval(g.estimate),
                    "counted": "" if g.hidden else counted(g.estimate),
                }
                for g in b.groups
            ],
        }
        for b in indicator.breakdowns
    ]
    return {
        "code": indicator.code,
        "label": indicator.label,
        "chart": interval_chart(
            bars, chart_id=f"chart-{indicator.code}", title=indicator.label, kind=indicator.kind
        ),
        "figure": figure(indicator.overall),
        "interval": interval(indicator.overall),
        "counted": counted(indicator.overall),
        "breakdowns": breakdowns,
    }


@require_GET
def round_results(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = _round(round_id)
    result = round_indicators(survey_round)
    context = {
        "round": survey_round,
        "municipality_name": localized(survey_round.municipality, "name"),
        "respondents": result.respondents,
        "indicators": [_indicator_view(i) for i in result.indicators],
    }
    return render(request, "surveys/round.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit(
    group="kenesh.survey-address", key=address_key, rate=rate("survey-address"), method="POST", block=False
)
def answer(request: HttpRequest, round_id: int) -> HttpResponse:
    """The questionnaire: a plain HTML form, no JavaScript; anonymous unless the round asks to sign in."""
    survey_round = _round(round_id)
    questions = questions_of(survey_round.instrument)
    form = QuestionnaireForm(request.POST or None, questions=questions)
    status = 200
    refusal = ""
    if not survey_round.open_on_web:
        refusal = _("This survey is not open for answers on the web.")
    elif survey_round.sign_in_required and not request.user.is_authenticated:
        refusal = _("Sign in to answer this survey.")
    elif already_answered(survey_round=survey_round, user=request.user):
        refusal = _("You have already answered this survey; your first answers are kept.")
    if request.method == "POST" and not refusal and request_limited(request):
        # Anonymous answers from one address, past the limit: refused, what was ticked stays on the form.
        refuse_form(form)
        status = TOO_MANY_STATUS
    elif request.method == "POST" and not refusal:
        if form.is_valid():
            try:
                response_submit_web(survey_round=survey_round, raw=form.raw_answers(), user=request.user)
            except SurveyRejected as rejected:
                for code, message in rejected.errors.items():
                    form.add_error(code if code in form.fields else None, str(message))
                if not rejected.errors:
                    form.add_error(None, str(rejected.message))
            else:
                messages.success(request, _("Thank you: your answers are saved, without your name."))
                return redirect("surveys:municipality", coate=survey_round.municipality.coate)
        status = 400
    elif request.method == "POST":
        status = 403
    context = {
        "round": survey_round,
        "municipality_name": localized(survey_round.municipality, "name"),
        "form": form,
        "refusal": refusal,
    }
    return render(request, "surveys/answer.html", context, status=status)


@require_GET
def compare(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    first, second = _round(first_id), _round(second_id)
    if first.municipality_id != second.municipality_id or first.instrument.family != second.instrument.family:
        raise Http404("rounds of different surveys")
    rows = []
    for item in rounds_compare(first, second):
        bars = []
        groups = []
        for index, group in enumerate(item.groups):
            label = str(group.label)
            bars.append(Bar(f"{label}: {first}", group.a, group.hidden, series=index * 2))
            bars.append(Bar(f"{label}: {second}", group.b, group.hidden, series=index * 2 + 1))
            groups.append(
                {
                    "label": label,
                    "hidden": group.hidden,
                    "a": figure(group.a),
                    "a_interval": interval(group.a),
                    "a_counted": counted(group.a),
                    "b": figure(group.b),
                    "b_interval": interval(group.b),
                    "b_counted": counted(group.b),
                    "verdict": group.change.verdict if group.change else "",
                }
            )
        rows.append(
            {
                "code": item.code,
                "label": item.label,
                "chart": interval_chart(
                    bars, chart_id=f"compare-{item.code}", title=item.label, kind="proportion"
                ),
                "groups": groups,
            }
        )
    context = {
        "first": first,
        "second": second,
        "municipality_name": localized(first.municipality, "name"),
        "rows": rows,
    }
    return render(request, "surveys/compare.html", context)


@require_GET
def indicators_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    """Every indicator, overall and by group, with its count, n, effective n and interval bounds."""
    survey_round = _round(round_id)
    result = round_indicators(survey_round)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey_round.pk}-indicators.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "indicator",
            "label",
            "kind",
            "breakdown",
            "group",
            "estimate",
            "ci_low",
            "ci_high",
            "count",
            "n",
            "n_effective",
            "weighted",
            "hidden",
        ]
    )

    def line(indicator: Indicator, dimension: str, group: str, estimate: Any, hidden: bool) -> None:
        if hidden or estimate is None:
            writer.writerow(
                [
                    indicator.code,
                    indicator.label,
                    indicator.kind,
                    dimension,
                    group,
                    "",
                    "",
                    "",
                    "",
                    "" if hidden else 0,
                    "",
                    "",
                    "fewer than 5" if hidden else "",
                ]
            )
            return
        writer.writerow(
            [
                indicator.code,
                indicator.label,
                indicator.kind,
                dimension,
                group,
                _num(estimate.value),
                _num(estimate.low),
                _num(estimate.high),
                "" if estimate.count is None else estimate.count,
                estimate.n,
                _num(estimate.n_effective),
                "yes" if estimate.weighted else "no",
                "",
            ]
        )

    for indicator in result.indicators:
        line(indicator, "", "", indicator.overall, False)
        for b in indicator.breakdowns:
            for g in b.groups:
                line(indicator, b.dimension, g.key or "other", g.estimate, g.hidden)
    return response


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"
