"""Open data downloads of appeals (see opendata.py for the addresses and what they hold)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from kenesh.appeals import opendata, selectors
from kenesh.territory.models import Municipality

MAX_ROWS = 100_000


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _appeals(request: HttpRequest) -> list[dict[str, Any]]:
    coate = str(request.GET.get("coate", ""))[:14]
    municipality = Municipality.objects.filter(coate=coate).first() if coate else None
    if coate and municipality is None:
        return []
    appeals = selectors.appeals_open_data(municipality=municipality, year=_int(request.GET.get("year")))
    return [opendata.appeal_row(appeal) for appeal in appeals[:MAX_ROWS]]


def _figures(request: HttpRequest) -> list[dict[str, Any]]:
    data = selectors.figures_national(
        oblast=_int(request.GET.get("oblast")),
        rayon=_int(request.GET.get("rayon")),
        year=_int(request.GET.get("year")),
    )
    return [opendata.figure_row(row) for row in data.rows]


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def appeals_csv(request: HttpRequest) -> HttpResponse:
    return _csv(opendata.csv_text(_appeals(request), opendata.APPEAL_FIELDS), "appeals.csv")


def appeals_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"appeals": _appeals(request)}, json_dumps_params={"ensure_ascii": False})


def figures_csv(request: HttpRequest) -> HttpResponse:
    return _csv(opendata.csv_text(_figures(request), opendata.FIGURE_FIELDS), "appeal-figures.csv")


def figures_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"municipalities": _figures(request)}, json_dumps_params={"ensure_ascii": False})
