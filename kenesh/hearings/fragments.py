"""What the hearings app adds to the plans app's pages through kenesh.ops.fragments (plans never imports
hearings): under each item of a public action plan, the hearing proposals that led to it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.template.loader import render_to_string

from kenesh.hearings.models import HearingProposal
from kenesh.hearings.selectors import public_hearings

# The proposals of a whole plan are read once per request (one query), then each item takes its own.
_MEMO = "_hearings_proposals_by_plan"


def _proposals_of_plan(plan_id: int) -> dict[int, list[HearingProposal]]:
    found: dict[int, list[HearingProposal]] = defaultdict(list)
    proposals = (
        HearingProposal.objects.filter(plan_item__plan_id=plan_id, hearing__in=public_hearings())
        .select_related("hearing__municipality")
        .order_by("hearing__date", "hearing_id", "number")
    )
    for proposal in proposals:
        if proposal.plan_item_id is not None:
            found[proposal.plan_item_id].append(proposal)
    return found


def plan_item_proposals(request: Any, item: Any) -> str:
    """For an item of the joint action plan (kenesh.plans PlanItem): the hearing proposals it came from."""
    if item is None or getattr(item, "pk", None) is None:
        return ""
    memo: dict[int, dict[int, list[HearingProposal]]] | None = getattr(request, _MEMO, None)
    if memo is None:
        memo = {}
        if request is not None:
            setattr(request, _MEMO, memo)
    if item.plan_id not in memo:
        memo[item.plan_id] = _proposals_of_plan(item.plan_id)
    proposals = memo[item.plan_id].get(item.pk)
    if not proposals:
        return ""
    return render_to_string(
        "hearings/_plan_item_proposals.html", {"proposals": proposals, "item": item}, request=request
    )
