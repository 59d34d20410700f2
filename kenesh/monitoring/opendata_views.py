"""Open data files of public monitoring (CSV and JSON, no language prefix, open to any origin)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from kenesh.monitoring import opendata, selectors


def _open(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _open(response)


@require_safe
def visits_csv(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    return _csv(opendata.visits_csv(selectors.visits_of(found)), f"monitoring-{coate}-visits.csv")


@require_safe
def findings_csv(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    return _csv(opendata.findings_csv(selectors.visits_of(found)), f"monitoring-{coate}-findings.csv")


@require_safe
def visits_json(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    data = opendata.municipality_json(found, selectors.visits_of(found))
    return _open(
        HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    )
