"""Public hearing pages: the national view, a municipality's archive, a hearing, its materials and minutes."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from kenesh.budgets.selectors import version_slug
from kenesh.hearings import opendata, selectors
from kenesh.hearings.pdf import MINUTES_LANGUAGES, minutes_pdf


@require_safe
def national(request: HttpRequest) -> HttpResponse:
    """Hearing metrics per municipality in a year, for analysts; filter by oblast and rayon."""
    year_text = request.GET.get("year", "")
    data = selectors.national_view(
        year=int(year_text) if year_text.isdigit() and len(year_text) == 4 else None,
        oblast=request.GET.get("oblast", "")[:14],
        rayon=request.GET.get("rayon", "")[:14],
    )
    # The totals cover every row; the table shows a page of them (rendering 500 rows is most of the time).
    page = Paginator(data.rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"year": data.year or "", "oblast": data.oblast, "rayon": data.rayon}
    return render(request, "hearings/national.html", {"data": data, "page": page, "query": query})


@require_safe
def archive(request: HttpRequest, coate: str) -> HttpResponse:
    data = selectors.archive(coate=coate)
    if data is None:
        raise Http404(coate)
    return render(request, "hearings/archive.html", {"data": data})


@require_safe
def detail(request: HttpRequest, coate: str, pk: int) -> HttpResponse:
    hearing = selectors.hearing_public_get(coate=coate, pk=pk)
    if hearing is None:
        raise Http404(pk)
    version = hearing.budget_version
    citizen_url = ""
    if version is not None and version.is_published:
        citizen_url = reverse("budgets:citizen", kwargs={"coate": coate, "year": version.budget.year})
        citizen_url += f"?version={version_slug(version)}" if version.is_plan else ""
    context = {
        "hearing": hearing,
        "citizen_url": citizen_url,
        "minutes_languages": MINUTES_LANGUAGES,
        "attendance": selectors.attendance_public(hearing),
    }
    return render(request, "hearings/detail.html", context)


@require_safe
def document(request: HttpRequest, coate: str, pk: int, document_id: int) -> FileResponse:
    hearing = selectors.hearing_public_get(coate=coate, pk=pk)
    found = [item for item in hearing.documents.all() if item.pk == document_id] if hearing else []
    if not found:
        raise Http404(document_id)
    item = found[0]
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="hearing-{pk}-{item.pk}.{item.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded PDF may carry scripts or forms: it is shown in a sandbox, without access to the site.
    response["Content-Security-Policy"] = "sandbox"
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def minutes(request: HttpRequest, coate: str, pk: int, language: str) -> HttpResponse:
    """The minutes as an A4 PDF in Kyrgyz or in Russian, whatever the page's language."""
    if language not in MINUTES_LANGUAGES:
        raise Http404(language)
    hearing = selectors.hearing_public_get(coate=coate, pk=pk)
    if hearing is None:
        raise Http404(pk)
    page_url = request.build_absolute_uri(reverse("hearings:detail", kwargs={"coate": coate, "pk": pk}))
    response = HttpResponse(
        minutes_pdf(hearing, language=language, page_url=page_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="hearing-{coate}-{pk}-minutes-{language}.pdf"'
    patch_cache_control(response, public=True, max_age=600)
    return response


# Open data -----------------------------------------------------------------------


def _download(request: HttpRequest, hearings: list[Any], table: str, fmt: str, name: str) -> HttpResponseBase:
    """Answer 304 when the client's copy is current; else the file, with Last-Modified and the licence."""
    modified = selectors.last_modified(hearings)
    stamp = int(modified.timestamp()) if modified is not None else None
    not_modified = get_conditional_response(request, last_modified=stamp) if stamp is not None else None
    if not_modified is not None:
        response: HttpResponseBase = not_modified
    elif fmt == "csv":
        text = opendata.hearings_csv(hearings) if table == "hearings" else opendata.proposals_csv(hearings)
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{table}.csv"'
    else:
        body = opendata.hearings_json(hearings) if table == "hearings" else opendata.proposals_json(hearings)
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
        )
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def data_all(request: HttpRequest, table: str, fmt: str) -> HttpResponseBase:
    return _download(request, selectors.open_hearings(), table, fmt, "kenesh")


@require_safe
def data_municipality(request: HttpRequest, coate: str, table: str, fmt: str) -> HttpResponseBase:
    if selectors.municipality_get(coate=coate) is None:
        raise Http404(coate)
    return _download(request, selectors.open_hearings(coate=coate), table, fmt, coate)
