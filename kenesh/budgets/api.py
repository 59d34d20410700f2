"""The budgets API at /api/budgets/: published versions, their lines, the citizen's budget, data packages.

The same open data as the downloads (see opendata.py), typed for the OpenAPI document. Amounts are decimals
(JSON strings, so no som is lost to floating point). Every answer about one version carries Last-Modified.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kenesh.budgets import opendata, selectors
from kenesh.budgets.models import BudgetVersion

router = Router(tags=["budgets"])

Coate = Annotated[str, Path(pattern=r"^\d{14}$", description="14-digit СОАТЕ code of the municipality")]
Year = Annotated[int, Path(ge=1991, le=2100, description="fiscal year")]
Slug = Annotated[
    str,
    Path(
        pattern=r"^(draft|approved|amendment-[0-9]{1,3}|execution-(q1|q2|q3|year))$",
        description="version: draft, approved, amendment-N, execution-q1|q2|q3|year",
    ),
]


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


class MunicipalityOut(Schema):
    coate: str
    name_ky: str
    name_ru: str
    name_en: str


class LicenceOut(Schema):
    name: str = Field(description="SPDX identifier, e.g. CC-BY-4.0")
    title: str
    path: str = ""


class UrlsOut(Schema):
    csv: str
    json_: str = Field(alias="json")
    datapackage: str
    zip: str


class VersionOut(Schema):
    municipality: MunicipalityOut
    year: int
    slug: str = Field(description="stable name of the version in URLs")
    kind: str = Field(description="draft, approved, amendment or execution")
    number: int = Field(description="amendment number; 0 for other kinds")
    period: str = Field(description="q1, q2, q3 or year for execution reports; empty otherwise")
    phase: str = Field(description="Fiscal Data Package phase: proposed, approved, adjusted, executed")
    date: datetime.date
    act_title: str = Field(description="title of the act that approved the version, in Kyrgyz as typed")
    act_title_ru: str = Field(description="the same title in Russian; empty when not typed")
    act_date: datetime.date | None
    published_at: datetime.datetime | None
    modified_at: datetime.datetime
    licence: LicenceOut
    currency: str
    urls: UrlsOut


class LineOut(Schema):
    key: str = Field(description="stable identity of the line across versions: direction:code:economic")
    direction: str
    code: str
    code_name_ky: str
    code_name_ru: str
    code_name_en: str
    parent_code: str
    top_code: str
    revenue_group: str
    own_revenue: bool | None
    economic_code: str
    economic_name_ky: str
    economic_name_ru: str
    economic_name_en: str
    economic_top_code: str
    amount: Decimal
    over_plan: bool
    note: str


class TotalsOut(Schema):
    revenue: Decimal
    expenditure: Decimal


class VersionDetailOut(VersionOut):
    totals: TotalsOut
    lines: list[LineOut]


class RowOut(Schema):
    key: str
    code: str
    label: str = Field(description="in the language of the request (Accept-Language), else Kyrgyz")
    plan: Decimal
    executed: Decimal | None
    last_year: Decimal | None
    share: Decimal | None = Field(description="share of the total plan, 0..1")
    per_capita: Decimal | None


class CitizenOut(Schema):
    municipality: MunicipalityOut
    year: int
    population: int | None
    plan: str | None = Field(description="slug of the plan shown (the latest published plan)")
    execution: str | None = Field(description="slug of the latest published execution report")
    revenue: RowOut
    expenditure: RowOut
    own_revenue: RowOut
    own_share: Decimal | None = Field(description="own revenues over all revenue, 0..1 (self-financing)")
    revenue_groups: list[RowOut]
    revenue_sources: list[RowOut]
    functions: list[RowOut]


def _absolute(request: HttpRequest, urls: dict[str, str]) -> dict[str, str]:
    return {name: request.build_absolute_uri(url) for name, url in urls.items()}


def _version_out(request: HttpRequest, version: BudgetVersion) -> dict[str, Any]:
    return {**opendata.version_meta(version), "urls": _absolute(request, opendata.data_urls(version))}


def _line_out(row: dict[str, str]) -> dict[str, Any]:
    return {
        **row,
        "amount": Decimal(row["amount"]),
        "own_revenue": None if row["own_revenue"] == "" else row["own_revenue"] == "true",
        "over_plan": row["over_plan"] == "true",
    }


def _published(coate: str, year: int, slug: str) -> BudgetVersion:
    version = selectors.published_version(coate=coate, year=year, slug=slug)
    if version is None:
        raise HttpError(404, _("No published budget version at this address."))
    return version


def _dated(response: HttpResponse, version: BudgetVersion) -> None:
    response["Last-Modified"] = http_date(opendata.last_modified(version).timestamp())


class VersionFilter(Schema):
    coate: str | None = Field(None, pattern=r"^\d{14}$", description="14-digit СОАТЕ code")
    year: int | None = Field(None, ge=1991, le=2100)


@router.get("/versions", response=list[VersionOut], summary="Published budget versions")
@paginate(Pagination)
def version_list(request: HttpRequest, filters: Query[VersionFilter]) -> list[dict[str, Any]]:
    versions = selectors.published_versions(coate=filters.coate or "", year=filters.year)
    return [_version_out(request, version) for version in versions]


@router.get("/{coate}/{year}/citizen", response=CitizenOut, summary="The citizen's budget of a year")
def citizen(request: HttpRequest, coate: Coate, year: Year) -> dict[str, Any]:
    data = selectors.citizen_budget(coate=coate, year=year)
    if data is None:
        raise HttpError(404, _("No published budget of this municipality and year."))
    return {
        "municipality": opendata.municipality_meta(data.municipality),
        "year": data.year,
        "population": data.population,
        "plan": selectors.version_slug(data.plan) if data.plan else None,
        "execution": selectors.version_slug(data.execution) if data.execution else None,
        "revenue": data.revenue,
        "expenditure": data.expenditure,
        "own_revenue": data.own_revenue,
        "own_share": data.own_share,
        "revenue_groups": data.revenue_groups,
        "revenue_sources": data.revenue_sources,
        "functions": data.functions,
    }


@router.get("/{coate}/{year}/{slug}", response=VersionDetailOut, summary="A published version and its lines")
def version_detail(
    request: HttpRequest, response: HttpResponse, coate: Coate, year: Year, slug: Slug
) -> dict[str, Any]:
    version = _published(coate, year, slug)
    lines = selectors.version_lines(version)
    _dated(response, version)
    return {
        **_version_out(request, version),
        "totals": opendata.totals(lines),
        "lines": [_line_out(opendata.line_row(version, item)) for item in lines],
    }


@router.get(
    "/{coate}/{year}/{slug}/datapackage",
    response=dict[str, Any],
    summary="Frictionless Data Package descriptor (Fiscal Data Package conventions)",
)
def data_package(
    request: HttpRequest, response: HttpResponse, coate: Coate, year: Year, slug: Slug
) -> dict[str, Any]:
    version = _published(coate, year, slug)
    _dated(response, version)
    descriptor = opendata.data_package(version)
    # Here the descriptor is not beside the CSV, so its resource points to the CSV's absolute address.
    descriptor["resources"][0]["path"] = request.build_absolute_uri(opendata.data_urls(version)["csv"])
    return descriptor
