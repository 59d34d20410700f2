"""Public pages of a process: the list of processes and one process with its phases and proposals."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kenesh.pb import selectors
from kenesh.pb.ballot_rules import ballot_rules
from kenesh.pb.ballots import has_voted
from kenesh.pb.models import PHASE_ORDER, Phase, Process, Proposal, ProposalStatus
from kenesh.pb.phases import PHASES, Action, allows


def process_public_get(process_id: int) -> Process:
    """A process citizens may see: drafts are not public (404)."""
    try:
        process = selectors.process_get(process_id=process_id)
    except Process.DoesNotExist:
        raise Http404(process_id) from None
    if not PHASES[process.phase].public:
        raise Http404(process_id)
    return process


def proposal_status_mark(proposal: Proposal, outcomes: dict[int, bool]) -> None:
    """Set `status_key` and `status_text` on a proposal: once results are published, a proposal on the
    ballot is "selected" or "not selected" (the vote is over), not "on the ballot"."""
    funded = outcomes.get(proposal.pk)
    if funded is None or proposal.status != ProposalStatus.ON_BALLOT:
        proposal.status_key = proposal.status  # type: ignore[attr-defined]
        proposal.status_text = proposal.get_status_display()  # type: ignore[attr-defined]
        return
    proposal.status_key = "selected" if funded else "not_selected"  # type: ignore[attr-defined]
    proposal.status_text = (  # type: ignore[attr-defined]
        _("Selected by the vote: to be funded") if funded else _("Not selected in the vote")
    )


def process_list(request: HttpRequest) -> HttpResponse:
    return render(request, "pb/process_list.html", {"processes": selectors.process_list_public()})


def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    process = process_public_get(process_id)
    phases = [
        {
            "value": phase,
            "label": Phase(phase).label,
            "current": phase == process.phase,
            "done": index < process.phase_index,
        }
        for index, phase in enumerate(PHASE_ORDER)
        if phase != Phase.DRAFT
    ]
    proposals = list(selectors.proposals_public(process=process))
    can_submit = allows(process, Action.SUBMIT_PROPOSAL)
    outcomes = selectors.published_outcomes(process=process)
    for proposal in proposals:
        proposal_status_mark(proposal, outcomes)
    context = {
        "process": process,
        "phases": phases,
        "phase_summary": PHASES[process.phase].summary,
        "ballot_rules": ballot_rules(
            process, n_projects=sum(p.status == ProposalStatus.ON_BALLOT for p in proposals)
        ),
        "proposals": proposals,
        "has_implementation": bool(outcomes) and selectors.has_implementation(process=process),
        "can_submit": can_submit,
        # Under a process that takes no proposals now: where the municipality collects them next.
        "next_collection": None if can_submit else selectors.next_collection(process),
        "can_vote": allows(process, Action.VOTE),
        "shows_results": allows(process, Action.SHOW_RESULTS),
        "has_voted": has_voted(process=process, user=request.user),
        "can_manage": request.user.has_perm("pb.manage_process", process),
        "checks_receipts": process.phase_index >= PHASE_ORDER.index(Phase.VOTING),
    }
    return render(request, "pb/process_detail.html", context)
