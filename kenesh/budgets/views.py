"""Public budget pages: the citizen's budget and its PDF, comparisons, the national view, open data."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kenesh.budgets import opendata, selectors
from kenesh.budgets.charts import (
    ChartItem,
    bar_chart,
    citizen_charts,
    line_chart,
    som_short,
)
from kenesh.budgets.models import BudgetVersion
from kenesh.budgets.pdf import brochure_pdf


def _int_list(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) == 4]


@require_safe
def municipality_budgets(request: HttpRequest, coate: str) -> HttpResponse:
    """A municipality's budgets: the latest published year's citizen's budget."""
    years = selectors.published_years(coate=coate)
    if years:
        return redirect("budgets:citizen", coate=coate, year=years[0])
    municipality = selectors.municipality_get(coate=coate)
    if municipality is None:
        raise Http404(coate)
    # The municipality page always links here: say plainly that nothing is published yet.
    return render(request, "budgets/no_budget.html", {"municipality": municipality})


@require_safe
def citizen(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    plan_slug = request.GET.get("version", "")
    if plan_slug and selectors.version_lookup(plan_slug) is None:
        raise Http404(plan_slug)
    data = selectors.citizen_budget(coate=coate, year=year, plan_slug=plan_slug)
    if data is None:
        raise Http404(f"{coate} {year}")
    context = {
        "data": data,
        "plan_choices": [(version, selectors.version_slug(version)) for version in data.plans],
        "charts": citizen_charts(data),
        "downloads": [(version, opendata.data_urls(version)) for version in data.versions],
    }
    return render(request, "budgets/citizen.html", context)


@require_safe
def brochure(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    """The A4 brochure of the citizen's budget in the page's language."""
    data = selectors.citizen_budget(coate=coate, year=year)
    if data is None:
        raise Http404(f"{coate} {year}")
    language = request.LANGUAGE_CODE
    page_url = request.build_absolute_uri(reverse("budgets:citizen", kwargs={"coate": coate, "year": year}))
    response = HttpResponse(
        brochure_pdf(data, language=language, page_url=page_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="budget-{coate}-{year}-{language}.pdf"'
    # Making a brochure takes about half a second: let browsers and proxies keep it for a while.
    patch_cache_control(response, public=True, max_age=600)
    return response


@require_safe
def compare_years(request: HttpRequest, coate: str) -> HttpResponse:
    comparison = selectors.compare_years(coate=coate, years=_int_list(request.GET.getlist("year")))
    if comparison is None:
        raise Http404(coate)
    name = comparison.municipality.name
    charts = {
        "revenue": line_chart(
            [(str(item.year), item.revenue_per_capita) for item in comparison.figures],
            chart_id="chart-years-revenue",
            title=_("Revenue per person by year: %(name)s") % {"name": name},
            fmt=som_short,
        ),
        "expenditure": line_chart(
            [(str(item.year), item.expenditure_per_capita) for item in comparison.figures],
            chart_id="chart-years-expenditure",
            title=_("Spending per person by year: %(name)s") % {"name": name},
            fmt=som_short,
        ),
    }
    return render(request, "budgets/compare_years.html", {"comparison": comparison, "charts": charts})


@require_safe
def compare_peers(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    peers = [value for value in request.GET.getlist("with") if value.isdigit()]
    comparison = selectors.compare_peers(coate=coate, year=year, peers=peers)
    if comparison is None:
        raise Http404(f"{coate} {year}")
    chart = bar_chart(
        [
            ChartItem(
                item.municipality.coate, item.municipality.name, item.expenditure_per_capita or Decimal(0)
            )
            for item in comparison.figures
        ],
        chart_id="chart-peers",
        title=_("Spending per person in %(year)s") % {"year": year},
        fmt=som_short,
    )
    return render(request, "budgets/compare_peers.html", {"comparison": comparison, "chart": chart})


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The national (or oblast, or rayon) view of every published budget of a year, for analysts."""
    year_text = request.GET.get("year", "")
    sort = request.GET.get("sort", "name")
    data = selectors.overview(
        year=int(year_text) if year_text.isdigit() else None,
        oblast=request.GET.get("oblast", ""),
        rayon=request.GET.get("rayon", ""),
        sort=sort.removeprefix("-"),
        descending=sort.startswith("-"),
    )
    page = Paginator(data.figures, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"year": data.year or "", "oblast": data.oblast, "rayon": data.rayon}
    return render(
        request,
        "budgets/overview.html",
        {"data": data, "page": page, "query": query, "columns": _overview_columns(data)},
    )


def _overview_columns(data: selectors.Overview) -> list[dict[str, Any]]:
    """The sortable columns with their current direction, for links that sort by them."""
    columns: list[dict[str, Any]] = [
        {"sort": "name", "label": _("Municipality")},
        {"sort": "population", "label": _("Population")},
        {"sort": "revenue_pc", "label": _("Revenue per person")},
        {"sort": "own_share", "label": _("Own revenue share")},
        {"sort": "expenditure_pc", "label": _("Spending per person")},
        {"sort": "execution_rate", "label": _("Execution rate")},
    ]
    columns += [{"sort": f"fn-{code.code}", "label": code.name, "code": code.code} for code in data.functions]
    for column in columns:
        current = column["sort"] == data.sort
        column["current"] = current
        column["aria_sort"] = ("descending" if data.descending else "ascending") if current else ""
        column["next"] = ("" if data.descending else "-") + column["sort"] if current else column["sort"]
    return columns


# Open data ------------------------------------------------------------------------------------------------


def _published(coate: str, year: int, slug: str) -> BudgetVersion:
    version = selectors.published_version(coate=coate, year=year, slug=slug)
    if version is None:
        raise Http404(f"{coate} {year} {slug}")
    return version


def _dated(request: HttpRequest, version: BudgetVersion, build: Any) -> HttpResponseBase:
    """Answer 304 when the client's copy is current; else build the response, with Last-Modified."""
    modified = opendata.last_modified(version).timestamp()
    not_modified = get_conditional_response(request, last_modified=int(modified))
    response = not_modified if not_modified is not None else build()
    response["Last-Modified"] = http_date(modified)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


def _homepage(request: HttpRequest, version: BudgetVersion) -> str:
    return request.build_absolute_uri(
        reverse(
            "budgets:citizen",
            kwargs={"coate": version.budget.municipality.coate, "year": version.budget.year},
        )
    )


@require_safe
def data_csv(request: HttpRequest, coate: str, year: int, slug: str) -> HttpResponseBase:
    version = _published(coate, year, slug)

    def build() -> HttpResponse:
        text = opendata.version_csv(version, selectors.version_lines(version))
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="budget-{coate}-{year}-{slug}.csv"'
        return response

    return _dated(request, version, build)


@require_safe
def data_json(request: HttpRequest, coate: str, year: int, slug: str) -> HttpResponseBase:
    version = _published(coate, year, slug)

    def build() -> HttpResponse:
        urls = {name: request.build_absolute_uri(url) for name, url in opendata.data_urls(version).items()}
        body = opendata.version_json(version, selectors.version_lines(version), urls=urls)
        return HttpResponse(json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json")

    return _dated(request, version, build)


@require_safe
def data_package(request: HttpRequest, coate: str, year: int, slug: str) -> HttpResponseBase:
    version = _published(coate, year, slug)

    def build() -> HttpResponse:
        descriptor = opendata.data_package(version, homepage=_homepage(request, version))
        return HttpResponse(
            json.dumps(descriptor, ensure_ascii=False, indent=1), content_type="application/json"
        )

    return _dated(request, version, build)


@require_safe
def data_zip(request: HttpRequest, coate: str, year: int, slug: str) -> HttpResponseBase:
    version = _published(coate, year, slug)

    def build() -> HttpResponse:
        body = opendata.data_zip(
            version, selectors.version_lines(version), homepage=_homepage(request, version)
        )
        response = HttpResponse(body, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="budget-{coate}-{year}-{slug}.zip"'
        return response

    return _dated(request, version, build)
