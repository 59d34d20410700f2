"""Public pages of a process: the list of processes and one process with its phases and proposals."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kenesh.pb import selectors
from kenesh.pb.ballots import has_voted
from kenesh.pb.models import PHASE_ORDER, Phase, Process
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
    context = {
        "process": process,
        "phases": phases,
        "phase_summary": PHASES[process.phase].summary,
        "proposals": selectors.proposals_public(process=process),
        "can_submit": allows(process, Action.SUBMIT_PROPOSAL),
        "can_vote": allows(process, Action.VOTE),
        "shows_results": allows(process, Action.SHOW_RESULTS),
        "has_voted": has_voted(process=process, user=request.user),
        "can_manage": request.user.has_perm("pb.manage_process", process),
        "checks_receipts": process.phase_index >= PHASE_ORDER.index(Phase.VOTING),
    }
    return render(request, "pb/process_detail.html", context)
