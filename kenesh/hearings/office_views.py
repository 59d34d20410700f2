"""Back-office pages of hearings: scheduling with the late-notice warning, materials, attendance, answers."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kenesh.accounts.access import municipality_for_office
from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.models import User
from kenesh.accounts.selectors import municipalities_managed_by
from kenesh.hearings import selectors, services
from kenesh.hearings.forms import (
    AnswerForm,
    AttendanceForm,
    DocumentForm,
    HearingForm,
    PolicyForm,
    ProposalForm,
    SummaryForm,
)
from kenesh.hearings.models import Hearing, HearingDocument
from kenesh.ops.access import office_required, require_perm
from kenesh.territory.models import Municipality

MANAGE = "hearings.manage_hearing"
ANSWER = "hearings.answer_proposal"


def actor_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _municipality(request: HttpRequest, coate: str, permission: str = MANAGE) -> Municipality:
    return cast(Municipality, municipality_for_office(request, coate, permission))


def _hearing(request: HttpRequest, pk: int, permission: str = MANAGE) -> Hearing:
    hearing = selectors.office_hearing_get(pk=pk)
    if hearing is None:
        raise Http404(pk)
    require_perm(request, permission, hearing)
    return hearing


def _apply(form: BaseForm, action: Any) -> Any:
    """Run a service; its ValidationError lands on the form, which keeps what was typed."""
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        form_errors_add(form, error)
    return None


def _warn_if_late(request: HttpRequest, hearing: Hearing) -> None:
    warning = services.late_notice_warning(hearing)
    if warning:
        messages.warning(request, warning)


@office_required
def office_index(request: HttpRequest) -> HttpResponse:
    managed = [m for m in municipalities_managed_by(user=request.user) if request.user.has_perm(MANAGE, m)]
    if len(managed) == 1:
        return redirect("hearings:office_municipality", coate=managed[0].coate)
    return render(request, "hearings/office/index.html", {"municipalities": managed})


@office_required
def office_municipality(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    notice_days, answer_days = services.policy_of(municipality)
    context = {
        "municipality": municipality,
        "hearings": selectors.office_hearings(municipality=municipality),
        "notice_days": notice_days,
        "answer_days": answer_days,
    }
    return render(request, "hearings/office/municipality.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_policy(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    notice_days, answer_days = services.policy_of(municipality)
    form = PolicyForm(request.POST or None, initial={"notice_days": notice_days, "answer_days": answer_days})
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form, lambda data: services.policy_set(actor=actor_of(request), municipality=municipality, **data)
        )
        if saved is not None:
            messages.success(request, _("The rules are saved."))
            return redirect("hearings:office_municipality", coate=coate)
    context = {"form": form, "heading": _("Rules for hearings"), "municipality": municipality, "back": None}
    return render(request, "hearings/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_new(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    initial = {"notice_date": services.local_today()}
    form = HearingForm(request.POST or None, initial=initial, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        hearing = _apply(
            form,
            lambda data: services.hearing_schedule(
                actor=actor_of(request), municipality=municipality, base_url=_base_url(request), **data
            ),
        )
        if hearing is not None:
            messages.success(request, _("The hearing is scheduled and its notice sent to subscribers."))
            _warn_if_late(request, hearing)
            return redirect("hearings:office_hearing", pk=hearing.pk)
    notice_days, _answer_days = services.policy_of(municipality)
    context = {
        "form": form,
        "heading": _("Schedule a hearing"),
        "municipality": municipality,
        "back": None,
        "intro": _("The notice must go out at least %(days)s days before the hearing.")
        % {"days": notice_days},
    }
    return render(request, "hearings/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(request, pk)
    form = HearingForm(
        request.POST or None, instance=None, initial=_initial(hearing), municipality=hearing.municipality
    )
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.hearing_update(
                actor=actor_of(request), hearing=hearing, base_url=_base_url(request), **data
            ),
        )
        if saved is not None:
            messages.success(request, _("The hearing is saved."))
            _warn_if_late(request, saved)
            return redirect("hearings:office_hearing", pk=hearing.pk)
    context = {
        "form": form,
        "heading": _("Edit the hearing"),
        "municipality": hearing.municipality,
        "back": hearing,
    }
    return render(request, "hearings/office/form.html", context)


def _initial(hearing: Hearing) -> dict[str, Any]:
    return {name: getattr(hearing, name) for name in services.HEARING_FIELDS}


@office_required
def office_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(request, pk)
    context = {
        "hearing": hearing,
        "municipality": hearing.municipality,
        "late_warning": services.late_notice_warning(hearing),
        "may_answer": request.user.has_perm(ANSWER, hearing),
        "proposal_form": ProposalForm(),
        "document_form": DocumentForm(),
    }
    return render(request, "hearings/office/hearing.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(request, pk)
    initial = (
        {name: getattr(hearing, name) for name in services.ATTENDANCE_FIELDS}
        if hearing.attendance_recorded
        else {}
    )
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form, lambda data: services.attendance_record(actor=actor_of(request), hearing=hearing, **data)
        )
        if saved is not None:
            messages.success(request, _("The attendance is recorded."))
            return redirect("hearings:office_hearing", pk=hearing.pk)
    context = {
        "form": form,
        "heading": _("Attendance"),
        "municipality": hearing.municipality,
        "back": hearing,
        "intro": _(
            "From the signature list: women and men add up to the participants; each group is among them."
        ),
    }
    return render(request, "hearings/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_summary(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(request, pk)
    form = SummaryForm(
        request.POST or None, initial={"summary_ky": hearing.summary_ky, "summary_ru": hearing.summary_ru}
    )
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form, lambda data: services.hearing_summary_edit(actor=actor_of(request), hearing=hearing, **data)
        )
        if saved is not None:
            messages.success(request, _("The summary is saved."))
            return redirect("hearings:office_hearing", pk=hearing.pk)
    context = {
        "form": form,
        "heading": _("Summary of the discussion"),
        "municipality": hearing.municipality,
        "back": hearing,
    }
    return render(request, "hearings/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_document(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.document_add(
                actor=actor_of(request), hearing=hearing, title=data["title"], upload=data["file"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The document is added to the materials."))
            return redirect("hearings:office_hearing", pk=hearing.pk)
    context = {
        "form": form,
        "heading": _("Add a document"),
        "municipality": hearing.municipality,
        "back": hearing,
        "multipart": True,
    }
    return render(request, "hearings/office/form.html", context)


@office_required
@require_POST
def office_document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = HearingDocument.objects.filter(pk=pk).select_related("hearing__municipality").first()
    if document is None:
        raise Http404(pk)
    require_perm(request, MANAGE, document.hearing)
    services.document_delete(actor=actor_of(request), document=document)
    messages.success(request, _("The document is removed."))
    return redirect("hearings:office_hearing", pk=document.hearing_id)


@office_required
@require_http_methods(["GET", "POST"])
def office_proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(request, pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form, lambda data: services.proposal_add(actor=actor_of(request), hearing=hearing, **data)
        )
        if saved is not None:
            messages.success(request, _("Proposal %(number)s is recorded.") % {"number": saved.number})
            return redirect("hearings:office_hearing", pk=hearing.pk)
    context = {
        "form": form,
        "heading": _("Record a proposal or question"),
        "municipality": hearing.municipality,
        "back": hearing,
    }
    return render(request, "hearings/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.office_proposal_get(pk=pk)
    if proposal is None:
        raise Http404(pk)
    # Staff of another municipality get 403 here, before anything is read or written.
    require_perm(request, ANSWER, proposal.hearing)
    hearing = proposal.hearing
    initial: dict[str, Any] = {}
    if proposal.is_answered:
        initial = {name: getattr(proposal, name) for name in services.ANSWER_FIELDS}
    form = AnswerForm(request.POST or None, initial=initial, municipality=hearing.municipality)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda data: services.proposal_answer(
                actor=actor_of(request), proposal=proposal, municipality=hearing.municipality, **data
            ),
        )
        if saved is not None:
            messages.success(
                request, _("The answer to proposal %(number)s is saved.") % {"number": proposal.number}
            )
            return redirect("hearings:office_hearing", pk=hearing.pk)
    context = {
        "form": form,
        "heading": _("Answer proposal %(number)s") % {"number": proposal.number},
        "municipality": hearing.municipality,
        "back": hearing,
        "proposal": proposal,
    }
    return render(request, "hearings/office/form.html", context)
