"""Turnout and participation by sex, age group, village and channel, published only for groups of 5 or more.

Counts come from the ballots' snapshots (sex, age group, village, channel), so paper, code and SMS voters
are counted too. A group with fewer than K_ANONYMITY ballots is shown as "fewer than 5", never as a
number. When exactly one group of a breakdown is hidden, the smallest shown group is hidden too, so that
the hidden number cannot be worked out as the total minus the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from kenesh.accounts.models import AgeGroup, Sex
from kenesh.pb.export import K_ANONYMITY
from kenesh.pb.models import Ballot, Channel, Process
from kenesh.territory.models import Unit

NOT_STATED = pgettext_lazy("participation group", "Not stated")


@dataclass
class Group:
    label: str | Promise
    count: int
    hidden: bool = False


@dataclass
class Breakdown:
    """One breakdown (by sex, age group, village or channel): its groups in a fixed order."""

    title: str | Promise
    total: int
    groups: list[Group] = field(default_factory=list)

    def shares(self) -> list[tuple[Group, Decimal | None]]:
        """Each group with its share of the total (None when hidden)."""
        return [
            (g, None if g.hidden or not self.total else Decimal(g.count) / Decimal(self.total))
            for g in self.groups
        ]


@dataclass
class Participation:
    ballots: int
    population: int | None
    breakdowns: list[Breakdown]

    @property
    def turnout(self) -> Decimal | None:
        """Ballots over the population of the area that could vote (None when the population is unknown)."""
        if not self.population:
            return None
        return Decimal(self.ballots) / Decimal(self.population)


def suppress(groups: list[Group], k: int = K_ANONYMITY) -> list[Group]:
    """Hide groups below k; if that hides exactly one (non-empty) group, hide the next smallest as well."""
    for group in groups:
        group.hidden = 0 < group.count < k
    hidden = [g for g in groups if g.hidden]
    if len(hidden) == 1:
        shown = sorted((g for g in groups if not g.hidden and g.count > 0), key=lambda g: g.count)
        if shown:
            shown[0].hidden = True
    return groups


def participation_of(process: Process) -> Participation:
    """Participation in a process by sex, age group, village and channel (two queries)."""
    rows = (
        Ballot.objects.filter(process=process)
        .values_list("sex", "age_group", "village_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_sex: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    by_village: Counter[int | None] = Counter()
    by_channel: Counter[str] = Counter()
    total = 0
    for sex, age_group, village_id, channel, n in rows:
        total += n
        by_sex[sex or ""] += n
        by_age[age_group or ""] += n
        by_village[village_id] += n
        by_channel[channel] += n
    area = process.village_id or process.municipality_id
    village_ids = [v for v in by_village if v is not None]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[*village_ids, area])}
    area_unit = units.get(area)

    def choices(counter: Counter[str], options: list[tuple[str, str | Promise]]) -> list[Group]:
        groups = [Group(label, counter.get(value, 0)) for value, label in options]
        if counter.get(""):
            groups.append(Group(NOT_STATED, counter[""]))
        return suppress(groups)

    villages = sorted(
        (Group(_unit_name(units[v]) if v in units else NOT_STATED, n) for v, n in by_village.items() if v),
        key=lambda g: str(g.label),
    )
    if by_village.get(None):
        villages.append(Group(NOT_STATED, by_village[None]))
    breakdowns = [
        Breakdown(pgettext_lazy("participation by", "Sex"), total, choices(by_sex, list(Sex.choices))),
        Breakdown(
            pgettext_lazy("participation by", "Age group"), total, choices(by_age, list(AgeGroup.choices))
        ),
        Breakdown(pgettext_lazy("participation by", "Village"), total, suppress(villages)),
        Breakdown(
            pgettext_lazy("participation by", "Channel"), total, choices(by_channel, list(Channel.choices))
        ),
    ]
    return Participation(
        ballots=total,
        population=area_unit.population if area_unit is not None else None,
        breakdowns=breakdowns,
    )


def _unit_name(unit: Unit) -> str:
    from django.utils.translation import get_language

    language = (get_language() or "ky").split("-")[0]
    return str(getattr(unit, f"name_{language}", "") or unit.name_ru or unit.name_ky)
