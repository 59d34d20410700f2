"""What the plans app adds to other apps' pages through kenesh.ops.fragments: the budget line page says which
priority the line serves; the priorities page says what the plan does for each priority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from kenesh.plans import selectors


def budget_line_priorities(request: Any, line: Any) -> str:
    """For a budget line (kenesh.budgets BudgetLine): the plan items it funds and their priorities."""
    if line is None or getattr(line, "pk", None) is None:
        return ""
    municipality_id = line.version.budget.municipality_id
    items = selectors.items_for_line(municipality_id, line.key)
    if not items:
        return ""
    return render_to_string("plans/_line_priorities.html", {"items": items, "line": line}, request=request)


def needs_priority_items(request: Any, campaign: Any) -> str:
    """For a published needs assessment: each priority's plan items, with their progress."""
    found = selectors.items_by_priority(campaign.pk)
    if not found:
        return ""
    priorities = {priority.pk: priority for priority in campaign.priorities.select_related("category")}
    rows = [
        (priorities[priority_id], items) for priority_id, items in found.items() if priority_id in priorities
    ]
    rows.sort(key=lambda row: row[0].rank or 999)
    return render_to_string(
        "plans/_priority_items.html", {"rows": rows, "campaign": campaign}, request=request
    )


@dataclass(frozen=True)
class LineLink:
    url: str
    title: str


def budget_version_links(version: Any) -> dict[str, list[LineLink]]:
    """For the citizen's budget of a year: each line's plan items of that year, with priority (one query)."""
    budget = version.budget
    links: dict[str, list[LineLink]] = {}
    for item in selectors.items_of_year(budget.municipality_id, budget.year):
        url = reverse("plans:plan", kwargs={"coate": item.plan.municipality.coate, "year": item.plan.year})
        if item.priority is not None and item.priority.rank:
            title = _("Action plan, priority %(rank)s (%(category)s): %(item)s") % {
                "rank": item.priority.rank,
                "category": item.priority.category.name,
                "item": item.title,
            }
        else:
            title = _("Action plan: %(item)s") % {"item": item.title}
        links.setdefault(item.budget_line_key, []).append(LineLink(f"{url}#item-{item.pk}", title))
    return links
