"""Public pages of monitoring (a municipality's timeline, one object's timeline, "you said, we did", photos),
the monitor's visit form, the office list where staff answer findings, and the administrators' checklist
editor."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kenesh.accounts.access import office_start
from kenesh.accounts.forms import form_errors_add
from kenesh.monitoring import selectors, services, sources
from kenesh.monitoring.forms import ROW_INDEX, AnswerForm, ChecklistForm, VisitForm
from kenesh.monitoring.models import ChecklistTemplate, Finding, MonitoredObject, VisitPhoto
from kenesh.ops.access import office_required, require_perm
from kenesh.pb.photos import MAX_PHOTOS_PER_REQUEST, MAX_UPLOAD_BYTES

RECORD = services.RECORD
ANSWER = services.ANSWER
EDIT_CHECKLISTS = services.EDIT_CHECKLISTS


@require_safe
def municipality(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    return render(
        request,
        "monitoring/municipality.html",
        {
            "municipality": found,
            "entries": selectors.timeline(found),
            "objects": selectors.objects_of(found),
            "groups": selectors.groups_of(found),
            "can_record": request.user.has_perm(RECORD, found),
        },
    )


@require_safe
def monitored_object(request: HttpRequest, coate: str, object_id: int) -> HttpResponse:
    found = selectors.municipality_get(coate)
    obj = selectors.object_get(found, object_id)
    return render(
        request,
        "monitoring/object.html",
        {
            "municipality": found,
            "object": obj,
            "entries": selectors.timeline(found, obj),
            "can_record": request.user.has_perm(RECORD, found),
            "draft_clear": request.GET.get("recorded", ""),
        },
    )


@require_safe
def you_said(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    rows = selectors.you_said_we_did(found)
    sections = [
        ("needs", _("Priorities of the needs assessment"), rows["needs"]),
        ("pb", _("Participatory budgeting proposals"), rows["pb"]),
    ]
    # Hearing proposals and appeals, where those apps are installed (see kenesh.monitoring.sources).
    if apps.is_installed("kenesh.hearings"):
        sections.append(
            ("hearings", _("Proposals and questions of public hearings"), sources.hearing_rows(found))
        )
    if apps.is_installed("kenesh.appeals"):
        sections.append(("appeals", _("Citizens' appeals"), sources.appeal_rows(found)))
    return render(request, "monitoring/you_said.html", {"municipality": found, "sections": sections})


@require_safe
def photo(request: HttpRequest, coate: str, photo_id: int) -> FileResponse:
    stored = (
        VisitPhoto.objects.filter(pk=photo_id, visit__object__municipality__coate=coate)
        .exclude(visit__object__pb_project__proposal__hidden=True)
        .first()
    )
    if stored is None:
        raise Http404("no such photo")
    try:
        image = stored.image.open("rb")
    except FileNotFoundError:
        raise Http404("no such photo") from None
    response = FileResponse(image, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _object_choice(request: HttpRequest, municipality: object) -> tuple[str, MonitoredObject | None]:
    ref = (request.POST.get("object") or request.GET.get("object") or "").strip()
    if not ref:
        return "", None
    valid = {value for _label, options in selectors.choices_of(municipality) for value, _text in options}  # type: ignore[arg-type]
    if ref not in valid:
        return "", None
    return ref, services.object_ensure(municipality=municipality, ref=ref)  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    require_perm(request, RECORD, found)
    choices = selectors.choices_of(found)
    ref, obj = _object_choice(request, found)
    if obj is None:
        # Step one (works without JavaScript): what was visited decides the checklist.
        return render(
            request,
            "monitoring/visit_choose.html",
            {"municipality": found, "choices": choices, "wrong": bool(request.GET.get("object"))},
        )
    template = services.template_for(obj)
    kwargs = {
        "groups": selectors.groups_of(found),
        "members": selectors.members_of(found),
        "template": template,
    }
    status = 200
    photos_again = False
    if request.method == "POST":
        form = VisitForm(request.POST, **kwargs)  # type: ignore[arg-type]
        if form.growing:
            # "Add another finding" without JavaScript: the same form, one row longer, nothing judged yet.
            # A file input cannot be filled in again by the server: say so if photos came along.
            photos_again = bool(request.FILES.getlist("photos"))
        elif form.is_valid():
            try:
                services.visit_record(
                    actor=request.user,
                    obj=obj,
                    data=form.to_input(),
                    photos=request.FILES.getlist("photos"),
                )
            except ValidationError as error:
                form_errors_add(form, error)
                if hasattr(error, "error_dict") and "photos" in error.error_dict:
                    form.photo_errors = [m for e in error.error_dict["photos"] for m in e.messages]  # type: ignore[attr-defined]
            else:
                messages.success(request, _("The visit is recorded and public."))
                url = reverse("monitoring:object", kwargs={"coate": coate, "object_id": obj.pk})
                return redirect(f"{url}?recorded={ref}")
            status = 400
        else:
            status = 400
    else:
        form = VisitForm(initial={"visited_on": ""}, **kwargs)  # type: ignore[arg-type]
    return render(
        request,
        "monitoring/visit_form.html",
        {
            "municipality": found,
            "object": obj,
            "ref": ref,
            "form": form,
            "template": template,
            "photo_errors": getattr(form, "photo_errors", []),
            "photos_again": photos_again,
            "photo_limits": {"count": MAX_PHOTOS_PER_REQUEST, "bytes": MAX_UPLOAD_BYTES},
            "row_index": ROW_INDEX,
        },
        status=status,
    )


@office_required
@require_safe
def office_home(request: HttpRequest) -> HttpResponse:
    """Staff go to their municipality's findings; administrators choose a municipality."""
    return office_start(
        request,
        detail="monitoring:office_findings",
        template="monitoring/office/home.html",
        context={"can_edit_checklists": request.user.has_perm(EDIT_CHECKLISTS)},
    )


@office_required
@require_safe
def office_findings(request: HttpRequest, coate: str) -> HttpResponse:
    found = selectors.municipality_get(coate)
    require_perm(request, ANSWER, found)
    return render(
        request,
        "monitoring/office/findings.html",
        {"municipality": found, "findings": selectors.findings_open(found), "form": AnswerForm()},
    )


@office_required
@require_POST
def office_answer(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = (
        Finding.objects.filter(pk=finding_id)
        .select_related("visit__object__municipality", "visit__object__pb_project__proposal")
        .first()
    )
    if finding is None:
        raise Http404(finding_id)
    municipality = finding.visit.object.municipality
    require_perm(request, ANSWER, municipality)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.finding_answer(actor=request.user, finding=finding, text=form.cleaned_data["answer"])
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The answer is published."))
            return redirect(
                reverse("monitoring:office_findings", kwargs={"coate": municipality.coate})
                + f"#finding-{finding.pk}"
            )
    return render(
        request,
        "monitoring/office/answer.html",
        {"municipality": municipality, "finding": finding, "form": form},
        status=400,
    )


@office_required
@require_safe
def office_checklists(request: HttpRequest) -> HttpResponse:
    """The national checklist templates, with how many visits used each."""
    require_perm(request, EDIT_CHECKLISTS)
    return render(request, "monitoring/office/checklists.html", {"templates": selectors.checklists()})


def _checklist_form_page(request: HttpRequest, template: ChecklistTemplate | None) -> HttpResponse:
    require_perm(request, EDIT_CHECKLISTS)
    usage = services.checklist_usage(template)
    status = 200
    if request.method == "POST":
        form = ChecklistForm(data=request.POST, template=template, usage=usage)
        if not form.growing:
            if form.is_valid():
                try:
                    saved = services.checklist_save(
                        actor=request.user, data=form.to_input(), template=template
                    )
                except ValidationError as error:
                    form_errors_add(form, error)
                else:
                    messages.success(request, _("The checklist is saved."))
                    return redirect("monitoring:office_checklist", template_id=saved.pk)
            status = 400
    else:
        form = ChecklistForm(template=template, usage=usage)
    return render(
        request,
        "monitoring/office/checklist.html",
        {"template": template, "form": form, "usage": usage, "row_index": ROW_INDEX},
        status=status,
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_checklist_new(request: HttpRequest) -> HttpResponse:
    return _checklist_form_page(request, None)


@office_required
@require_http_methods(["GET", "POST"])
def office_checklist(request: HttpRequest, template_id: int) -> HttpResponse:
    require_perm(request, EDIT_CHECKLISTS)
    template = ChecklistTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise Http404(template_id)
    return _checklist_form_page(request, template)
