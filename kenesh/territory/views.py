"""Pages of the territory app: the search by name, a municipality's page and the territory back office."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kenesh.ops.access import office_required, require_perm
from kenesh.territory import selectors, services
from kenesh.territory.forms import CouncilForm, DeputyEndForm, DeputyForm, ExecutiveBodyForm
from kenesh.territory.models import Council, Deputy, ExecutiveBody, Municipality, Unit

CHANGE_MUNICIPALITY = "territory.change_municipality"


def search(request: HttpRequest) -> HttpResponse:
    """Find a municipality by name (GET ?q=): one match goes straight to its page, several are listed."""
    query = request.GET.get("q", "").strip()[: selectors.SEARCH_MAX_LENGTH]
    error = ""
    results: list[Unit] = []
    if "q" in request.GET and len(selectors.search_key(query)) < selectors.SEARCH_MIN_LENGTH:
        error = _("Type at least %(count)s letters of the name.") % {"count": selectors.SEARCH_MIN_LENGTH}
    elif query:
        results = selectors.municipality_search(query=query)
        if len(results) == 1:
            return redirect("territory:municipality", coate=results[0].coate)
    context = {"query": query, "results": results, "search_error": error}
    return render(request, "territory/search.html", context, status=200)


def _day_param(request: HttpRequest) -> datetime.date | None:
    """The optional ?on=YYYY-MM-DD of a page that can show the past; a bad date is ignored."""
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return None


def municipality_detail(request: HttpRequest, coate: str) -> HttpResponse:
    try:
        page = selectors.municipality_page(coate=coate, day=_day_param(request))
    except Municipality.DoesNotExist:
        raise Http404(coate) from None
    return render(request, "territory/municipality.html", {"page": page})


def _access_municipality(request: HttpRequest, coate: str) -> Unit:
    """The current version of the municipality, if the person may change it (else 404 or 403)."""
    try:
        municipality = selectors.municipality_get(coate=coate)
    except Municipality.DoesNotExist:
        raise Http404(coate) from None
    if not municipality.is_current:
        raise Http404(coate)  # a unit that ended is history: nobody edits it
    require_perm(request, CHANGE_MUNICIPALITY, municipality)
    return municipality


def _apply(form: BaseForm, action: Any) -> bool:
    """Run a service with the form's data; its ValidationError becomes the form's, keeping what was typed."""
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


@office_required
def office_index(request: HttpRequest) -> HttpResponse:
    municipalities = [
        municipality
        for municipality in selectors.municipality_list()
        if request.user.has_perm(CHANGE_MUNICIPALITY, municipality)
    ]
    return render(request, "territory/office/index.html", {"municipalities": municipalities})


@office_required
def office_municipality(request: HttpRequest, coate: str) -> HttpResponse:
    _access_municipality(request, coate)
    municipality, deputies = selectors.municipality_office(coate=coate)
    return render(
        request,
        "territory/office/municipality.html",
        {
            "municipality": municipality,
            "executive": municipality.executive if _has(municipality, "executive") else None,
            "council": municipality.council if _has(municipality, "council") else None,
            "deputies": deputies,
        },
    )


def _has(municipality: Unit, name: str) -> bool:
    try:
        getattr(municipality, name)
    except (ExecutiveBody.DoesNotExist, Council.DoesNotExist):
        return False
    return True


def _office_form(
    request: HttpRequest,
    form: BaseForm,
    *,
    municipality: Unit,
    heading: str,
    write: Any,
    saved: str,
) -> HttpResponse:
    """An office form page: a valid POST runs `write` with the form's data, then back to the municipality."""
    if request.method == "POST" and form.is_valid() and _apply(form, write):
        messages.success(request, saved)
        return redirect("territory:office_municipality", coate=municipality.coate)
    context = {"municipality": municipality, "form": form, "heading": heading}
    return render(request, "territory/office/form.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def office_executive(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _access_municipality(request, coate)
    body = municipality.executive if _has(municipality, "executive") else None
    return _office_form(
        request,
        ExecutiveBodyForm(request.POST or None, initial=model_to_dict(body) if body else {}),
        municipality=municipality,
        heading=_("Executive body"),
        write=lambda data: services.executive_body_update(
            actor=request.user, municipality=municipality, **data
        ),
        saved=_("The executive body is saved."),
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_council(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _access_municipality(request, coate)
    council = municipality.council if _has(municipality, "council") else None
    return _office_form(
        request,
        CouncilForm(request.POST or None, initial=model_to_dict(council) if council else {}),
        municipality=municipality,
        heading=_("Council"),
        write=lambda data: services.council_update(actor=request.user, municipality=municipality, **data),
        saved=_("The council is saved."),
    )


def _council_of(municipality: Unit) -> Council:
    if not _has(municipality, "council"):
        raise Http404("no council")
    return municipality.council


@office_required
@require_http_methods(["GET", "POST"])
def office_deputy_add(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _access_municipality(request, coate)
    council = _council_of(municipality)
    return _office_form(
        request,
        DeputyForm(request.POST or None, municipality=municipality),
        municipality=municipality,
        heading=_("Add a deputy"),
        write=lambda data: services.deputy_add(actor=request.user, council=council, **data),
        saved=_("The deputy is added."),
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_deputy_edit(request: HttpRequest, coate: str, deputy_id: int) -> HttpResponse:
    municipality = _access_municipality(request, coate)
    deputy = get_object_or_404(Deputy, pk=deputy_id, council=_council_of(municipality))
    return _office_form(
        request,
        DeputyForm(request.POST or None, initial=model_to_dict(deputy), municipality=municipality),
        municipality=municipality,
        heading=_("Edit a deputy"),
        write=lambda data: services.deputy_update(actor=request.user, deputy=deputy, **data),
        saved=_("The deputy is saved."),
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_deputy_end(request: HttpRequest, coate: str, deputy_id: int) -> HttpResponse:
    municipality = _access_municipality(request, coate)
    deputy = get_object_or_404(Deputy, pk=deputy_id, council=_council_of(municipality))
    names = {"name": deputy.full_name}
    return _office_form(
        request,
        DeputyEndForm(request.POST or None, initial={"term_end": deputy.term_end}),
        municipality=municipality,
        heading=_("End the mandate of %(name)s") % names,
        write=lambda data: services.deputy_end_term(
            actor=request.user, deputy=deputy, term_end=data["term_end"]
        ),
        saved=_("The mandate of %(name)s is ended.") % names,
    )
