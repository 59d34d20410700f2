"""The hearings API at /api/hearings/: public hearings with their attendance and proposals, read only.

The same records as the open data downloads (see opendata.py): an attendance group of 1 to 4 people is
"<5". Answers carry Last-Modified, the latest change of the hearings they list.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from kenesh.hearings import opendata, selectors

router = Router(tags=["hearings"])

Coate = Annotated[str, Path(pattern=r"^\d{14}$", description="14-digit СОАТЕ code of the municipality")]
GroupCount = Annotated[
    int | str | None, Field(description='people, or "<5" for 1 to 4; null if not recorded')
]


class LicenceOut(Schema):
    name: str
    title: str
    path: str


class ProposalOut(Schema):
    hearing_id: int
    coate: str
    number: int
    kind: str = Field(description="proposal or question")
    text_ky: str
    text_ru: str
    raised_by: str = Field(description="a group or a village, never a person")
    status: str = Field(description="unanswered, accepted, partly, rejected")
    answer_ky: str
    answer_ru: str
    answered_on: str | None
    answered_on_time: bool
    budget_year: int | None
    budget_line_key: str = Field(description="the budget line it became: direction:code:economic")
    plan_item_id: int | None = Field(description="the action plan item it became (`item` in the plans data)")
    plan_item_url: str | None = Field(description="that item on its plan's public page")


class HearingOut(Schema):
    id: int
    coate: str
    municipality: str
    kind: str = Field(description="draft_budget, execution_report, other")
    title_ky: str
    title_ru: str
    date: str
    venue: str
    online_url: str
    notice_date: str
    notice_days: int = Field(description="days between the notice and the hearing")
    notice_days_required: int
    budget_year: int | None
    budget_version: str | None
    attendance_recorded: bool
    participants: int | None
    women: GroupCount
    men: GroupCount
    youth: GroupCount
    elderly: GroupCount
    disabled: GroupCount
    minorities: GroupCount
    officials: int | None
    proposals: int
    proposals_accepted: int
    proposals_unanswered: int
    proposal_list: list[ProposalOut]


class HearingsOut(Schema):
    licence: LicenceOut
    fewer_than_5: str
    hearings: list[HearingOut]


class Filters(Schema):
    year: int | None = Field(None, ge=1991, le=2100)


def _answer(response: HttpResponse, hearings: list[Any]) -> dict[str, Any]:
    modified = selectors.last_modified(hearings)
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return opendata.hearings_json(hearings)


@router.get("/", response=HearingsOut, summary="Public hearings of every municipality")
def hearings_list(request: HttpRequest, response: HttpResponse, filters: Query[Filters]) -> dict[str, Any]:
    return _answer(response, selectors.open_hearings(year=filters.year))


@router.get("/{coate}", response=HearingsOut, summary="Public hearings of one municipality")
def hearings_of(
    request: HttpRequest, response: HttpResponse, coate: Coate, filters: Query[Filters]
) -> dict[str, Any]:
    if selectors.municipality_get(coate=coate) is None:
        raise HttpError(404, "No such municipality")
    return _answer(response, selectors.open_hearings(coate=coate, year=filters.year))
