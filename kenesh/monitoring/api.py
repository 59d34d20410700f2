"""The monitoring API at /api/monitoring/: a municipality's site visits and findings with their answers."""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from kenesh.monitoring import opendata, selectors

router = Router(tags=["monitoring"])

Coate = Annotated[str, Path(pattern=r"^\d{14}$", description="14-digit СОАТЕ code of the municipality")]


class ScoreOut(Schema):
    question_ky: str
    question_ru: str
    score: int


class FindingOut(Schema):
    finding: int
    visit: int
    visited_on: str
    object: int
    text: str
    recommendation: str
    answer: str = Field(description="the LSG body's public answer, empty until it answers")
    answered_on: str | None


class VisitOut(Schema):
    visit: int
    visited_on: str
    object: int
    object_kind: str = Field(description="pb_project, plan_item or service")
    object_title: str
    service: str
    pb_project: int | None
    plan_item: int | None
    group: str
    members_present: int = Field(description="how many members were present (names are not published)")
    checklist: int | None
    scale_min: int | None
    scale_max: int | None
    score_average: float | None
    findings: int
    findings_answered: int
    photos: int
    scores: list[ScoreOut]
    findings_list: list[FindingOut]
    photo_urls: list[str]


class VisitsOut(Schema):
    municipality: dict[str, str]
    licence: dict[str, str]
    visits: list[VisitOut]


def _municipality(coate: str) -> Any:
    try:
        return selectors.municipality_get(coate)
    except Http404:
        raise HttpError(404, _("No such municipality.")) from None


@router.get("/{coate}/visits", response=VisitsOut, summary="A municipality's monitoring visits and findings")
def visits(request: HttpRequest, coate: Coate) -> dict[str, Any]:
    found = _municipality(coate)
    return opendata.municipality_json(found, selectors.visits_of(found))


@router.get(
    "/{coate}/findings", response=list[FindingOut], summary="Findings of monitoring and their answers"
)
def findings(request: HttpRequest, coate: Coate) -> list[dict[str, Any]]:
    found = _municipality(coate)
    return [opendata.finding_row(f, v) for v in selectors.visits_of(found) for f in v.findings.all()]
