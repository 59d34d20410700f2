"""The needs API at /api/needs/: a published assessment's priorities with their scores by sex and by group.

The same open data as the downloads (kenesh.needs.opendata): scores are decimal strings; a group type or a
sex with fewer than 5 people in all has "fewer than 5" instead of a score. Answers carry Last-Modified.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from kenesh.needs import opendata, selectors
from kenesh.needs.models import GroupType

router = Router(tags=["needs"])

Coate = Annotated[str, Path(pattern=r"^\d{14}$", description="14-digit СОАТЕ code of the municipality")]
Year = Annotated[int, Path(ge=2000, le=2100, description="year of the needs assessment")]


class PriorityOut(Schema):
    rank: int
    category: str = Field(description="category key, e.g. drinking-water")
    category_ky: str
    category_ru: str
    score: str = Field(description="participant-weighted Borda score (see method)")
    score_women: str = Field(description='score over women only, or "fewer than 5"')
    score_men: str = Field(description='score over men only, or "fewer than 5"')
    by_group: dict[str, str] = Field(
        description='score of each group type (women, men, youth...), or "fewer than 5"'
    )
    sessions: int = Field(description="sessions that named the category")


class AssessmentOut(Schema):
    municipality: dict[str, str]
    year: int
    licence: dict[str, str]
    modified: str
    method: str
    participants: dict[str, int | str]
    priorities: list[PriorityOut]


@router.get("/{coate}/{year}/priorities", response=AssessmentOut, summary="Priorities of a needs assessment")
def priorities(request: HttpRequest, response: HttpResponse, coate: Coate, year: Year) -> dict[str, Any]:
    try:
        campaign = selectors.campaign_published(coate, year)
    except Http404:
        raise HttpError(404, _("No published needs assessment of this municipality and year.")) from None
    body = opendata.priorities_json(campaign)
    for row in body["priorities"]:
        row["by_group"] = {group: row.pop(f"group_{group}") for group in GroupType.values}
    response["Last-Modified"] = http_date(opendata.last_modified(campaign).timestamp())
    return body
