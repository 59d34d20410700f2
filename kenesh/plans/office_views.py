"""Back-office pages of the joint action plan: a municipality's plans, items and their progress, approval by
the village gathering, groups and members. Every page: office sign-in and "plans.manage_plan" on the
municipality; the writes are the services'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kenesh.accounts.access import municipality_for_office, office_start
from kenesh.accounts.forms import form_errors_add
from kenesh.ops.access import office_required, require_perm
from kenesh.plans import forms as plan_forms
from kenesh.plans import selectors, services
from kenesh.plans.models import GroupMember, Plan, PlanGroup, PlanItem
from kenesh.territory.models import Unit

MANAGE = "plans.manage_plan"


def _municipality(request: HttpRequest, coate: str) -> Unit:
    return municipality_for_office(request, coate, MANAGE)


def _plan(request: HttpRequest, coate: str, year: int) -> Plan:
    municipality = _municipality(request, coate)
    plan = Plan.objects.filter(municipality=municipality, year=year).select_related("campaign").first()
    if plan is None:
        raise Http404(year)
    plan.municipality = municipality
    return plan


def _apply(form: BaseForm, action: Callable[[], Any]) -> bool:
    try:
        action()
    except ValidationError as error:
        form_errors_add(form, error)
        return False
    return True


def _plan_url(plan: Plan) -> str:
    return reverse("plans:office_plan", kwargs={"coate": plan.municipality.coate, "year": plan.year})


@office_required
def office_home(request: HttpRequest) -> HttpResponse:
    """The municipalities whose action plans the person runs; straight to the only one."""
    return office_start(request, detail="plans:office_municipality", template="plans/office/home.html")


@office_required
@require_http_methods(["GET", "POST"])
def office_municipality(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    form = plan_forms.PlanForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        holder: list[Plan] = []
        if _apply(
            form,
            lambda: holder.append(
                services.plan_create(actor=request.user, municipality=municipality, **form.cleaned_data)
            ),
        ):
            messages.success(request, _("The action plan is opened."))
            return redirect(_plan_url(holder[0]))
    plans = Plan.objects.filter(municipality=municipality).order_by("-year")
    return render(
        request,
        "plans/office/municipality.html",
        {"municipality": municipality, "plans": plans, "form": form},
        status=400 if form.errors else 200,
    )


def _plan_page(request: HttpRequest, plan: Plan, status: int = 200, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "plan": plan,
        "municipality": plan.municipality,
        "items": selectors.plan_items(plan),
        "groups": selectors.plan_groups(plan),
        "approve_form": plan_forms.ApproveForm(
            initial={
                "approved_on": plan.approved_on,
                "gathering_place": plan.gathering_place,
                "gathering_participants": plan.gathering_participants,
                "minutes_ky": plan.minutes_ky,
                "minutes_ru": plan.minutes_ru,
            }
        ),
        "group_form": plan_forms.GroupForm(plan=plan),
        "member_form": plan_forms.MemberForm(),
    }
    context.update(forms)
    return render(request, "plans/office/plan.html", context, status=status)


@office_required
def office_plan(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    return _plan_page(request, _plan(request, coate, year))


@office_required
@require_http_methods(["POST"])
def plan_approve_view(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    plan = _plan(request, coate, year)
    form = plan_forms.ApproveForm(request.POST)
    if form.is_valid() and _apply(
        form,
        lambda: services.plan_approve(
            actor=request.user,
            plan=plan,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            **form.cleaned_data,
        ),
    ):
        messages.success(request, _("The approval is recorded; the plan is public."))
        return redirect(_plan_url(plan))
    return _plan_page(request, plan, status=400, approve_form=form)


@office_required
@require_http_methods(["POST"])
def group_new(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    plan = _plan(request, coate, year)
    form = plan_forms.GroupForm(request.POST, plan=plan)
    if form.is_valid() and _apply(
        form, lambda: services.group_create(actor=request.user, plan=plan, **form.cleaned_data)
    ):
        messages.success(request, _("The group is added."))
        return redirect(_plan_url(plan))
    return _plan_page(request, plan, status=400, group_form=form)


@office_required
@require_http_methods(["POST"])
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = PlanGroup.objects.select_related("plan__municipality").filter(pk=pk).first()
    if group is None:
        raise Http404(pk)
    require_perm(request, MANAGE, group.plan.municipality)
    form = plan_forms.MemberForm(request.POST)
    if form.is_valid():
        account = form.cleaned_data["account"].strip()
        user = None
        if account:
            user = get_user_model().objects.filter(Q(email__iexact=account) | Q(phone=account)).first()
            if user is None:
                form.add_error("account", _("No account has this email or phone."))
        if not form.errors and _apply(
            form,
            lambda: services.member_add(
                actor=request.user,
                group=group,
                name=form.cleaned_data["name"],
                user=user,
                role=form.cleaned_data["role"],
            ),
        ):
            messages.success(request, _("The member is added."))
            return redirect(_plan_url(group.plan))
    return _plan_page(request, group.plan, status=400, member_form=form, member_group=group)


@office_required
@require_http_methods(["POST"])
def member_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = GroupMember.objects.select_related("group__plan__municipality").filter(pk=pk).first()
    if member is None:
        raise Http404(pk)
    require_perm(request, MANAGE, member.group.plan.municipality)
    plan = member.group.plan
    services.member_remove(actor=request.user, member=member)
    messages.success(request, _("The member is removed."))
    return redirect(_plan_url(plan))


def _item_page(request: HttpRequest, plan: Plan, form: BaseForm, item: PlanItem | None) -> HttpResponse:
    return render(
        request,
        "plans/office/item.html",
        {"plan": plan, "municipality": plan.municipality, "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@office_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    plan = _plan(request, coate, year)
    form = plan_forms.ItemForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.item_save(actor=request.user, plan=plan, data=form.item_input())):
            messages.success(request, _("The item is added."))
            return redirect(_plan_url(plan))
    return _item_page(request, plan, form, None)


@office_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = PlanItem.objects.select_related("plan__municipality", "plan__campaign").filter(pk=pk).first()
    if item is None:
        raise Http404(pk)
    require_perm(request, MANAGE, item.plan.municipality)
    plan = item.plan
    initial = {name: getattr(item, name) for name in plan_forms.ItemForm.base_fields}
    initial["priority"], initial["pb_proposal"] = item.priority_id, item.pb_proposal_id
    form = plan_forms.ItemForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form, lambda: services.item_save(actor=request.user, plan=plan, data=form.item_input(), item=item)
        ):
            messages.success(request, _("The item is saved."))
            return redirect(_plan_url(plan))
    return _item_page(request, plan, form, item)
