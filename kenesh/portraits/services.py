"""Writes of the portraits app: recompute the precomputed figures (kenesh.portraits.models.IndicatorValue).

`indicators_refresh()` recomputes every municipality, rayon and oblast; `indicators_refresh(municipality_id=
...)` the municipalities of that municipality's oblast and their rayons and oblast (a rayon's figure needs
all its municipalities). Each indicator costs its own fixed number of queries, whatever the number of
municipalities; the old rows of the units in scope are replaced in one transaction, so a page never sees
half a refresh.

A rayon's or an oblast's figure is summed from its municipalities' figures (kenesh.ops.indicators: SUM,
RATIO of the summed numerators and denominators, MEDIAN of the values); its `group` (people behind it) is
the sum of theirs, and `units` says how many municipalities had the figure.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kenesh.ops import indicators as ind
from kenesh.portraits.models import IndicatorValue
from kenesh.territory.models import Level, Unit


def _aggregate(indicator: ind.Indicator, figures: list[ind.Figure]) -> ind.Figure | None:
    groups = [figure.group for figure in figures if figure.group is not None]
    group = sum(groups) if groups else None
    if indicator.aggregate == ind.SUM:
        values = [figure.value for figure in figures if figure.value is not None]
        return ind.Figure(value=sum(values, Decimal(0)), group=group) if values else None
    if indicator.aggregate == ind.MEDIAN:
        value = ind.median([figure.value for figure in figures if figure.value is not None])
        return None if value is None else ind.Figure(value=value, group=group)
    pairs = [(f.numerator, f.denominator) for f in figures if f.numerator is not None and f.denominator]
    numerator = sum((top for top, _bottom in pairs), Decimal(0))
    denominator = sum((bottom for _top, bottom in pairs if bottom is not None), Decimal(0))
    if not denominator:
        return None
    return ind.Figure(
        value=numerator / denominator, numerator=numerator, denominator=denominator, group=group
    )


def _row(
    unit_id: int, year: int, key: str, figure: ind.Figure, units: int, now: datetime.datetime
) -> IndicatorValue:
    return IndicatorValue(
        unit_id=unit_id,
        year=year,
        key=key,
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
        group=figure.group,
        low=figure.low,
        high=figure.high,
        units=units,
        computed_at=now,
    )


def indicators_refresh(*, municipality_id: int | None = None) -> int:
    """Recompute the figures (every unit's, or those a municipality's change touches); the rows written."""
    municipalities = Unit.objects.filter(level=Level.MUNICIPALITY).select_related("parent")
    if municipality_id is not None:
        place = Unit.objects.filter(pk=municipality_id).select_related("parent").first()
        if place is None or place.parent is None:
            return 0
        oblast_id = place.parent.parent_id
        municipalities = municipalities.filter(parent__parent_id=oblast_id) if oblast_id else municipalities
    units = {unit.pk: unit for unit in municipalities}
    now = timezone.now()
    rows: list[IndicatorValue] = []
    for indicator in ind.indicators():
        figures = indicator.compute(units, None)
        above: dict[tuple[int, int], list[ind.Figure]] = defaultdict(list)
        for (unit_id, year), figure in figures.items():
            if unit_id not in units:
                continue
            rows.append(_row(unit_id, year, indicator.key, figure, 1, now))
            rayon = units[unit_id].parent
            if rayon is not None:
                above[(rayon.pk, year)].append(figure)
                if rayon.parent_id is not None:
                    above[(rayon.parent_id, year)].append(figure)
        for (unit_id, year), parts in above.items():
            total = _aggregate(indicator, parts)
            if total is not None:
                rows.append(_row(unit_id, year, indicator.key, total, len(parts), now))
    scope = set(units) | {u.parent_id for u in units.values() if u.parent_id}
    scope |= {u.parent.parent_id for u in units.values() if u.parent is not None and u.parent.parent_id}
    with transaction.atomic():
        if municipality_id is None:
            IndicatorValue.objects.all().delete()
        else:
            IndicatorValue.objects.filter(unit_id__in=scope).delete()
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
