"""Back-office pages of participatory budgeting: processes, phases, review, codes, paper ballots, turnout."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.models import User
from kenesh.accounts.selectors import municipalities_managed_by
from kenesh.ops.access import office_required, require_perm
from kenesh.pb import selectors, services
from kenesh.pb.ballots import BallotRejected, choices_parse
from kenesh.pb.desk import desk_issue, desk_pdf
from kenesh.pb.forms import (
    DeskIssueForm,
    MergeForm,
    PaperEntryForm,
    PhaseForm,
    ProcessForm,
    ProposalForm,
    RejectForm,
    ReviewForm,
)
from kenesh.pb.models import PaperBallot, Process, Proposal
from kenesh.pb.paper import paper_entry_add
from kenesh.pb.phases import PHASES, Action, allows, next_phase, process_phase_move
from kenesh.pb.services import PROCESS_FIELDS
from kenesh.pb.views_proposals import PROPOSAL_FIELDS, actor_of
from kenesh.territory.models import Municipality

MANAGE = "pb.manage_process"
ISSUE = "pb.issue_ballots"


def _process_access(request: HttpRequest, process_id: int, permission: str = MANAGE) -> Process:
    try:
        process = selectors.process_get(process_id=process_id)
    except Process.DoesNotExist:
        raise Http404(process_id) from None
    require_perm(request, permission, process)
    return process


def _apply(form: BaseForm, action: Any) -> Any:
    """Run a service; its ValidationError or BallotRejected lands on the form, which keeps what was typed."""
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        form_errors_add(form, error)
    except BallotRejected as rejection:
        form.add_error(None, str(rejection))
    return None


@office_required
def office_index(request: HttpRequest) -> HttpResponse:
    managed = [m for m in municipalities_managed_by(user=request.user) if request.user.has_perm(MANAGE, m)]
    context = {"processes": selectors.processes_managed_by(user=request.user), "municipalities": managed}
    return render(request, "pb/office/index.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_process_new(request: HttpRequest) -> HttpResponse:
    try:
        municipality = Municipality.objects.current().get(coate=request.GET.get("m", ""))
    except Municipality.DoesNotExist:
        raise Http404("municipality") from None
    require_perm(request, MANAGE, municipality)
    form = ProcessForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        process = _apply(
            form,
            lambda data: services.process_create(
                actor=actor_of(request),
                municipality=municipality,
                **{name: data[name] for name in PROCESS_FIELDS},
            ),
        )
        if process is not None:
            messages.success(request, _("The process is created as a draft."))
            return redirect("pb:office_process", process_id=process.pk)
    context = {"form": form, "heading": _("New process"), "municipality": municipality, "process": None}
    return render(request, "pb/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_process_edit(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_access(request, process_id)
    form = ProcessForm(
        request.POST or None, instance=None, initial=_initial(process), municipality=process.municipality
    )
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.process_update(
                actor=actor_of(request), process=process, **{name: data[name] for name in PROCESS_FIELDS}
            ),
        )
        if saved is not None:
            messages.success(request, _("The settings are saved."))
            return redirect("pb:office_process", process_id=process.pk)
    context = {
        "form": form,
        "heading": _("Settings"),
        "municipality": process.municipality,
        "process": process,
    }
    return render(request, "pb/office/form.html", context)


def _initial(process: Process) -> dict[str, Any]:
    return {name: getattr(process, name) for name in PROCESS_FIELDS}


@office_required
def office_process(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_access(request, process_id)
    context = {
        "process": process,
        "phase_rules": PHASES[process.phase],
        "next_phase": next_phase(process),
        "phase_form": PhaseForm(process=process),
        "proposals": selectors.proposals_for_review(process=process),
        "phase_changes": process.phase_changes.select_related("actor"),
        "can_review": allows(process, Action.REVIEW),
        "can_enter_paper": request.user.has_perm("pb.enter_paper_ballots", process),
        "can_see_participation": request.user.has_perm("pb.view_participation", process),
        "can_issue": request.user.has_perm(ISSUE, process),
    }
    return render(request, "pb/office/process.html", context)


@office_required
@require_POST
def office_phase_move(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_access(request, process_id)
    form = PhaseForm(request.POST, process=process)
    if not form.is_valid():
        messages.error(request, _("Choose a later phase."))
    else:
        try:
            process_phase_move(
                actor=actor_of(request), process=process, to_phase=form.cleaned_data["to_phase"]
            )  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The process moved to the phase “%(phase)s”.") % {"phase": process.get_phase_display()},
            )
    return redirect("pb:office_process", process_id=process.pk)


def _proposal_of(process: Process, number: int) -> Proposal:
    try:
        return process.proposals.select_related("merged_into", "author", "village").get(number=number)
    except Proposal.DoesNotExist:
        raise Http404(number) from None


@office_required
@require_http_methods(["GET", "POST"])
def office_proposal(request: HttpRequest, process_id: int, number: int) -> HttpResponse:
    """Review one proposal: feasibility and final cost, reject with a public reason, or merge a duplicate."""
    process = _process_access(request, process_id)
    proposal = _proposal_of(process, number)
    action = request.POST.get("form") if request.method == "POST" else None
    review = ReviewForm(
        request.POST if action == "review" else None,
        initial={
            "feasibility_note": proposal.feasibility_note,
            "final_cost": proposal.final_cost,
            "on_ballot": proposal.status == "on_ballot",
        },
    )
    reject = RejectForm(
        request.POST if action == "reject" else None,
        initial={"reason_ky": proposal.rejection_reason_ky, "reason_ru": proposal.rejection_reason_ru},
    )
    merge = MergeForm(request.POST if action == "merge" else None, proposal=proposal)
    writes = {
        "review": (
            review,
            lambda d: services.proposal_review(actor=actor_of(request), proposal=proposal, **d),
            _("The review is saved."),
        ),
        "reject": (
            reject,
            lambda d: services.proposal_reject(actor=actor_of(request), proposal=proposal, **d),
            _("The proposal is rejected; the reason is public."),
        ),
        "merge": (
            merge,
            lambda d: services.proposal_merge(actor=actor_of(request), proposal=proposal, into=d["into"]),
            _("The proposal is merged."),
        ),
    }
    if action in writes:
        form, write, saved = writes[action]
        if form.is_valid() and _apply(form, write) is not None:
            messages.success(request, saved)
            return redirect("pb:office_process", process_id=process.pk)
    context = {
        "process": process,
        "proposal": proposal,
        "review": review,
        "reject": reject,
        "merge": merge,
        "can_review": allows(process, Action.REVIEW),
    }
    return render(
        request,
        "pb/office/proposal.html",
        context,
        status=400 if action and request.method == "POST" else 200,
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_proposal_new(request: HttpRequest, process_id: int) -> HttpResponse:
    """Staff enter a proposal for an initiative group (from paper, a meeting, a needs assessment)."""
    process = _process_access(request, process_id)
    form = ProposalForm(request.POST or None, request.FILES or None, process=process, staff=True)
    if request.method == "POST" and form.is_valid():
        proposal = _apply(
            form,
            lambda d: services.proposal_submit(
                author=None,
                entered_by=actor_of(request),
                process=process,
                photos=d["photos"],
                initiative_group=d.get("initiative_group", ""),
                **{name: d[name] for name in PROPOSAL_FIELDS},
            ),
        )
        if proposal is not None:
            messages.success(
                request, _("The proposal is entered as number %(number)s.") % {"number": proposal.number}
            )
            return redirect("pb:office_process", process_id=process.pk)
    return render(request, "pb/office/proposal_new.html", {"process": process, "form": form})


@sensitive_post_parameters("pin")  # an error report must not show a person's PIN
@office_required
@require_http_methods(["GET", "POST"])
def office_desk(request: HttpRequest, process_id: int) -> HttpResponse:
    """The desk: find a resident (or record a person by PIN) and hand them a voting code or a paper ballot.

    A successful hand-out answers with the slip to print (PDF): the only place a plain code ever appears.
    """
    process = _process_access(request, process_id, ISSUE)
    query = request.GET.get("q", "").strip()[:100]
    form = DeskIssueForm(request.POST or None, process=process)
    chosen = None
    if request.method == "POST":
        chosen = _desk_account(process, request.POST.get("account"))
        if form.is_valid():
            issued = _apply(
                form,
                lambda d: desk_issue(
                    actor=actor_of(request),
                    process=process,
                    credential=d["credential"],
                    user=chosen,
                    pin="" if chosen is not None else d["pin"],
                    full_name="" if chosen is not None else d["full_name"],
                    village=None if chosen is not None else d["village"],
                    override=d["override"],
                ),
            )
            if issued is not None:
                vote_url = request.build_absolute_uri(
                    reverse("pb:code_enter", kwargs={"process_id": process.pk})
                )
                response = HttpResponse(desk_pdf(issued, vote_url=vote_url), content_type="application/pdf")
                kind = "code" if issued.code else "paper"
                response["Content-Disposition"] = (
                    f'attachment; filename="{kind}-{process.pk}-{issued.holder.pk}.pdf"'
                )
                response["Cache-Control"] = "no-store"
                return response
    context = {
        "process": process,
        # One form is posted at a time: the other section shows an empty one.
        "pin_form": form if chosen is None else DeskIssueForm(process=process),
        "account_form": form if chosen is not None else None,
        "q": query,
        "chosen": chosen,
        "found": selectors.desk_residents(process=process, query=query) if query else None,
        "summary": selectors.desk_summary(process=process),
    }
    return render(request, "pb/office/desk.html", context, status=400 if form.errors else 200)


def _desk_account(process: Process, value: str | None) -> Any:
    """The resident account chosen from the search, or None (a person recorded by PIN).

    Only a resident the desk search would find: any other id is unknown here, so that no account's name
    (of another municipality, or an administrator's) is shown to this desk.
    """
    if not value:
        return None
    try:
        return selectors.desk_resident(process=process, user_id=int(value))
    except (ValueError, OverflowError, User.DoesNotExist):
        raise Http404("account") from None


@office_required
@sensitive_post_parameters()  # an error report must not show a paper ballot's reading
@require_http_methods(["GET", "POST"])
def office_paper(request: HttpRequest, process_id: int) -> HttpResponse:
    """Type in paper ballots; each must be typed again by another staff member before it counts."""
    process = _process_access(request, process_id, "pb.enter_paper_ballots")
    form = PaperEntryForm(
        request.POST or None, process=process, initial={"serial": request.GET.get("serial", "")}
    )
    if request.method == "POST" and form.is_valid():
        paper = _apply(
            form,
            lambda d: paper_entry_add(
                actor=actor_of(request),
                process=process,
                serial=d["serial"],
                choices=choices_parse(process, d["choices"]),
                village=d["village"],
            ),
        )
        if paper is not None:
            messages.success(request, _status_message(paper))
            return redirect("pb:office_paper", process_id=process.pk)
    counts = selectors.paper_counts(process=process)
    context = {
        "process": process,
        "form": form,
        "can_enter": allows(process, Action.ENTER_PAPER),
        "counts": counts,
        "counted": counts.get("matched", 0) + counts.get("resolved", 0),
        "mismatches": selectors.paper_mismatches(process=process),
    }
    return render(request, "pb/office/paper.html", context, status=400 if form.errors else 200)


def _status_message(paper: PaperBallot) -> str:
    names = {"serial": paper.serial}
    if paper.status == "pending":
        return _("Paper ballot %(serial)s is entered once; another staff member must enter it again.") % names
    if paper.status == "mismatch":
        return _("The two entries of paper ballot %(serial)s differ: enter the reading of the paper.") % names
    return _("Paper ballot %(serial)s is counted.") % names


@office_required
def office_participation(request: HttpRequest, process_id: int) -> HttpResponse:
    """Who voted and by which channel; never how (this page reads no ballot)."""
    process = _process_access(request, process_id, "pb.view_participation")
    name = request.GET.get("q", "").strip()[:100]
    listing = selectors.participation_page(
        process=process,
        name=name,
        page=request.GET.get("page", 1),
        register_page=request.GET.get("rpage", 1),
    )
    context = {"process": process, "listing": listing, "q": name}
    return render(request, "pb/office/participation.html", context)


@office_required
def office_moderation(request: HttpRequest) -> HttpResponse:
    """What people posted lately, to hide or restore from the proposal's page."""
    if not request.user.has_perm("moderation.moderate") and not any(
        request.user.has_perm("moderation.moderate", m) for m in municipalities_managed_by(user=request.user)
    ):
        require_perm(request, "moderation.moderate")
    proposals, comments = selectors.moderation_queue(user=request.user)
    return render(request, "pb/office/moderation.html", {"proposals": proposals, "comments": comments})
