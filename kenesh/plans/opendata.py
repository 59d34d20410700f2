"""Open data of an approved joint action plan: its items with their priority, budget line, cost by source,
status and progress (no personal data: the responsible is a post or a body, members are not exported)."""

from __future__ import annotations

import csv
import io
from typing import Any

from kenesh.plans.models import Plan, PlanItem

ITEM_FIELDS = [
    "item",
    "title_ky",
    "title_ru",
    "priority_rank",
    "priority_category",
    "responsible",
    "deadline",
    "budget_line_key",
    "cost_local",
    "cost_community",
    "cost_donor",
    "donor_name",
    "cost_republican",
    "cost_total",
    "status",
    "progress",
    "pb_process",
    "pb_project_number",
]


def item_row(item: PlanItem) -> dict[str, Any]:
    return {
        "item": item.pk,
        "title_ky": item.title_ky,
        "title_ru": item.title_ru,
        "priority_rank": item.priority.rank if item.priority else None,
        "priority_category": item.priority.category.key if item.priority else "",
        "responsible": item.responsible,
        "deadline": item.deadline.isoformat(),
        "budget_line_key": item.budget_line_key,
        "cost_local": str(item.cost_local),
        "cost_community": str(item.cost_community),
        "cost_donor": str(item.cost_donor),
        "donor_name": item.donor_name,
        "cost_republican": str(item.cost_republican),
        "cost_total": str(item.cost_total),
        "status": item.status,
        "progress": item.progress,
        "pb_process": item.pb_proposal.process_id if item.pb_proposal else None,
        "pb_project_number": item.pb_proposal.number if item.pb_proposal else None,
    }


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def items_csv(items: list[PlanItem]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ITEM_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        writer.writerow({k: _safe(v) if isinstance(v, str) else v for k, v in item_row(item).items()})
    return buffer.getvalue()


def plan_json(plan: Plan, items: list[PlanItem]) -> dict[str, Any]:
    return {
        "municipality": {
            "coate": plan.municipality.coate,
            "name_ky": plan.municipality.name_ky,
            "name_ru": plan.municipality.name_ru,
        },
        "year": plan.year,
        "licence": {"name": plan.licence},
        "approved_on": plan.approved_on.isoformat() if plan.approved_on else None,
        "needs_assessment_year": plan.campaign.year if plan.campaign else None,
        "modified": last_modified(plan).isoformat(),
        "items": [item_row(item) for item in items],
    }


def last_modified(plan: Plan) -> Any:
    return max(moment for moment in (plan.modified_at, plan.published_at) if moment is not None)
