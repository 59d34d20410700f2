"""Back-office pages of appeals: the inbox (and its overdue list), one appeal with its actions, the paper
entry, the municipality's settings (categories, routing, head) and the national holiday calendar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.selectors import municipalities_managed_by
from kenesh.appeals import conf, overdue, selectors, services
from kenesh.appeals.forms import (
    AnswerForm,
    AssignForm,
    CategoryForm,
    ExtendForm,
    HeadForm,
    HolidayForm,
    PaperAppealForm,
    RedirectForm,
    RouteForm,
)
from kenesh.appeals.models import Appeal, Channel, Head, Holiday, Route
from kenesh.appeals.views_public import municipality_get
from kenesh.appeals.workdays import calendar_load
from kenesh.ops.access import office_check, office_required, require_perm

HANDLE = "appeals.handle"
CONFIGURE = "appeals.configure"


def _managed(request: HttpRequest) -> list[Any]:
    return [m for m in municipalities_managed_by(user=request.user) if request.user.has_perm(HANDLE, m)]


def _appeal_access(request: HttpRequest, appeal_id: int) -> Appeal:
    try:
        appeal = Appeal.objects.select_related("municipality", "category", "village", "assignee").get(
            pk=appeal_id
        )
    except Appeal.DoesNotExist:
        raise Http404(appeal_id) from None
    require_perm(request, HANDLE, appeal)
    return appeal


@office_required
def inbox(request: HttpRequest) -> HttpResponse:
    managed = _managed(request)
    overdue = request.GET.get("overdue") == "1"
    status = request.GET.get("status", "open")
    mine = request.GET.get("mine") == "1"
    appeals = selectors.inbox(
        municipalities=managed, status=status, overdue=overdue, mine_of=request.user if mine else None
    )
    context = {
        "appeals": appeals[:500],
        "municipalities": managed,
        "overdue": overdue,
        "status": status,
        "mine": mine,
        "today": timezone.localdate(),
    }
    return render(request, "appeals/office/inbox.html", context)


def _act(request: HttpRequest, form: BaseForm, action: Callable[[dict[str, Any]], Any], done: str) -> bool:
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        form_errors_add(form, error)
        return False
    messages.success(request, done)
    return True


@office_required
@require_http_methods(["GET", "POST"])
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = _appeal_access(request, appeal_id)
    actor = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    forms: dict[str, BaseForm] = {
        "answer": AnswerForm(post if action == "answer" else None, prefix="answer"),
        "extend": ExtendForm(post if action == "extend" else None, prefix="extend"),
        "redirect": RedirectForm(post if action == "redirect" else None, prefix="redirect"),
        "assign": AssignForm(
            post if action == "assign" else None,
            prefix="assign",
            municipality=appeal.municipality,
            initial={"person": appeal.assignee_id, "category": appeal.category_id},
        ),
    }
    status = 200
    if request.method == "POST":
        handlers: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
            "take": (
                lambda data: services.appeal_take(actor=actor, appeal=appeal),
                _("The appeal is in progress."),
            ),
            "close": (
                lambda data: services.appeal_close(actor=actor, appeal=appeal),
                _("The appeal is closed."),
            ),
            "answer": (
                lambda data: services.appeal_answer(actor=actor, appeal=appeal, text=data["text"]),
                _("The answer is saved and sent to the citizen."),
            ),
            "extend": (
                lambda data: services.appeal_extend(actor=actor, appeal=appeal, reason=data["reason"]),
                _("The deadline is extended."),
            ),
            "redirect": (
                lambda data: services.appeal_redirect(actor=actor, appeal=appeal, body=data["body"]),
                _("The appeal is marked as redirected."),
            ),
            "assign": (
                lambda data: services.appeal_assign(
                    actor=actor, appeal=appeal, person=data["person"], category=data["category"]
                ),
                _("Saved."),
            ),
        }
        if action not in handlers:
            raise Http404(action)
        handler, done = handlers[action]
        form = forms.get(action)
        if form is None:
            try:
                handler({})
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, done)
            return redirect("appeals:office_appeal", appeal_id=appeal.pk)
        if _act(request, form, handler, done):
            return redirect("appeals:office_appeal", appeal_id=appeal.pk)
        status = 400
    can_see_appellant = actor.has_perm("appeals.view_appellant", appeal)
    # The law's term for registering what arrived on paper or in person (a setting, like the answer's).
    registration_due = calendar_load().add(appeal.received_on, conf.registration_days())
    appellant = selectors.appellant_of(appeal) if can_see_appellant else None
    account = appellant.user if appellant is not None else None
    context = {
        "appeal": appeal,
        "events": selectors.appeal_events(appeal),
        "appellant": appellant,
        "registration_due": registration_due,
        "registered_late": timezone.localdate(appeal.registered_at) > registration_due,
        "appellant_phone": (appellant.phone if appellant else "") or (account.phone if account else "") or "",
        "appellant_email": (appellant.email if appellant else "") or (account.email if account else "") or "",
        "can_see_appellant": can_see_appellant,
        "forms": forms,
        "today": timezone.localdate(),
    }
    return render(request, "appeals/office/appeal.html", context, status=status)


def appeal_photo(request: HttpRequest, appeal_id: int) -> FileResponse:
    """An appeal's photo, for the office only (it may show the citizen's house or face)."""
    refusal = office_check(request)
    if refusal is not None:
        raise PermissionDenied("office") if request.user.is_authenticated else Http404("photo")
    appeal = _appeal_access(request, appeal_id)
    if not appeal.photo:
        raise Http404("photo")
    return FileResponse(appeal.photo.open("rb"), content_type="image/jpeg")


@office_required
@require_http_methods(["GET", "POST"])
def appeal_paper(request: HttpRequest) -> HttpResponse:
    municipality = municipality_get(request.GET.get("m", ""))
    require_perm(request, HANDLE, municipality)
    form = PaperAppealForm(
        request.POST or None,
        request.FILES or None,
        municipality=municipality,
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.appeal_submit(
                municipality=municipality,
                channel=Channel.PAPER,
                text=data["text"],
                category=data["category"],
                village=data["village"],
                contact=services.Contact(
                    name=data["name"], phone=data["phone"], email=data["email"], address=data["address"]
                ),
                publish_text=data["publish_text"],
                photo=data["photo"],
                language=data["language"],
                received_on=data["received_on"],
                actor=request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            appeal = submitted.appeal
            messages.success(
                request,
                _("Registered as No. %(number)s. Give the citizen the tracking code %(code)s.")
                % {"number": appeal.registration_number, "code": appeal.code_display},
            )
            return redirect("appeals:office_appeal", appeal_id=appeal.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "appeals/office/paper.html", {"form": form, "municipality": municipality}, status=status
    )


@office_required
@require_http_methods(["GET", "POST"])
def municipality_settings(request: HttpRequest) -> HttpResponse:
    municipality = municipality_get(request.GET.get("m", ""))
    require_perm(request, CONFIGURE, municipality)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    head = Head.objects.filter(municipality=municipality).first()
    forms: dict[str, BaseForm] = {
        "category": CategoryForm(post if action == "category" else None, prefix="category"),
        "route": RouteForm(post if action == "route" else None, prefix="route", municipality=municipality),
        "head": HeadForm(
            post if action == "head" else None,
            prefix="head",
            municipality=municipality,
            initial={"person": head.person_id if head else None},
        ),
    }
    actor = request.user
    handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
        "category": lambda data: services.category_add(actor=actor, municipality=municipality, **data),
        "route": lambda data: services.route_set(actor=actor, municipality=municipality, **data),
        "head": lambda data: services.head_set(actor=actor, municipality=municipality, **data),
    }
    status = 200
    if request.method == "POST":
        if action not in handlers:
            raise Http404(action)
        if _act(request, forms[action], handlers[action], _("Saved.")):
            return redirect(f"{request.path}?m={municipality.coate}")
        status = 400
    context = {
        "municipality": municipality,
        "forms": forms,
        "head": head,
        "routes": Route.objects.filter(municipality=municipality).select_related("category", "person"),
        "categories": selectors.categories_for(municipality),
    }
    return render(request, "appeals/office/settings.html", context, status=status)


@office_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    require_perm(request, "appeals.maintain_calendar")
    form = HolidayForm(request.POST if request.POST.get("action") == "add" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            raw = str(request.POST.get("holiday", ""))
            holiday = Holiday.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
            if holiday is None:
                raise Http404("holiday")
            services.holiday_remove(actor=request.user, holiday=holiday)
            messages.success(request, _("Removed."))
            return redirect("appeals:office_calendar")
        if _act(request, form, lambda data: services.holiday_add(actor=request.user, **data), _("Saved.")):
            return redirect("appeals:office_calendar")
        status = 400
    return render(
        request,
        "appeals/office/calendar.html",
        {"form": form, "holidays": Holiday.objects.all().order_by("kind", "month", "day", "date")},
        status=status,
    )


@office_required
@require_POST
def sweep(request: HttpRequest) -> HttpResponse:
    """Escalate now whatever is overdue (the worker does it at each deadline; this is for the impatient)."""
    require_perm(request, "appeals.maintain_calendar")
    count = overdue.appeals_overdue_sweep()
    messages.success(request, _("Appeals escalated as overdue: %(count)s.") % {"count": count})
    return redirect("appeals:office")
