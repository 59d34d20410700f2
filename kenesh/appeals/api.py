"""The appeals API at /api/appeals/: anonymised appeals, one appeal's public status by its tracking code,
and the responsiveness figures. No name, phone, email or address; the text only where it may be published.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kenesh.appeals import opendata, selectors
from kenesh.appeals.codes import code_normalise
from kenesh.ops.limits import address_key, failure_count, failures_exhausted
from kenesh.territory.models import Municipality

router = Router(tags=["appeals"])
TRACK_LIMIT = "appeal-track-address"


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


class AppealOut(Schema):
    municipality_coate: str
    registration_number: str
    year: int
    category: str
    village_coate: str
    channel: str
    status: str
    received_on: datetime.date
    due_on: datetime.date
    extended: bool
    extension_reason: str
    answered_on: str = Field(description="ISO date, empty before the answer")
    on_time: bool | None
    overdue: bool
    redirected_to: str
    solved: bool | None
    text: str = Field(description="empty unless the citizen agreed to publish it")
    answer: str


class EventOut(Schema):
    kind: str
    on: datetime.date
    note: str


class StatusOut(Schema):
    registration_number: str
    municipality_coate: str
    category: str
    status: str
    overdue: bool
    received_on: datetime.date
    due_on: datetime.date
    extended: bool
    extension_reason: str
    redirected_to: str
    answer: str
    history: list[EventOut]


class FiguresOut(Schema):
    municipality_coate: str
    municipality_name_ky: str
    municipality_name_ru: str
    appeals: int
    answered: int
    median_working_days: float | None
    on_time_share: float | None
    marked: int
    solved_share: float | None


class AppealFilter(Schema):
    coate: str | None = Field(None, pattern=r"^\d{14}$", description="СОАТЕ of the municipality")
    year: int | None = Field(None, ge=2000, le=2100)


class FiguresFilter(Schema):
    oblast: int | None = Field(None, ge=1, le=10**12)
    rayon: int | None = Field(None, ge=1, le=10**12)
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/", response=list[AppealOut], summary="Appeals, anonymised")
@paginate(Pagination)
def appeal_list(request: HttpRequest, filters: Query[AppealFilter]) -> Any:
    municipality = None
    if filters.coate:
        municipality = Municipality.objects.filter(coate=filters.coate).first()
        if municipality is None:
            return []
    appeals = selectors.appeals_open_data(municipality=municipality, year=filters.year)
    return _Rows(appeals)


class _Rows:
    """A queryset whose slices come back as open-data rows (the paginator slices, then counts)."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        return [opendata.appeal_row(appeal) for appeal in self.queryset[index]]


@router.get(
    "/status/{code}",
    response={200: StatusOut, 404: dict, 429: dict},
    summary="One appeal's public status by its tracking code",
    description="A code that does not exist and a malformed one get the same 404; wrong codes are limited.",
)
def appeal_status(request: HttpRequest, code: Annotated[str, Path(max_length=64)]) -> Any:
    key = address_key("", request)
    if failures_exhausted(request, TRACK_LIMIT, key):
        raise HttpError(429, "Too many attempts in a short time.")
    appeal = selectors.appeal_by_code(code_normalise(code))
    if appeal is None:
        failure_count(request, TRACK_LIMIT, key)
        return Status(404, {"detail": "Not found."})
    return {
        "registration_number": appeal.registration_number,
        "municipality_coate": appeal.municipality.coate,
        "category": appeal.category.slug,
        "status": appeal.status,
        "overdue": appeal.overdue_at is not None,
        "received_on": appeal.received_on,
        "due_on": appeal.due_on,
        "extended": appeal.extended_at is not None,
        "extension_reason": appeal.extension_reason,
        "redirected_to": appeal.redirected_to,
        "answer": appeal.answer,
        "history": [
            {"kind": event.kind, "on": event.at.date(), "note": event.note}
            for event in selectors.appeal_events(appeal)
        ],
    }


@router.get("/figures", response=list[FiguresOut], summary="Responsiveness per municipality (aggregates)")
def figures(request: HttpRequest, filters: Query[FiguresFilter]) -> Any:
    data = selectors.figures_national(oblast=filters.oblast, rayon=filters.rayon, year=filters.year)
    return [opendata.figure_row(row) for row in data.rows]
