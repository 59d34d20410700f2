"""The ballot page, for signed-in residents and for holders of a voting code; plain form posts, no JS needed.

"Check" (action=preview) re-renders the filled-in ballot with the money or points left, checks it
against the format's rules (what is wrong, or that it is ready to cast), keeps every mark and the age
declaration, and writes nothing; "Cast" (action=cast) goes through `ballot_cast`. A refused ballot
comes back with the message and with every mark the voter made. A cast ballot's receipt is shown once,
in the message of the next page (a signed cookie, not stored by us); anyone may check a receipt on the
process's receipt page.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from kenesh.ops.limits import TOO_MANY_STATUS
from kenesh.pb.ballot_rules import ballot_rules
from kenesh.pb.ballots import (
    BallotRejected,
    Identity,
    VoterProfile,
    ballot_cast,
    ballot_proposals,
    choices_problem,
    eligibility_problem,
    needs_age_declaration,
    voter_key_of,
)
from kenesh.pb.codes import code_attempt_failed, code_attempts_exhausted, code_find, code_vote
from kenesh.pb.forms import CodeEntryForm, ReceiptCheckForm
from kenesh.pb.models import PHASE_ORDER, Ballot, BallotFormat, Phase, Process, VotingCode
from kenesh.pb.phases import Action, allows
from kenesh.pb.receipts import receipt_format
from kenesh.pb.selectors import receipt_recorded
from kenesh.pb.views_process import process_public_get
from kenesh.web.bilingual import localized, render_inline
from kenesh.web.l10n import format_number, format_som

CODE_SESSION_KEY = "pb_code"
MONEY_SAMPLE = 1_234_567
MAX_CODE_ATTEMPTS = 20  # wrong codes per session before the page stops trying


def choices_from_post(process: Process, data: Mapping[str, Any]) -> dict[int, int]:
    """The marks of the submitted ballot form as {number: value}; BallotRejected for non-numbers."""
    fmt = process.ballot_format
    bad = BallotRejected(
        _("Some marks on the ballot could not be read. Check them and try again."), "bad_value"
    )
    choices: dict[int, int] = {}
    try:
        if fmt in (BallotFormat.APPROVAL, BallotFormat.KNAPSACK):
            for value in data.getlist("choice") if hasattr(data, "getlist") else data.get("choice", []):
                choices[int(value)] = 1
        else:
            prefix = "points_" if fmt == BallotFormat.CUMULATIVE else "rank_"
            for key, value in data.items():
                if key.startswith(prefix) and str(value).strip():
                    amount = int(str(value).strip())
                    if amount < 0:
                        raise bad
                    if amount:
                        choices[int(key.removeprefix(prefix))] = amount
    except ValueError:
        raise bad from None
    return choices


def ballot_rows(process: Process, proposals: list[Any], choices: Mapping[int, int]) -> list[dict[str, Any]]:
    """One row per project, with what the template would otherwise compute per row (link, cost text).

    The ballot page is the busiest page of a vote: reversing a URL, formatting money and translating a
    sentence once per project in Python costs a fraction of doing it in template tags.
    """
    about = _("About project %(number)s")
    return [
        {
            "proposal": proposal,
            "number": proposal.number,
            "title": render_inline(localized(proposal, "title")),
            "url": reverse("pb:proposal", kwargs={"process_id": process.pk, "number": proposal.number}),
            "cost_text": format_som(proposal.cost, decimals=0),
            "cost_plain": str(int(proposal.cost)),
            "about": about % {"number": proposal.number},
            "value": choices.get(proposal.number),
            "checked": proposal.number in choices,
        }
        for proposal in proposals
    ]


def stored_choices(process: Process, identity: Identity) -> dict[int, int] | None:
    """The voter's own stored ballot as {number: value} (rank or points) in one query; None: not voted.

    Shown back only to the voter whose identity it is (the key is the HMAC of that identity).
    """
    rows = list(
        Ballot.objects.filter(process=process, voter_key=voter_key_of(identity.key)).values_list(
            "choices__proposal__number", "choices__rank", "choices__points"
        )
    )
    if not rows:
        return None
    return {number: rank or points for number, rank, points in rows if number is not None}


def ballot_totals(process: Process, proposals: list[Any], choices: Mapping[int, int]) -> dict[str, Any]:
    """Money spent and left (knapsack), points given and left (cumulative), projects chosen; what is over."""
    spent = sum((p.cost for p in proposals if p.number in choices), Decimal(0))
    points = sum(choices.values()) if process.ballot_format == BallotFormat.CUMULATIVE else 0
    return {
        "chosen": len(choices),
        "too_many": process.max_choices is not None and len(choices) > process.max_choices,
        "spent": spent,
        "left": process.budget - spent,
        "over": spent > process.budget,
        "points": points,
        "points_left": process.points_total - points,
        "points_over": points > process.points_total,
    }


def _warnings(process: Process) -> dict[str, str]:
    """What the live tally says when a limit is passed (shown by the server too, so also without JS)."""
    warnings = {
        "points_over": _("Too many points: you have %(total)s to distribute.")
        % {"total": format_number(process.points_total)},
    }
    if process.max_choices is not None:
        warnings["too_many"] = ngettext(
            "Too many projects: choose at most %(count)s.",
            "Too many projects: choose at most %(count)s.",
            process.max_choices,
        ) % {"count": format_number(process.max_choices)}
    return warnings


def _render_ballot(
    request: HttpRequest,
    process: Process,
    *,
    choices: Mapping[int, int],
    mode: str,
    error: str = "",
    preview: bool = False,
    stored: Mapping[int, int] | None = None,
    declaration: bool = False,
    declared: bool = False,
    status: int = 200,
) -> HttpResponse:
    proposals = ballot_proposals(process)
    # "Check my choice": the format's rules, as a cast would apply them; what is wrong, or that it is ready.
    problem = choices_problem(process, choices, proposals) if preview else None
    if problem:
        error = problem
    rank_options = range(1, (process.max_choices or len(proposals)) + 1)
    ranked = process.ballot_format == BallotFormat.RANKED
    place = _("place %(rank)s")
    context = {
        "process": process,
        "mode": mode,
        "rows": ballot_rows(process, proposals, choices),
        "totals": ballot_totals(process, proposals, choices),
        "error": error,
        "preview": preview,
        "check_passed": preview and problem is None,
        "rules": ballot_rules(process, n_projects=len(proposals)),
        "warnings": _warnings(process),
        "stored": stored,
        "stored_rows": [p for p in proposals if stored and p.number in stored],
        "budget_plain": str(int(process.budget)),
        "declaration": declaration,
        "declared": declared,
        "rank_options": rank_options,
        "rank_labels": [(rank, place % {"rank": rank}) for rank in rank_options] if ranked else [],
        "not_ranked": _("not ranked"),
        "points_cap": process.max_points_per_project or process.points_total,
        "costs_matter": process.ballot_format == BallotFormat.KNAPSACK,
        # The script formats money as the server does: grouping and unit read from this sample.
        "money_sample": format_som(MONEY_SAMPLE, decimals=0),
    }
    return render(request, "pb/ballot.html", context, status=status)


def _receipt_message(request: HttpRequest, receipt: str) -> None:
    messages.info(
        request,
        _(
            "Your receipt: %(receipt)s. Write it down: with it you can check on this vote's page "
            "(“Check my receipt”) that your ballot is recorded. It is shown only now."
        )
        % {"receipt": receipt_format(receipt)},
    )


@sensitive_post_parameters()  # an error report must not show the marks of a ballot
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, process_id: int) -> HttpResponse:
    """The web ballot of a signed-in resident (anyone may read it; voting needs a verified account)."""
    process = process_public_get(process_id)
    user = request.user
    if not user.is_authenticated:
        if request.method == "POST":
            return redirect(_login_url(request))
        return _render_ballot(request, process, choices={}, mode="anonymous")
    identity = Identity.of_user(user)  # type: ignore[arg-type]
    declaration = needs_age_declaration(process, user)  # type: ignore[arg-type]

    def page(*, choices: Mapping[int, int] | None = None, **kwargs: Any) -> HttpResponse:
        # The stored ballot is read only for a page that shows it: a cast that succeeds never needs it.
        stored = stored_choices(process, identity)
        kwargs.setdefault("mode", "web")
        kwargs.setdefault("declaration", declaration)
        return _render_ballot(
            request, process, choices=(stored or {}) if choices is None else choices, stored=stored, **kwargs
        )

    def ineligible() -> HttpResponse | None:
        """The page for a person who may not vote here (why, and the projects), or None."""
        problem = eligibility_problem(process, user) if allows(process, Action.VOTE) else None
        return page(choices={}, mode="ineligible", error=problem, declaration=False) if problem else None

    casting = request.method == "POST" and request.POST.get("action") == "cast"
    # A cast goes straight to ballot_cast, which checks eligibility itself (more strictly: with the age
    # declaration): checking it here first would cost the busiest request its queries twice.
    refusal = None if casting else ineligible()
    if refusal is not None:
        return refusal
    if request.method == "GET":
        return page()
    # The age declaration stays ticked on every page that comes back (a check, a refused cast).
    declared = request.POST.get("declare") == "1"
    try:
        choices = choices_from_post(process, request.POST)
    except BallotRejected as rejection:
        return (ineligible() if casting else None) or page(
            choices={}, error=str(rejection), declared=declared, status=400
        )
    if not casting:
        return page(choices=choices, preview=True, declared=declared)
    try:
        result = ballot_cast(
            process=process,
            identity=identity,
            channel="web",
            choices=choices,
            voter_profile=VoterProfile.of_user(user, declared_eligible=declared),  # type: ignore[arg-type]
        )
    except BallotRejected as rejection:
        return ineligible() or page(choices=choices, error=str(rejection), declared=declared, status=400)
    messages.success(
        request, _("Your ballot is changed.") if result.changed else _("Your ballot is recorded. Thank you!")
    )
    _receipt_message(request, result.receipt)
    return redirect("pb:ballot", process_id=process.pk)


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"


@require_http_methods(["GET", "POST"])
def code_enter(request: HttpRequest, process_id: int) -> HttpResponse:
    """Type the code from a slip; a valid, unused code opens the code ballot (the code is used on casting)."""
    process = process_public_get(process_id)
    form = CodeEntryForm(request.POST or None)
    limited = False
    if not allows(process, Action.VOTE):
        form.add_error(None, _("Voting is not open in this process."))
    elif request.method == "POST" and form.is_valid():
        attempts = int(request.session.get("pb_code_attempts", 0))
        if attempts >= MAX_CODE_ATTEMPTS or code_attempts_exhausted(request, process):
            form.add_error("code", _("Too many wrong codes. Ask the staff of the aiyl okmotu for help."))
            limited = True
        else:
            try:
                code = code_find(process=process, text=form.cleaned_data["code"])
            except BallotRejected as rejection:
                request.session["pb_code_attempts"] = attempts + 1
                code_attempt_failed(request, process)
                form.add_error("code", str(rejection))
            else:
                request.session[CODE_SESSION_KEY] = {"process": process.pk, "code": code.pk}
                return redirect("pb:code_ballot", process_id=process.pk)
    status = TOO_MANY_STATUS if limited else 400 if form.errors else 200
    return render(request, "pb/code_enter.html", {"process": process, "form": form}, status=status)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def code_ballot(request: HttpRequest, process_id: int) -> HttpResponse:
    process = process_public_get(process_id)
    held = request.session.get(CODE_SESSION_KEY) or {}
    if (
        held.get("process") != process.pk
        or not VotingCode.objects.filter(pk=int(held.get("code") or 0), used_at__isnull=True).exists()
    ):
        request.session.pop(CODE_SESSION_KEY, None)
        messages.error(request, _("Enter your voting code first."))
        return redirect("pb:code_enter", process_id=process.pk)
    if request.method == "GET":
        return _render_ballot(request, process, choices={}, mode="code")
    try:
        choices = choices_from_post(process, request.POST)
    except BallotRejected as rejection:
        return _render_ballot(request, process, choices={}, mode="code", error=str(rejection), status=400)
    if request.POST.get("action") != "cast":
        return _render_ballot(request, process, choices=choices, mode="code", preview=True)
    try:
        result = code_vote(process=process, code_id=int(held["code"]), choices=choices)
    except BallotRejected as rejection:
        return _render_ballot(
            request, process, choices=choices, mode="code", error=str(rejection), status=400
        )
    request.session.pop(CODE_SESSION_KEY, None)
    messages.success(request, _("Your ballot is recorded. Thank you!"))
    _receipt_message(request, result.receipt)
    return redirect("pb:process", process_id=process.pk)


@require_http_methods(["GET"])
def receipt_check(request: HttpRequest, process_id: int) -> HttpResponse:
    """Anyone may check a receipt: is a ballot with it recorded in this process? Nothing more is said."""
    process = process_public_get(process_id)
    form = ReceiptCheckForm(request.GET if "receipt" in request.GET else None)
    recorded = None
    if form.is_bound and form.is_valid():
        recorded = receipt_recorded(process=process, receipt=form.cleaned_data["receipt"])
    context = {
        "process": process,
        "form": form,
        "recorded": recorded,
        "voting_closed": process.phase_index > PHASE_ORDER.index(Phase.VOTING),
    }
    return render(request, "pb/receipt_check.html", context, status=400 if form.errors else 200)
