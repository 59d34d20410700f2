"""Public pages of the joint action plan (a municipality's plan of a year) and its open data."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from kenesh.plans import opendata, selectors
from kenesh.plans.models import Plan


def municipality(request: HttpRequest, coate: str) -> HttpResponse:
    plan = Plan.objects.filter(municipality__coate=coate).exclude(published_at=None).order_by("-year").first()
    if plan is None:
        raise Http404(coate)
    return redirect("plans:plan", coate=coate, year=plan.year)


def plan(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    found = selectors.plan_published(coate, year)
    chains = selectors.plan_chains(found)
    items = [item for chain in chains for item in chain.items]
    labels = selectors.line_labels([item.budget_line_key for item in items if item.budget_line_key])
    for item in items:
        item.line_label = labels.get(item.budget_line_key, item.budget_line_key)  # type: ignore[attr-defined]
    return render(
        request,
        "plans/plan.html",
        {
            "plan": found,
            "municipality": found.municipality,
            "chains": chains,
            "groups": selectors.plan_groups(found),
            "progress": selectors.plan_progress(items),
        },
    )


def _dated(request: HttpRequest, found: Plan, build: Any) -> HttpResponseBase:
    modified = opendata.last_modified(found).timestamp()
    not_modified = get_conditional_response(request, last_modified=int(modified))
    response = not_modified if not_modified is not None else build()
    response["Last-Modified"] = http_date(modified)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def items_csv(request: HttpRequest, coate: str, year: int) -> HttpResponseBase:
    found = selectors.plan_published(coate, year)

    def build() -> HttpResponse:
        text = opendata.items_csv(selectors.plan_items(found))
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="plan-{coate}-{year}-items.csv"'
        return response

    return _dated(request, found, build)


@require_safe
def items_json(request: HttpRequest, coate: str, year: int) -> HttpResponseBase:
    found = selectors.plan_published(coate, year)
    return _dated(
        request,
        found,
        lambda: HttpResponse(
            json.dumps(opendata.plan_json(found, selectors.plan_items(found)), ensure_ascii=False, indent=1),
            content_type="application/json",
        ),
    )
