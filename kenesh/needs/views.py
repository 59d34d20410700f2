"""Public pages of the needs assessment: a municipality's assessments, one assessment's priorities (overall,
women and men side by side, by group, by vulnerable group), one village's, and the XLSForm to collect them."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kenesh.budgets.charts import ChartItem, bar_chart
from kenesh.needs import kobo, opendata, selectors
from kenesh.needs.models import Campaign
from kenesh.needs.services import categories_for
from kenesh.territory.models import Municipality, Unit
from kenesh.web import l10n


def _score(value: Decimal) -> str:
    return l10n.format_number(value, decimals=1)


def _chart(ranked: list[selectors.Ranked], chart_id: str, title: str) -> str:
    items = [ChartItem(key=item.category.key, label=item.category.name, value=item.score) for item in ranked]
    return bar_chart(items, chart_id=chart_id, title=title, fmt=_score) if items else ""


def municipality(request: HttpRequest, coate: str) -> HttpResponse:
    unit, campaigns = selectors.campaigns_published(coate)
    if len(campaigns) == 1:
        return redirect("needs:campaign", coate=coate, year=campaigns[0].year)
    return render(request, "needs/municipality.html", {"municipality": unit, "campaigns": campaigns})


def campaign(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    found = selectors.campaign_published(coate, year)
    overview = selectors.campaign_overview(found)
    ranked = [selectors.Ranked(p.category, p.score, p.rank or 0) for p in overview.priorities]
    charts = {
        "overall": _chart(ranked, "needs-overall", _("Priorities of the municipality: score")),
        "women": _chart(overview.women_top, "needs-women", _("What women asked for: score")),
        "men": _chart(overview.men_top, "needs-men", _("What men asked for: score")),
    }
    return render(
        request,
        "needs/campaign.html",
        {
            "campaign": found,
            "municipality": found.municipality,
            "overview": overview,
            "charts": charts,
            "small": selectors.SMALL_GROUP,
        },
    )


def village(request: HttpRequest, coate: str, year: int, village_coate: str) -> HttpResponse:
    found = selectors.campaign_published(coate, year)
    view = selectors.village_view(found, village_coate)
    chart = _chart(view.priorities, "needs-village", _("Priorities of the village: score"))
    return render(
        request,
        "needs/village.html",
        {"campaign": found, "municipality": found.municipality, "view": view, "chart": chart},
    )


def xlsform(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    """The XLSForm of the assessment's session form (public: it names only villages and categories)."""
    unit = Municipality.objects.current().filter(coate=coate).first()
    found = (
        Campaign.objects.filter(municipality=unit, year=year).select_related("municipality").first()
        if unit
        else None
    )
    if found is None:
        raise Http404(f"{coate}/{year}")
    villages = list(Unit.objects.filter(parent=found.municipality).order_by("name_ru"))
    content = kobo.xlsform_build(found, villages, categories_for(found.municipality))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="needs-{coate}-{year}.xlsx"'
    return response


# Open data at stable addresses without a language prefix (kenesh.needs.data_urls).


def _dated(request: HttpRequest, campaign: Campaign, build: Any) -> HttpResponseBase:
    """Answer 304 when the client's copy is current; else build the response, with Last-Modified."""
    modified = opendata.last_modified(campaign).timestamp()
    not_modified = get_conditional_response(request, last_modified=int(modified))
    response = not_modified if not_modified is not None else build()
    response["Last-Modified"] = http_date(modified)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def priorities_csv(request: HttpRequest, coate: str, year: int) -> HttpResponseBase:
    found = selectors.campaign_published(coate, year)
    return _dated(
        request,
        found,
        lambda: _csv(
            opendata.rows_csv(opendata.priority_rows(found), opendata.PRIORITY_FIELDS),
            f"needs-{coate}-{year}-priorities.csv",
        ),
    )


@require_safe
def priorities_json(request: HttpRequest, coate: str, year: int) -> HttpResponseBase:
    found = selectors.campaign_published(coate, year)
    return _dated(
        request,
        found,
        lambda: HttpResponse(
            json.dumps(opendata.priorities_json(found), ensure_ascii=False, indent=1),
            content_type="application/json",
        ),
    )


@require_safe
def problems_csv(request: HttpRequest, coate: str, year: int) -> HttpResponseBase:
    found = selectors.campaign_published(coate, year)
    return _dated(
        request,
        found,
        lambda: _csv(
            opendata.rows_csv(opendata.problem_rows(found), opendata.PROBLEM_FIELDS),
            f"needs-{coate}-{year}-problems.csv",
        ),
    )


def overview(request: HttpRequest) -> HttpResponse:
    """The national view: every municipality's published assessment of a year, by oblast and rayon."""

    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) <= 6 else None

    def code(name: str) -> str:
        value = request.GET.get(name, "")
        return value if value.isdigit() and len(value) == 14 else ""

    page = number("page") or 1
    data = selectors.national_view(year=number("year"), oblast=code("oblast"), rayon=code("rayon"), page=page)
    pages = max(1, -(-data.count // 50))
    return render(
        request,
        "needs/overview.html",
        {"data": data, "page": min(page, pages), "pages": pages},
    )
