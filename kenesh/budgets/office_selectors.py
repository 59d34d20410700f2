"""Reads of the budget office pages, each a fixed number of queries whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from kenesh.budgets.models import Budget, BudgetLine, BudgetVersion, LineDirection
from kenesh.budgets.services import plan_amounts
from kenesh.territory.models import Unit


def budgets_of(municipality: Unit) -> QuerySet[Budget]:
    """A municipality's budgets, newest first, with their versions (two queries)."""
    return Budget.objects.filter(municipality=municipality).prefetch_related("versions").order_by("-year")


def versions_with_totals(budget: Budget) -> QuerySet[BudgetVersion]:
    """The versions of a budget with their line count and revenue and expenditure totals (one query)."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
    return budget.versions.annotate(
        line_count=Count("lines"),
        revenue=Coalesce(Sum("lines__amount", filter=Q(lines__direction=LineDirection.REVENUE)), zero),
        expenditure=Coalesce(
            Sum("lines__amount", filter=Q(lines__direction=LineDirection.EXPENDITURE)), zero
        ),
    ).order_by("date", "id")


@dataclass(frozen=True)
class LineRow:
    """A line of the version page, with what the plan in force says for it (execution reports only)."""

    line: BudgetLine
    planned: Decimal | None

    @property
    def above_plan(self) -> bool:
        return self.planned is not None and self.line.amount > self.planned


@dataclass(frozen=True)
class VersionSection:
    title: str
    rows: list[LineRow]
    total: Decimal


@dataclass(frozen=True)
class VersionLines:
    plan: BudgetVersion | None
    sections: list[VersionSection]

    @property
    def balance(self) -> Decimal:
        revenue, expenditure = (section.total for section in self.sections)
        return revenue - expenditure


def version_lines(version: BudgetVersion) -> VersionLines:
    """The lines of a version in code order, by direction, with totals; for an execution report also the
    plan in force and its amount for each line (three queries at most)."""
    lines = version.lines.select_related("code", "economic").order_by(
        "direction", "code__sort_order", "code__code", "economic__sort_order"
    )
    plan, planned = plan_amounts(version)
    rows: dict[str, list[LineRow]] = {direction: [] for direction in LineDirection.values}
    totals = dict.fromkeys(LineDirection.values, Decimal(0))
    for line in lines:
        amount = planned.get((line.code_id, line.economic_id), Decimal(0)) if plan is not None else None
        rows[line.direction].append(LineRow(line, amount))
        totals[line.direction] += line.amount
    sections = [
        VersionSection(str(LineDirection(direction).label), rows[direction], totals[direction])
        for direction in (LineDirection.REVENUE, LineDirection.EXPENDITURE)
    ]
    return VersionLines(plan, sections)


@dataclass(frozen=True)
class Change:
    """One line of a comparison of two versions."""

    key: str
    status: str  # "added", "removed", "changed", "same"
    line: BudgetLine
    before: Decimal | None
    after: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


def version_changes(a: BudgetVersion, b: BudgetVersion) -> list[Change]:
    """The lines of `a` and `b` side by side by key: added in b, removed from a, changed or the same, in
    code order (two queries)."""
    lines_a = {line.key: line for line in a.lines.select_related("code", "economic")}
    lines_b = {line.key: line for line in b.lines.select_related("code", "economic")}
    changes = []
    for key in lines_a.keys() | lines_b.keys():
        before, after = lines_a.get(key), lines_b.get(key)
        if before is None:
            status = "added"
        elif after is None:
            status = "removed"
        else:
            status = "same" if before.amount == after.amount else "changed"
        line = after or before
        assert line is not None
        changes.append(
            Change(key, status, line, before.amount if before else None, after.amount if after else None)
        )

    def order(change: Change) -> tuple[Any, ...]:
        economic = change.line.economic
        return (
            change.line.direction,
            change.line.code.sort_order,
            economic.sort_order if economic is not None else 0,
        )

    return sorted(changes, key=order)
