"""Reads of the plans app: a plan with its items, the chain priority -> items -> budget lines -> PB project,
and, the other way, the priorities a budget line serves; each at a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from kenesh.needs.models import Priority
from kenesh.plans.models import GroupMember, Plan, PlanGroup, PlanItem


@dataclass
class PriorityChain:
    """A priority (None: items without one) and the plan's items for it."""

    priority: Priority | None
    items: list[PlanItem] = field(default_factory=list)

    @property
    def cost(self) -> Decimal:
        return sum((item.cost_total for item in self.items), Decimal(0))


def plan_published(coate: str, year: int) -> Plan:
    plan = (
        Plan.objects.filter(municipality__coate=coate, municipality__valid_to__isnull=True, year=year)
        .exclude(published_at=None)
        .select_related("municipality__parent", "campaign")
        .first()
    )
    if plan is None:
        raise Http404(f"{coate}/{year}")
    return plan


def plan_items(plan: Plan) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(plan=plan)
        .select_related("priority__category", "pb_proposal__process")
        .order_by("sort_order", "id")
    )


def plan_chains(plan: Plan) -> list[PriorityChain]:
    """The plan's items under their priorities, in the priorities' order (one query)."""
    chains: dict[Any, PriorityChain] = {}
    for item in plan_items(plan):
        key = item.priority_id
        chains.setdefault(key, PriorityChain(item.priority)).items.append(item)
    return sorted(
        chains.values(),
        key=lambda chain: (chain.priority is None, (chain.priority.rank or 999) if chain.priority else 0),
    )


def plan_groups(plan: Plan) -> list[PlanGroup]:
    return list(
        PlanGroup.objects.filter(plan=plan)
        .select_related("village")
        .prefetch_related(Prefetch("members", queryset=GroupMember.objects.select_related("user")))
    )


def plan_progress(items: list[PlanItem]) -> int:
    """The plan's progress: its items' progress weighted by their cost (by count when nothing is costed)."""
    active = [item for item in items if item.status != "cancelled"]
    if not active:
        return 0
    total = sum((item.cost_total for item in active), Decimal(0))
    if total > 0:
        return int(sum((item.cost_total * item.progress for item in active), Decimal(0)) / total)
    return int(sum(item.progress for item in active) / len(active))


def items_for_line(municipality_id: int, key: str) -> list[PlanItem]:
    """The items of published plans of a municipality that a budget line funds (one query)."""
    return list(
        PlanItem.objects.filter(plan__municipality_id=municipality_id, budget_line_key=key)
        .exclude(plan__published_at=None)
        .select_related("plan", "priority__category", "priority__campaign")
        .order_by("-plan__year", "sort_order")
    )


def items_by_priority(campaign_id: int) -> dict[int, list[PlanItem]]:
    """The published plans' items of each priority of a needs assessment (one query)."""
    found: dict[int, list[PlanItem]] = defaultdict(list)
    for item in (
        PlanItem.objects.filter(priority__campaign_id=campaign_id, priority__isnull=False)
        .exclude(plan__published_at=None)
        .select_related("plan__municipality")
        .order_by("plan__year", "sort_order")
    ):
        found[int(item.priority_id or 0)].append(item)
    return found


def line_labels(keys: list[str]) -> dict[str, str]:
    """A readable name for each budget line key: its function (or revenue) and economic item (one query)."""
    from kenesh.budgets.models import Classification

    codes = {part for key in keys for part in key.split(":")[1:] if part}
    names = {(item.kind, item.code): item.name for item in Classification.objects.filter(code__in=codes)}
    labels = {}
    for key in keys:
        parts = key.split(":")
        if len(parts) != 3:
            labels[key] = key
            continue
        direction, code, economic = parts
        first = names.get(("revenue" if direction == "revenue" else "function", code), "")
        label = f"{code} {first}".strip()
        if economic:
            label += f" / {economic} {names.get(('economic', economic), '')}".rstrip()
        labels[key] = label
    return labels


def items_of_year(municipality_id: int, year: int) -> list[PlanItem]:
    """The items of the municipality's published plan of `year` that name a budget line (one query)."""
    return list(
        PlanItem.objects.filter(plan__municipality_id=municipality_id, plan__year=year)
        .exclude(plan__published_at=None)
        .exclude(budget_line_key="")
        .select_related("plan__municipality", "priority__category")
        .order_by("sort_order", "id")
    )
