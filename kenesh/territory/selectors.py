"""Reads of the territory app, each a fixed number of queries whatever the size of the country."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet

from kenesh.territory.models import (
    Council,
    Deputy,
    ExecutiveBody,
    Level,
    Municipality,
    Oblast,
    Rayon,
    Settlement,
    Sex,
    Unit,
    UnitQuerySet,
    today,
)

# The law reserves at least this share of aiyl kenesh seats for women.
WOMEN_QUOTA_PERCENT = 30


def unit_as_of(*, coate: str, day: datetime.date | None = None) -> Unit | None:
    """The version of the unit with this code that was valid on `day` (default today), or None."""
    return Unit.objects.as_of(day).filter(coate=coate).select_related("parent").first()


def oblast_list(*, day: datetime.date | None = None) -> UnitQuerySet:
    return Oblast.objects.as_of(day).order_by("coate")


def rayon_list(*, day: datetime.date | None = None, oblast: str | None = None) -> UnitQuerySet:
    rayons = Rayon.objects.as_of(day).select_related("parent").order_by("coate")
    return rayons.filter(parent__coate=oblast) if oblast else rayons


def municipality_list(
    *, day: datetime.date | None = None, oblast: str | None = None, rayon: str | None = None
) -> UnitQuerySet:
    municipalities = Municipality.objects.as_of(day).select_related("parent__parent").order_by("coate")
    if oblast:
        municipalities = municipalities.filter(parent__parent__coate=oblast)
    if rayon:
        municipalities = municipalities.filter(parent__coate=rayon)
    return municipalities


def settlement_list(*, municipality: Unit) -> QuerySet[Unit]:
    return Settlement.objects.filter(parent=municipality).select_related("parent").order_by("name_ru")


@dataclass
class RayonGroup:
    rayon: Unit
    municipalities: list[Unit] = field(default_factory=list)


@dataclass
class OblastGroup:
    oblast: Unit
    rayons: list[RayonGroup] = field(default_factory=list)

    @property
    def municipality_count(self) -> int:
        return sum(len(group.municipalities) for group in self.rayons)


def territory_tree(*, day: datetime.date | None = None) -> list[OblastGroup]:
    """Oblasts, their rayons and the municipalities of each, valid on `day`: three queries."""
    oblasts = {unit.pk: OblastGroup(unit) for unit in oblast_list(day=day)}
    rayons: dict[int, RayonGroup] = {}
    # Sorted by the name shown, in the active language.
    for unit in sorted(Rayon.objects.as_of(day), key=_by_name):
        group = oblasts.get(unit.parent_id or 0)
        if group is not None:
            rayons[unit.pk] = RayonGroup(unit)
            group.rayons.append(rayons[unit.pk])
    for unit in sorted(Municipality.objects.as_of(day), key=_by_name):
        rayon_group = rayons.get(unit.parent_id or 0)
        if rayon_group is not None:
            rayon_group.municipalities.append(unit)
    return list(oblasts.values())


def _by_name(unit: Unit) -> str:
    return unit.name.casefold()


# People type Kyrgyz names on Russian keyboards (and phones) without ө, ү, ң; "ё" is often typed "е".
_FOLD = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "ё": "е", "-": " ", "–": " ", "—": " "})

SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100


def search_key(text: str) -> str:
    """A name as the search compares it: case, ө/о, ү/у, ң/н, ё/е, hyphens and spaces folded."""
    return " ".join(text.casefold().translate(_FOLD).split())


def municipality_search(*, query: str, day: datetime.date | None = None, limit: int = 20) -> list[Unit]:
    """Current municipalities whose Kyrgyz, Russian or English name contains `query`, folded as `search_key`
    does; names that start with it first, then by name. One query over the country's few hundred names."""
    key = search_key(query[:SEARCH_MAX_LENGTH])
    if len(key) < SEARCH_MIN_LENGTH:
        return []
    ranked = []
    for unit in municipality_list(day=day):
        names = [search_key(name) for name in (unit.name_ky, unit.name_ru, unit.name_en) if name]
        if any(key in name for name in names):
            starts = any(name.startswith(key) or f" {key}" in name for name in names)
            ranked.append((not starts, _by_name(unit), unit))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [unit for _starts, _name, unit in ranked[:limit]]


@dataclass(frozen=True)
class WomenShare:
    """Women among the serving deputies of a council, against the quota."""

    women: int
    men: int
    seats: int
    quota_percent: int = WOMEN_QUOTA_PERCENT

    @property
    def total(self) -> int:
        return self.women + self.men

    @property
    def percent(self) -> int:
        """Rounded down, so that 29.9% never shows as meeting a 30% quota."""
        return self.women * 100 // self.total if self.total else 0

    @property
    def fraction(self) -> Decimal:
        """The rounded-down percent as a fraction, for the locale's percent format."""
        return Decimal(self.percent) / 100

    @property
    def quota_fraction(self) -> Decimal:
        return Decimal(self.quota_percent) / 100

    @property
    def meets_quota(self) -> bool:
        return self.total > 0 and self.women * 100 >= self.quota_percent * self.total

    @property
    def women_needed(self) -> int:
        """Women the seats would need to reach the quota, counting every seat."""
        needed = -(-self.seats * self.quota_percent // 100)
        return max(needed - self.women, 0)


def women_share(*, deputies: list[Deputy], seats: int) -> WomenShare:
    women = sum(1 for deputy in deputies if deputy.sex == Sex.FEMALE)
    return WomenShare(women=women, men=len(deputies) - women, seats=seats)


@dataclass
class MunicipalityPage:
    """Everything the page of one municipality shows."""

    municipality: Unit
    executive: ExecutiveBody | None
    council: Council | None
    deputies: list[Deputy]
    share: WomenShare | None
    settlements: list[Unit]
    versions: list[Unit]
    predecessors: list[Unit]
    successors: list[Unit]

    @property
    def rayon(self) -> Unit | None:
        return self.municipality.parent

    @property
    def oblast(self) -> Unit | None:
        return self.municipality.parent.parent if self.municipality.parent else None


def municipality_get(*, coate: str, day: datetime.date | None = None) -> Unit:
    """The version of a municipality valid on `day` (default today), else its latest version; one query.
    Raises Municipality.DoesNotExist for an unknown code."""
    day = day or today()
    versions = list(
        Municipality.objects.filter(coate=coate)
        .select_related("parent__parent", "executive", "council")
        .order_by("-valid_from")
    )
    if not versions:
        raise Municipality.DoesNotExist(coate)
    for version in versions:
        if version.is_valid_on(day):
            return version
    # A unit that no longer exists still has a page: it tells what it became. Undated versions sort last
    # on PostgreSQL and first on SQLite, so pick the latest explicitly.
    return max(versions, key=lambda version: version.valid_from or datetime.date.min)


def _related_or_none(unit: Unit, name: str) -> object | None:
    try:
        return getattr(unit, name)
    except (ExecutiveBody.DoesNotExist, Council.DoesNotExist):
        return None


def municipality_page(*, coate: str, day: datetime.date | None = None) -> MunicipalityPage:
    """The page of a municipality: 7 queries at most."""
    day = day or today()
    municipality = municipality_get(coate=coate, day=day)
    executive = _related_or_none(municipality, "executive")
    council = _related_or_none(municipality, "council")
    deputies: list[Deputy] = []
    share = None
    if isinstance(council, Council):
        deputies = list(council.deputies.serving_on(day).select_related("constituency").order_by("full_name"))
        share = women_share(deputies=deputies, seats=council.seats)
    linked = Unit.objects.select_related("parent").order_by("valid_from", "coate")
    return MunicipalityPage(
        municipality=municipality,
        executive=executive if isinstance(executive, ExecutiveBody) else None,
        council=council if isinstance(council, Council) else None,
        deputies=deputies,
        share=share,
        settlements=sorted(settlement_list(municipality=municipality), key=_by_name),
        versions=list(Unit.objects.filter(coate=coate, level=Level.MUNICIPALITY).order_by("valid_from")),
        predecessors=list(linked.filter(successors=municipality)),
        successors=list(linked.filter(predecessors=municipality)),
    )


def municipality_office(*, coate: str) -> tuple[Unit, list[Deputy]]:
    """The current municipality with every deputy of its council, ended terms too; for the back office."""
    municipality = municipality_get(coate=coate)
    council = _related_or_none(municipality, "council")
    deputies: list[Deputy] = []
    if isinstance(council, Council):
        deputies = list(
            council.deputies.select_related("constituency").order_by(
                F("term_end").desc(nulls_first=True), "full_name"
            )
        )
    return municipality, deputies


def municipalities_with_councils(*, day: datetime.date | None = None) -> UnitQuerySet:
    """Municipalities with their bodies and serving deputies prefetched (for the API list)."""
    return (
        municipality_list(day=day)
        .select_related("executive", "council")
        .prefetch_related(Prefetch("council__deputies", queryset=Deputy.objects.serving_on(day)))
    )
