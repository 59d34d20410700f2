"""Helpers for tests of every app: a budget with a version and its lines in one call.

from kenesh.budgets.testing import budget_make, version_make
budget = budget_make(municipality, 2025, lines=[("1132", 1_200_000), ("7091", "2111", 800_000)])
amendment = version_make(budget, VersionKind.AMENDMENT, number=1, lines=[...])

A line is ``(revenue code, amount)`` or ``(function code, economic code, amount)``; amounts are anything
`Decimal` takes. Codes come from the shipped classification (kenesh/budgets/data/classification.csv).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kenesh.budgets.classification import DATA_FILE, classification_apply, classification_rows_read
from kenesh.budgets.models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    Classification,
    ClassificationKind,
    ExecutionPeriod,
    LineDirection,
    VersionKind,
)

LineSpec = Sequence[Any]

# Dates a version of each kind usually has, as (month, day) of the budget year (drafts: the year before).
_USUAL_DATES = {
    VersionKind.DRAFT: (-1, 11, 1),
    VersionKind.APPROVED: (-1, 12, 20),
    VersionKind.AMENDMENT: (0, 6, 15),
}
_PERIOD_ENDS = {
    ExecutionPeriod.Q1: (0, 4, 15),
    ExecutionPeriod.Q2: (0, 7, 15),
    ExecutionPeriod.Q3: (0, 10, 15),
    ExecutionPeriod.YEAR: (1, 2, 15),
}


def classification_ensure() -> None:
    """Load the shipped classification if the table is empty (a transactional test flushed it)."""
    if not Classification.objects.exists():
        with transaction.atomic():
            classification_apply(
                Classification, classification_rows_read(DATA_FILE.read_text(encoding="utf-8"))
            )


def classification_get(kind: str, code: str) -> Classification:
    classification_ensure()
    return Classification.objects.get(kind=kind, code=code)


def budget_make(
    municipality: Any,
    year: int,
    lines: Iterable[LineSpec] | None = None,
    *,
    kind: str = VersionKind.APPROVED,
    published: bool = True,
    population: int | None = None,
    summary: str = "",
) -> Budget:
    """A budget of `municipality` for `year`; with `lines` (even empty), also one version of `kind`
    (published unless told otherwise) carrying them."""
    budget = Budget.objects.create(
        municipality=municipality,
        year=year,
        population=population,
        summary_ky=summary,
        summary_ru=summary,
        summary_en=summary,
    )
    if lines is not None:
        version_make(budget, kind, lines=lines, published=published)
    return budget


def version_make(
    budget: Budget,
    kind: str = VersionKind.APPROVED,
    *,
    number: int | None = None,
    period: str = "",
    date: datetime.date | None = None,
    lines: Iterable[LineSpec] = (),
    published: bool = True,
    act_title: str = "",
    act_title_ru: str = "",
) -> BudgetVersion:
    """A version of `budget` with `lines`; amendments are numbered after the last one, execution reports
    default to the annual period."""
    if kind == VersionKind.AMENDMENT and number is None:
        number = budget.versions.filter(kind=VersionKind.AMENDMENT).count() + 1
    if kind == VersionKind.EXECUTION and not period:
        period = ExecutionPeriod.YEAR
    if date is None:
        shift, month, day = (
            _PERIOD_ENDS[ExecutionPeriod(period)] if period else _USUAL_DATES[VersionKind(kind)]
        )
        date = datetime.date(budget.year + shift, month, day)
    version = BudgetVersion.objects.create(
        budget=budget,
        kind=kind,
        number=number or 0,
        period=period,
        date=date,
        act_title=act_title,
        act_title_ru=act_title_ru,
        published_at=timezone.now() if published else None,
    )
    lines_add(version, lines)
    return version


def lines_add(version: BudgetVersion, lines: Iterable[LineSpec]) -> list[BudgetLine]:
    """Add `lines` (see the module docstring) to `version`."""
    classification_ensure()
    codes = {(item.kind, item.code): item for item in Classification.objects.all()}
    made = []
    for spec in lines:
        if len(spec) == 2:
            code, amount = spec
            made.append(
                BudgetLine(
                    version=version,
                    direction=LineDirection.REVENUE,
                    code=codes[(ClassificationKind.REVENUE, str(code))],
                    amount=Decimal(str(amount)),
                )
            )
        else:
            function, economic, amount = spec
            made.append(
                BudgetLine(
                    version=version,
                    direction=LineDirection.EXPENDITURE,
                    code=codes[(ClassificationKind.FUNCTION, str(function))],
                    economic=codes[(ClassificationKind.ECONOMIC, str(economic))],
                    amount=Decimal(str(amount)),
                )
            )
    return BudgetLine.objects.bulk_create(made)
