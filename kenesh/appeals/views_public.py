"""Public pages of appeals: send one, follow it by its code, a municipality's list and figures, the nation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from kenesh.accounts.forms import form_errors_add
from kenesh.appeals import selectors, services
from kenesh.appeals.codes import code_normalise
from kenesh.appeals.forms import AppealForm, TrackForm
from kenesh.appeals.models import Channel, Status
from kenesh.ops.limits import (
    TOO_MANY_MESSAGE,
    TOO_MANY_STATUS,
    address_key,
    failure_count,
    failures_exhausted,
    rate,
    refuse_form,
    request_limited,
)
from kenesh.territory.models import Municipality

TRACK_LIMIT = "appeal-track-address"


def municipality_get(coate: str) -> Any:
    try:
        return Municipality.objects.current().get(coate=coate)
    except (Municipality.DoesNotExist, ValueError):
        raise Http404(coate) from None


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "appeals/index.html",
        {
            "municipalities": Municipality.objects.current().order_by("name_ky", "name_ru")[:1000],
            "form": TrackForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit(
    group="kenesh.appeal-address", key=address_key, rate=rate("appeal-address"), method="POST", block=False
)
def appeal_new(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = municipality_get(coate)
    signed_in = request.user.is_authenticated
    form = AppealForm(
        request.POST or None, request.FILES or None, municipality=municipality, signed_in=signed_in
    )
    context = {"municipality": municipality, "form": form}
    if request.method == "POST":
        if request_limited(request):
            refuse_form(form)
            return render(request, "appeals/appeal_form.html", context, status=TOO_MANY_STATUS)
        if form.is_valid():
            data = form.cleaned_data
            contact = services.Contact(
                name=data.get("name", "") if not signed_in else getattr(request.user, "full_name", ""),
                phone=data.get("phone", "") if not signed_in else "",
                email=data.get("email", "") if not signed_in else "",
                user=request.user if signed_in else None,
            )
            try:
                submitted = services.appeal_submit(
                    municipality=municipality,
                    channel=Channel.WEB,
                    text=data["text"],
                    category=data["category"],
                    village=data["village"],
                    contact=contact,
                    publish_text=data["publish_text"],
                    photo=data["photo"],
                    language=translation.get_language() or "ky",
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                appeal = submitted.appeal
                return render(
                    request, "appeals/appeal_sent.html", {"appeal": appeal, "municipality": municipality}
                )
        return render(request, "appeals/appeal_form.html", context, status=400)
    return render(request, "appeals/appeal_form.html", context)


def track(request: HttpRequest) -> HttpResponse:
    """The form that asks for a code; a sent code goes to its page (which checks it)."""
    form = TrackForm(request.GET or None)
    if request.GET and form.is_valid():
        code = code_normalise(form.cleaned_data["code"]) or "-"
        return redirect("appeals:track_code", code=code)
    return render(request, "appeals/track.html", {"form": form})


@require_http_methods(["GET", "POST"])
def track_code(request: HttpRequest, code: str) -> HttpResponse:
    """An appeal's public status. A code that does not exist and a malformed one are the same lookup, the
    same failure count and the same page; past the limit every code gets the limit's page."""
    key = address_key("", request)
    if failures_exhausted(request, TRACK_LIMIT, key):
        return render(
            request,
            "appeals/track.html",
            {"form": TrackForm(), "error": TOO_MANY_MESSAGE},
            status=TOO_MANY_STATUS,
        )
    appeal = selectors.appeal_by_code(code_normalise(code))
    if appeal is None:
        failure_count(request, TRACK_LIMIT, key)
        return render(
            request,
            "appeals/track.html",
            {
                "form": TrackForm(),
                "error": _("No appeal has this tracking code. Check the code and try again."),
            },
            status=404,
        )
    if request.method == "POST":
        choice = request.POST.get("solved", "")
        if choice in ("yes", "no"):
            try:
                services.appeal_feedback(appeal=appeal, solved=choice == "yes")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("appeals:track_code", code=appeal.code)
    return render(
        request,
        "appeals/track_code.html",
        {
            "appeal": appeal,
            "events": selectors.appeal_events(appeal),
            "can_feedback": appeal.status in (Status.ANSWERED, Status.CLOSED) and bool(appeal.answer),
        },
    )


def appeal_list(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = municipality_get(coate)
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")[:40]
    appeals = selectors.appeals_public(municipality=municipality, status=status, category=category)
    page = Paginator(appeals, 25).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "page": page,
        "status": status,
        "category": category,
        "statuses": [(value, label) for value, label in Status.choices] + [("overdue", _("overdue"))],
        "categories": selectors.categories_for(municipality),
    }
    return render(request, "appeals/list.html", context)


def _name(obj: Any) -> str:
    first, second = (
        (obj.name_ru, obj.name_ky) if translation.get_language() == "ru" else (obj.name_ky, obj.name_ru)
    )
    return str(first or second or "")


def figures(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = municipality_get(coate)
    year = _int(request.GET.get("year"))
    data = selectors.figures_municipality(municipality=municipality, year=year)
    for row in data.by_category:
        category = row.extra.get("category")
        row.label = _name(category) if category is not None else ""
    for row in data.by_month:
        row.label = str(MONTHS.get(row.key, row.key))
    return render(
        request, "appeals/figures.html", {"municipality": municipality, "figures": data, "year": year}
    )


def national(request: HttpRequest) -> HttpResponse:
    oblast, rayon, year = (_int(request.GET.get(name)) for name in ("oblast", "rayon", "year"))
    data = selectors.figures_national(oblast=oblast, rayon=rayon, year=year)
    return render(
        request,
        "appeals/national.html",
        {"figures": data, "oblast": oblast, "rayon": rayon, "year": year},
    )
