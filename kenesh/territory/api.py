"""The territory API at /api/territory/: units as of a date, and each municipality's bodies and council.

Deputies appear only as public names and counts by sex; nothing else about a person leaves here.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kenesh.territory import selectors
from kenesh.territory.models import Municipality, Unit

router = Router(tags=["territory"])

# A filter by code accepts only a well-formed СОАТЕ code: anything else is a 422, never a database error
# (PostgreSQL refuses text with NUL bytes, for one).
CoateFilter = Annotated[str | None, Query(None, pattern=r"^\d{14}$", description="14-digit СОАТЕ code")]


class Pagination(LimitOffsetPagination):
    """Limit and offset with bounds, so that a huge number is a 422 and not a database overflow."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


class UnitOut(Schema):
    coate: str = Field(description="14-digit СОАТЕ code")
    level: str
    name: str = Field(description="name in the language of the request (Accept-Language), else Kyrgyz")
    name_ky: str
    name_ru: str
    name_en: str
    parent_coate: str | None = None
    population: int | None = None
    valid_from: datetime.date | None = Field(None, description="empty: since before our records")
    valid_to: datetime.date | None = Field(None, description="last day of validity; empty: still valid")

    @staticmethod
    def resolve_parent_coate(unit: Unit) -> str | None:
        return unit.parent.coate if unit.parent_id and unit.parent else None


class OblastOut(UnitOut):
    iso_code: str = Field(description="ISO 3166-2:KG code")


class ExecutiveOut(Schema):
    kind: str
    name: str
    name_ky: str
    name_ru: str
    name_en: str
    head: str
    address: str
    phone: str


class DeputyOut(Schema):
    full_name: str


class CouncilOut(Schema):
    kind: str
    name: str
    name_ky: str
    name_ru: str
    name_en: str
    seats: int
    deputies_serving: int
    women: int
    men: int
    women_percent: int = Field(description="women among serving deputies, rounded down")
    quota_percent: int
    meets_quota: bool
    deputies: list[DeputyOut]


class VersionLinkOut(Schema):
    coate: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class MunicipalityDetailOut(UnitOut):
    rayon: UnitOut | None
    oblast: UnitOut | None
    executive: ExecutiveOut | None
    council: CouncilOut | None
    settlements: list[UnitOut]
    predecessors: list[VersionLinkOut]
    successors: list[VersionLinkOut]


class ErrorOut(Schema):
    detail: str


@router.get("/oblasts", response=list[OblastOut], summary="Oblasts and cities of republican significance")
@paginate(Pagination)
def oblasts(request: HttpRequest, on: datetime.date | None = None) -> object:
    return selectors.oblast_list(day=on)


@router.get("/rayons", response=list[UnitOut], summary="Rayons and cities of oblast significance")
@paginate(Pagination)
def rayons(request: HttpRequest, oblast: CoateFilter = None, on: datetime.date | None = None) -> object:
    return selectors.rayon_list(day=on, oblast=oblast)


@router.get("/municipalities", response=list[UnitOut], summary="Aiyl aimaks and cities")
@paginate(Pagination)
def municipalities(
    request: HttpRequest,
    oblast: CoateFilter = None,
    rayon: CoateFilter = None,
    on: datetime.date | None = None,
) -> object:
    return selectors.municipality_list(day=on, oblast=oblast, rayon=rayon)


def _page(coate: str, on: datetime.date | None) -> selectors.MunicipalityPage:
    try:
        return selectors.municipality_page(coate=coate, day=on)
    except Municipality.DoesNotExist:
        raise HttpError(404, _("No municipality has the code %(code)s.") % {"code": coate}) from None


@router.get(
    "/municipalities/{coate}",
    response={200: MunicipalityDetailOut, 404: ErrorOut},
    summary="One municipality with its LSG bodies and council",
)
def municipality(request: HttpRequest, coate: str, on: datetime.date | None = None) -> object:
    page = _page(coate, on)
    council = None
    if page.council is not None and page.share is not None:
        share = page.share
        council = CouncilOut(
            kind=page.council.kind,
            name=page.council.name,
            name_ky=page.council.name_ky,
            name_ru=page.council.name_ru,
            name_en=page.council.name_en,
            seats=page.council.seats,
            deputies_serving=share.total,
            women=share.women,
            men=share.men,
            women_percent=share.percent,
            quota_percent=share.quota_percent,
            meets_quota=share.meets_quota,
            deputies=[DeputyOut(full_name=deputy.full_name) for deputy in page.deputies],
        )
    unit = page.municipality
    return MunicipalityDetailOut(
        **UnitOut.model_validate(unit).model_dump(),
        rayon=UnitOut.model_validate(page.rayon) if page.rayon else None,
        oblast=UnitOut.model_validate(page.oblast) if page.oblast else None,
        executive=ExecutiveOut.model_validate(page.executive) if page.executive else None,
        council=council,
        settlements=[UnitOut.model_validate(village) for village in page.settlements],
        predecessors=[VersionLinkOut.model_validate(other) for other in page.predecessors],
        successors=[VersionLinkOut.model_validate(other) for other in page.successors],
    )


@router.get(
    "/municipalities/{coate}/settlements",
    response={200: list[UnitOut], 404: ErrorOut},
    summary="The villages of a municipality",
)
def settlements(request: HttpRequest, coate: str, on: datetime.date | None = None) -> object:
    try:
        unit = selectors.municipality_get(coate=coate, day=on)
    except Municipality.DoesNotExist:
        raise HttpError(404, _("No municipality has the code %(code)s.") % {"code": coate}) from None
    return list(selectors.settlement_list(municipality=unit))
