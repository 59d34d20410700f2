"""The portraits API at /api/portraits/: the registered indicators, and a unit's figures per year.

The same figures as the portraits and the dashboard, through the same rule: a figure about 1 to 4 people
is "<5". Shares are fractions (0.35), amounts in som, the trust index from -100 to 100.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from kenesh.ops import indicators as ind
from kenesh.portraits import selectors
from kenesh.portraits.models import IndicatorValue

router = Router(tags=["portraits"])

Coate = Annotated[
    str, Path(pattern=r"^\d{14}$", description="14-digit СОАТЕ code of an oblast, rayon or municipality")
]


class IndicatorOut(Schema):
    key: str
    name_ky: str
    name_ru: str
    name_en: str
    unit: str = Field(description="count, people, share, som, som_per_person, days, index")
    source: str = Field(description="the app the figure comes from")
    about_people: bool = Field(description='a figure about 1 to 4 people is given as "<5"')
    aggregate: str = Field(description="how a rayon or oblast is summed: sum, ratio, median")


class ValueOut(Schema):
    key: str
    year: int
    value: float | str | None = Field(description='the figure, or "<5"')
    low: float | None = Field(description="lower end of the 95% interval, where there is one")
    high: float | None
    municipalities: int = Field(description="municipalities a rayon's or oblast's figure was summed from")
    computed_at: str
    source_url: str | None = Field(description="the page the figure comes from (municipalities only)")


class UnitValuesOut(Schema):
    coate: str
    level: str
    name_ky: str
    name_ru: str
    values: list[ValueOut]


def _name(item: ind.Indicator, language: str) -> str:
    with translation.override(language):
        return str(item.name)


@router.get("/indicators/", response=list[IndicatorOut], summary="Every indicator of the portraits")
def indicator_list(request: HttpRequest) -> Any:
    return [
        {
            "key": item.key,
            "name_ky": _name(item, "ky"),
            "name_ru": _name(item, "ru"),
            "name_en": _name(item, "en"),
            "unit": item.unit,
            "source": item.source,
            "about_people": item.about_people,
            "aggregate": item.aggregate,
        }
        for item in ind.indicators()
    ]


@router.get("/units/{coate}/", response=UnitValuesOut, summary="A unit's figures per year")
def unit_values(
    request: HttpRequest,
    coate: Coate,
    year: Annotated[int | None, Query(ge=1991, le=2100, description="only this year")] = None,
) -> Any:
    try:
        unit = selectors.unit_for(coate=coate, year=year)
    except selectors.UnitGone as gone:
        raise HttpError(404, "No such unit in that year.") from gone
    rows = IndicatorValue.objects.filter(unit=unit).order_by("-year", "key")
    if year is not None:
        rows = rows.filter(year=year)
    registered = {item.key: item for item in ind.indicators()}
    values = []
    for row in rows:
        item = registered.get(row.key)
        if item is None:
            continue
        cell = selectors.cell(item, row)
        values.append(
            {
                "key": row.key,
                "year": row.year,
                "value": "<5" if cell.small else (None if cell.value is None else float(cell.value)),
                "low": None if cell.low is None else float(cell.low),
                "high": None if cell.high is None else float(cell.high),
                "municipalities": row.units,
                "computed_at": row.computed_at.isoformat(),
                "source_url": item.source_url(unit.coate, row.year)
                if unit.level == "aiyl_aimak_or_rayon_city"
                else None,
            }
        )
    return {
        "coate": unit.coate,
        "level": unit.level,
        "name_ky": unit.name_ky,
        "name_ru": unit.name_ru,
        "values": values,
    }
