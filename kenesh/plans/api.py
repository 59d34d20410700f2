"""The plans API at /api/plans/: an approved joint action plan and its items (the open data)."""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from kenesh.plans import opendata, selectors

router = Router(tags=["plans"])

Coate = Annotated[str, Path(pattern=r"^\d{14}$", description="14-digit СОАТЕ code of the municipality")]
Year = Annotated[int, Path(ge=2000, le=2100, description="year the plan is carried out")]


class ItemOut(Schema):
    item: int
    title_ky: str
    title_ru: str
    priority_rank: int | None
    priority_category: str = Field(description="category key of the priority the item serves")
    responsible: str
    deadline: str
    budget_line_key: str = Field(description="the local budget line (budgets' BudgetLine.key) that funds it")
    cost_local: str
    cost_community: str
    cost_donor: str
    donor_name: str
    cost_republican: str
    cost_total: str
    status: str = Field(description="planned, in_progress, done or cancelled")
    progress: int = Field(description="percent done")
    pb_process: int | None
    pb_project_number: int | None


class PlanOut(Schema):
    municipality: dict[str, str]
    year: int
    licence: dict[str, str]
    approved_on: str | None
    needs_assessment_year: int | None
    modified: str
    items: list[ItemOut]


@router.get("/{coate}/{year}/items", response=PlanOut, summary="An approved joint action plan and its items")
def items(request: HttpRequest, response: HttpResponse, coate: Coate, year: Year) -> dict[str, Any]:
    try:
        plan = selectors.plan_published(coate, year)
    except Http404:
        raise HttpError(404, _("No approved action plan of this municipality and year.")) from None
    response["Last-Modified"] = http_date(opendata.last_modified(plan).timestamp())
    return opendata.plan_json(plan, selectors.plan_items(plan))
