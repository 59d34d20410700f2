"""Back-office pages of the needs assessment: campaigns, sessions from paper forms, categories, Kobo import,
publishing. Every page: office sign-in and "needs.manage_assessment" on the municipality; services write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kenesh.accounts.access import municipality_for_office, office_start
from kenesh.accounts.forms import form_errors_add
from kenesh.needs import forms as needs_forms
from kenesh.needs import importer, services
from kenesh.needs.models import Campaign, Session
from kenesh.ops.access import office_required, require_perm
from kenesh.territory.models import Unit

MANAGE = "needs.manage_assessment"


def _municipality(request: HttpRequest, coate: str) -> Unit:
    return municipality_for_office(request, coate, MANAGE)


def _campaign(request: HttpRequest, coate: str, year: int) -> Campaign:
    municipality = _municipality(request, coate)
    campaign = Campaign.objects.filter(municipality=municipality, year=year).first()
    if campaign is None:
        raise Http404(year)
    campaign.municipality = municipality
    return campaign


def _session(request: HttpRequest, pk: int) -> Session:
    session = Session.objects.select_related("campaign__municipality", "village").filter(pk=pk).first()
    if session is None:
        raise Http404(pk)
    require_perm(request, MANAGE, session.campaign.municipality)
    return session


def _apply(form: BaseForm, action: Callable[[], Any]) -> bool:
    """Run a service; its ValidationError becomes the form's, keeping what was typed."""
    try:
        action()
    except ValidationError as error:
        form_errors_add(form, error)
        return False
    return True


def _campaign_url(campaign: Campaign) -> str:
    return reverse(
        "needs:office_campaign", kwargs={"coate": campaign.municipality.coate, "year": campaign.year}
    )


@office_required
def office_home(request: HttpRequest) -> HttpResponse:
    """The municipalities whose needs assessments the person runs; straight to the only one."""
    return office_start(request, detail="needs:office_municipality", template="needs/office/home.html")


@office_required
@require_http_methods(["GET", "POST"])
def office_municipality(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    form = needs_forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder: list[Campaign] = []
        if _apply(
            form,
            lambda: holder.append(
                services.campaign_create(actor=request.user, municipality=municipality, **form.cleaned_data)
            ),
        ):
            messages.success(request, _("The needs assessment is opened."))
            return redirect(_campaign_url(holder[0]))
    campaigns = Campaign.objects.filter(municipality=municipality).order_by("-year")
    return render(
        request,
        "needs/office/municipality.html",
        {"municipality": municipality, "campaigns": campaigns, "form": form},
        status=400 if form.errors else 200,
    )


def _campaign_page(
    request: HttpRequest, campaign: Campaign, category_form: BaseForm, status: int = 200
) -> HttpResponse:
    sessions = (
        Session.objects.filter(campaign=campaign)
        .select_related("village")
        .prefetch_related("problems__category")
        .order_by("held_on", "id")
    )
    return render(
        request,
        "needs/office/campaign.html",
        {
            "campaign": campaign,
            "municipality": campaign.municipality,
            "sessions": sessions,
            "category_form": category_form,
            "categories": services.categories_for(campaign.municipality),
        },
        status=status,
    )


@office_required
def office_campaign(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    campaign = _campaign(request, coate, year)
    return _campaign_page(request, campaign, needs_forms.CategoryForm())


@office_required
@require_http_methods(["POST"])
def category_new(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    campaign = _campaign(request, coate, year)
    form = needs_forms.CategoryForm(request.POST)
    if form.is_valid() and _apply(
        form,
        lambda: services.category_create(
            actor=request.user, municipality=campaign.municipality, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The category is added to the list."))
        return redirect(_campaign_url(campaign))
    return _campaign_page(request, campaign, form, status=400)


@office_required
@require_http_methods(["POST"])
def campaign_publish(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    campaign = _campaign(request, coate, year)
    try:
        services.campaign_publish(actor=request.user, campaign=campaign)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The priorities are computed and published."))
    return redirect(_campaign_url(campaign))


def _session_page(
    request: HttpRequest, campaign: Campaign, form: needs_forms.SessionForm, session: Session | None
) -> HttpResponse:
    return render(
        request,
        "needs/office/session.html",
        {"campaign": campaign, "municipality": campaign.municipality, "form": form, "session": session},
        status=400 if form.errors else 200,
    )


@office_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    campaign = _campaign(request, coate, year)
    categories = services.categories_for(campaign.municipality)
    form = needs_forms.SessionForm(request.POST or None, campaign=campaign, categories=categories)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            lambda: services.session_record(actor=request.user, campaign=campaign, data=form.session_input()),
        ):
            messages.success(request, _("The session is recorded."))
            if "another" in request.POST:
                return redirect("needs:office_session_new", coate=coate, year=year)
            return redirect(_campaign_url(campaign))
    return _session_page(request, campaign, form, None)


@office_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    campaign = session.campaign
    categories = services.categories_for(campaign.municipality)
    form = needs_forms.SessionForm(
        request.POST or None,
        campaign=campaign,
        categories=categories,
        initial=needs_forms.session_initial(session),
    )
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            lambda: services.session_update(actor=request.user, session=session, data=form.session_input()),
        ):
            messages.success(request, _("The session is corrected."))
            return redirect(_campaign_url(campaign))
    return _session_page(request, campaign, form, session)


@office_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    campaign = session.campaign
    if request.method == "POST":
        services.session_delete(actor=request.user, session=session)
        messages.success(request, _("The session is deleted."))
        return redirect(_campaign_url(campaign))
    return render(
        request,
        "needs/office/confirm.html",
        {"session": session, "municipality": campaign.municipality, "back": _campaign_url(campaign)},
    )


@office_required
@require_http_methods(["GET", "POST"])
def session_import(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    """Upload a Kobo CSV: every bad row is listed by its number and nothing is written, or all of it is."""
    campaign = _campaign(request, coate, year)
    form = needs_forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[importer.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = importer.sessions_import(
                actor=request.user, campaign=campaign, upload=form.cleaned_data["file"]
            )
        except importer.ImportRejected as rejected:
            problems = rejected.errors
        else:
            messages.success(request, _("%(count)s sessions are imported.") % {"count": created})
            return redirect(_campaign_url(campaign))
    status = 400 if (problems or form.errors) else 200
    return render(
        request,
        "needs/office/import.html",
        {
            "campaign": campaign,
            "municipality": campaign.municipality,
            "form": form,
            "problems": problems[: importer.ERRORS_SHOWN],
            "problems_hidden": max(len(problems) - importer.ERRORS_SHOWN, 0),
        },
        status=status,
    )
