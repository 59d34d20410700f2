"""The budgets app's indicators (kenesh.ops.indicators): population, budget per capita, own-revenue share and
the execution rate of each published budget, from the plan in force and the annual report."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.budgets.selectors import BudgetFigures, ClassificationMap, _figures
from kenesh.ops import indicators as ind


def _budgets(units: Mapping[int, Any], years: Collection[int] | None) -> list[BudgetFigures]:
    version_filter = Q(budget__municipality_id__in=list(units))
    if years is not None:
        version_filter &= Q(budget__year__in=list(years))
    return _figures(version_filter=version_filter, codes=ClassificationMap.load())


def _each(figure: Callable[[BudgetFigures], ind.Figure | None]) -> ind.Compute:
    def compute(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
        result: dict[ind.Key, ind.Figure] = {}
        for item in _budgets(units, years):
            value = figure(item)
            if value is not None:
                result[(item.budget.municipality_id, item.year)] = value
        return result

    return compute


def _source(coate: str, year: int) -> str:
    return reverse("budgets:citizen", args=[coate, year])


def indicators_register() -> None:
    ind.indicator_register(
        ind.Indicator(
            key="population",
            name=pgettext_lazy("indicator", "Population"),
            unit=ind.PEOPLE,
            source="budgets",
            about_people=False,
            compute=_each(lambda item: ind.count(item.population)),
            source_url=_source,
            aggregate=ind.SUM,
            order=10,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="budget_per_capita",
            name=pgettext_lazy("indicator", "Budget expenditure per person"),
            unit=ind.SOM_PER_PERSON,
            source="budgets",
            about_people=False,
            compute=_each(lambda item: ind.ratio(item.expenditure, item.population)),
            source_url=_source,
            headline=True,
            order=20,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="own_revenue_share",
            name=pgettext_lazy("indicator", "Own revenue share"),
            unit=ind.SHARE,
            source="budgets",
            about_people=False,
            compute=_each(lambda item: ind.ratio(item.own_revenue, item.revenue)),
            source_url=_source,
            order=30,
        )
    )
    ind.indicator_register(
        ind.Indicator(
            key="execution_rate",
            name=pgettext_lazy("indicator", "Execution rate"),
            unit=ind.SHARE,
            source="budgets",
            about_people=False,
            compute=_each(lambda item: ind.ratio(item.executed_expenditure, item.expenditure)),
            source_url=_source,
            order=40,
        )
    )
