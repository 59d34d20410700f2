"""Thin views of the portraits app: the national dashboard (HTML, CSV, XLSX) and a unit's portrait (HTML,
A4 PDF in Kyrgyz or Russian); a unit that does not exist in the year asked gets a 404 page that links to
its successors and predecessors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from kenesh.portraits import charts, exports, pdf, selectors

YEAR_MIN, YEAR_MAX = 1991, 2100


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    if not text.isdigit():
        return None
    year = int(text)
    return year if YEAR_MIN <= year <= YEAR_MAX else None


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(
        year=_year(request),
        oblast=request.GET.get("oblast", "")[:14],
        rayon=request.GET.get("rayon", "")[:14],
        sort=request.GET.get("sort", "name")[:64],
        descending=request.GET.get("dir") == "desc",
        indicator=request.GET.get("indicator", "")[:64],
    )
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        response = HttpResponse(exports.dashboard_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kenesh-dashboard-{data.year}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.dashboard_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="kenesh-dashboard-{data.year}.xlsx"'
        return response
    query = request.GET.copy()
    for name in ("format", "sort", "dir"):
        query.pop(name, None)
    return render(
        request,
        "portraits/dashboard.html",
        {
            "data": data,
            "charts": charts.dashboard_charts(data),
            "top_rows": charts.top_rows(data),
            "base": query.urlencode(),
            # The portraits' address without the code: 500 rows without 500 reverse() calls.
            "portraits_url": reverse("portraits:dashboard"),
            "selected_index": data.indicators.index(data.selected) if data.selected else None,
        },
    )


def _gone(request: HttpRequest, gone: selectors.UnitGone) -> HttpResponse:
    return render(request, "portraits/gone.html", {"gone": gone}, status=404)


@require_safe
def portrait(request: HttpRequest, coate: str) -> HttpResponse:
    try:
        data = selectors.portrait(coate=coate[:14], year=_year(request))
    except selectors.UnitGone as gone:
        return _gone(request, gone)
    return render(request, "portraits/portrait.html", {"data": data})


@require_safe
def portrait_pdf(request: HttpRequest, coate: str, language: str) -> HttpResponse:
    if language not in pdf.LANGUAGES:
        raise Http404(language)
    year = _year(request)
    try:
        with translation.override(language):
            data = selectors.portrait(coate=coate[:14], year=year)
    except selectors.UnitGone as gone:
        return _gone(request, gone)
    page_url = request.build_absolute_uri(reverse("portraits:portrait", args=[data.unit.coate]))
    response = HttpResponse(
        pdf.portrait_pdf(data, language=language, page_url=page_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="portrait-{data.unit.coate}-{language}.pdf"'
    patch_cache_control(response, public=True, max_age=600)
    return response
