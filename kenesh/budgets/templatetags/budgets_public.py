"""`{% load budgets_public %}`: figures of the public budget pages that need an argument.

{{ figures|function_pc:"709" }}   spending per person on a top-level function, in whole som, or "—"
"""

from __future__ import annotations

from django import template

from kenesh.budgets.selectors import BudgetFigures
from kenesh.web import l10n

register = template.Library()


@register.filter
def function_pc(figures: BudgetFigures, code: str) -> str:
    value = figures.function_per_capita(str(code))
    return "—" if value is None else l10n.format_som(value, decimals=0)
