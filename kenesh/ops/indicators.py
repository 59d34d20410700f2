"""The registry of indicators: each figure a portrait, the national dashboard and the API show, defined once.

An app that owns some data registers ITS OWN indicators in its `indicators.py`, called from its
AppConfig.ready() with one line; the apps above (kenesh.portraits) read the registry and never name an
app's figure. ops lies below every app, so the arrows stay budgets -> ops, portraits -> ops.

An indicator's `compute(units, years)` takes every municipality at once ({id: Unit}) and the years asked
(None: every year with data), and answers {(municipality id, year): Figure} for the pairs where its data
exists, in a fixed number of queries, never one per municipality: a missing pair is an absent figure, never
a zero invented. A figure about people (`about_people`) from a group of fewer than SMALL_GROUP people is
published as "fewer than 5" (see `Figure.small`), in every page, file and API that shows it.

How a rayon or an oblast is summed from its municipalities (`aggregate`):
- SUM: the sum of the municipalities' values (counts of hearings, votes, people);
- RATIO: the sum of the numerators over the sum of the denominators (shares, rates, per capita);
- MEDIAN: the median of the municipalities' values (median days to answer, trust index).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

# Groups of people under this size are published as "fewer than 5".
SMALL_GROUP = 5

SUM = "sum"
RATIO = "ratio"
MEDIAN = "median"

# Units of a value, for formatting: a count, a share (0..1), som, som per person, days, an index -100..100.
COUNT = "count"
PEOPLE = "people"
SHARE = "share"
SOM = "som"
SOM_PER_PERSON = "som_per_person"
DAYS = "days"
INDEX = "index"


@dataclass(frozen=True)
class Figure:
    """One value of an indicator for one municipality (or rayon, oblast) and year.

    `numerator`/`denominator` where the value is a ratio of two sums (so a rayon's value is summed from
    them); `group` the number of people the figure is about (None when it is not about people); `low` and
    `high` a confidence interval where the source gives one."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    group: int | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def small(self) -> bool:
        """True when the figure comes from a group of 1 to 4 people and is shown as "fewer than 5"."""
        return self.group is not None and 0 < self.group < SMALL_GROUP


def ratio(numerator: Any, denominator: Any, *, group: int | None = None, scale: int = 1) -> Figure | None:
    """A share or a rate as a Figure; None (absent) when the denominator is missing or zero."""
    if numerator is None or not denominator:
        return None
    top, bottom = Decimal(numerator), Decimal(denominator)
    return Figure(value=top * scale / bottom, numerator=top, denominator=bottom, group=group)


def count(value: Any, *, people: bool = False) -> Figure | None:
    if value is None:
        return None
    number = Decimal(value)
    return Figure(value=number, group=int(number) if people else None)


Key = tuple[int, int]
Compute = Callable[[Mapping[int, Any], Collection[int] | None], dict[Key, Figure]]
SourceUrl = Callable[[str, int], str]


@dataclass(frozen=True)
class Indicator:
    """One indicator: its key, name (a lazy translation, so ky/ru/en from the catalogues), unit, the app
    label of its source, whether it is about people, how it is computed and how a page of its source is
    found for a municipality's СОАТЕ code and a year."""

    key: str
    name: str | Promise
    unit: str
    source: str
    about_people: bool
    compute: Compute
    source_url: SourceUrl
    aggregate: str = RATIO
    # The indicators an analyst looks at first get the dashboard's charts.
    headline: bool = False
    # A rule the figure is read against (the 30% quota of women), as a value in the indicator's unit.
    target: Decimal | None = None
    order: int = 100


_registry: dict[str, Indicator] = {}


def indicator_register(indicator: Indicator) -> None:
    """Add an indicator (registering the same key again replaces it: AppConfig.ready() may run twice)."""
    _registry[indicator.key] = indicator


def indicators() -> list[Indicator]:
    """Every registered indicator in the order pages show them."""
    return sorted(_registry.values(), key=lambda item: (item.order, item.key))


def indicator_get(key: str) -> Indicator | None:
    return _registry.get(key)


def median(values: Collection[Decimal]) -> Decimal | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
