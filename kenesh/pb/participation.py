"""Turnout and participation by sex, age group, village and channel, published only for groups of 5 or more.

Counts come from the ballots' snapshots (sex, age group, village, channel), so paper, code and SMS voters
are counted too. A group with fewer than K_ANONYMITY ballots is not shown as a number, and neither is any
other group whose number would give a hidden one away (see `suppress`): nobody can work out a hidden number
from the total and the groups shown, even knowing the rule. Every breakdown lists the same groups whatever
the ballots (every sex, age group, village of the area and channel, and "not stated"), so that a group's
presence tells nothing either; with fewer than K_ANONYMITY ballots in all, no breakdown is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

from kenesh.accounts.models import AgeGroup, Sex
from kenesh.pb.export import K_ANONYMITY
from kenesh.pb.models import Ballot, Channel, Process
from kenesh.territory.models import Unit

NOT_STATED = pgettext_lazy("participation group", "Not stated")
ELSEWHERE = pgettext_lazy("participation group", "Elsewhere or not stated")
"""Ballots whose voter named no village, or one no longer in the process's area."""


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
    """Mark the groups a breakdown may not show, so that no hidden number can be worked out.

    1. With fewer than k ballots in all, every group is hidden.
    2. If some group holds between 1 and k - 1 ballots, every group under k is hidden, empty ones too (an
       empty group shown beside hidden ones narrows what they can hold).
    3. The smallest other group is hidden too, with every other group of its size (so that which one was
       picked says nothing), when step 2 hid a single group (the total minus the others would give it
       away), or groups that all hold k - 1 (their sum would give each away), or all groups but one that
       holds fewer than 2k (else a breakdown of groups that all hold k - 1 could be told apart).

    Checked against a reader who knows this rule, by trying every table they could think of: see
    tests/pb/test_participation.py.
    """
    total = sum(g.count for g in groups)
    for group in groups:
        group.hidden = total < k or group.count < k
    hidden = [g for g in groups if g.hidden]
    shown = [g for g in groups if not g.hidden]
    if not any(g.count for g in hidden):
        for group in hidden:  # only empty groups are under k: nothing to protect
            group.hidden = False
        return groups
    if shown and (
        len(hidden) == 1
        or all(g.count == k - 1 for g in hidden)
        or (len(shown) == 1 and shown[0].count < 2 * k)
    ):
        smallest = min(g.count for g in shown)
        for group in shown:
            group.hidden = group.count == smallest
    return groups


def participation_of(process: Process) -> Participation:
    """Participation in a process by sex, age group, village and channel (two queries).

    No breakdown at all when fewer than K_ANONYMITY ballots were cast.
    """
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
    # The area and its villages: the municipality and every village in it, or the process's one village.
    in_area = Q(pk=area) if process.village_id else Q(pk=area) | Q(parent_id=area)
    units = {u.pk: u for u in Unit.objects.filter(in_area)}
    area_unit = units.get(area)
    population = area_unit.population if area_unit is not None else None
    if total < K_ANONYMITY:
        return Participation(ballots=total, population=population, breakdowns=[])

    def choices(
        counter: Counter[str],
        options: list[tuple[str, str | Promise]],
        rest: str | Promise | None = NOT_STATED,
    ) -> list[Group]:
        """A group per option, in their order, then `rest`: ballots with no value or one not among them."""
        groups = [Group(label, counter.get(value, 0)) for value, label in options]
        if rest is not None:
            groups.append(Group(rest, total - sum(g.count for g in groups)))
        return suppress(groups)

    villages = sorted((u for u in units.values() if u.pk != process.municipality_id), key=_unit_name)
    by_village_key = Counter({str(pk): n for pk, n in by_village.items() if pk is not None})
    breakdowns = [
        Breakdown(pgettext_lazy("participation by", "Sex"), total, choices(by_sex, list(Sex.choices))),
        Breakdown(
            pgettext_lazy("participation by", "Age group"), total, choices(by_age, list(AgeGroup.choices))
        ),
        Breakdown(
            pgettext_lazy("participation by", "Village"),
            total,
            choices(by_village_key, [(str(v.pk), _unit_name(v)) for v in villages], ELSEWHERE),
        ),
        # Every ballot has a channel: no "not stated" row.
        Breakdown(
            pgettext_lazy("participation by", "Channel"),
            total,
            choices(by_channel, list(Channel.choices), rest=None),
        ),
    ]
    return Participation(ballots=total, population=population, breakdowns=breakdowns)


def _unit_name(unit: Unit) -> str:
    language = (get_language() or "ky").split("-")[0]
    return str(getattr(unit, f"name_{language}", "") or unit.name_ru or unit.name_ky)
