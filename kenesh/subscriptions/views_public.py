"""Public pages of subscriptions: how to subscribe, asking for an invoice, one's own history, an invoice's
PDF, the "ask an expert" form for subscribers, and the weekly digest's choice and its stop link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.models import User
from kenesh.ops.access import office_check
from kenesh.ops.limits import TOO_MANY_STATUS, rate, refuse_form, request_limited, user_key
from kenesh.subscriptions import selectors, services
from kenesh.subscriptions.digest import digest_token_user
from kenesh.subscriptions.forms import QuestionForm, RequestForm
from kenesh.subscriptions.models import DigestChoice, Invoice
from kenesh.subscriptions.pdf import LANGUAGES, invoice_pdf

READ = "subscriptions.read_subscriber_content"
MANAGE_BODY = "subscriptions.manage_body"
ADMINISTER = "subscriptions.administer"
RECEIVE_DIGEST = "subscriptions.receive_digest"


@require_safe
def how_to(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    context = {
        "prices": selectors.prices_today(today),
        "year": today.year,
        "subscriber": bool(user.is_authenticated and selectors.is_subscriber(user, today)),
    }
    return render(request, "subscriptions/how_to.html", context)


def _bodies_of(request: HttpRequest) -> list[Any]:
    """The municipalities whose LSG body this person works at (administrators use the office pages)."""
    user = request.user
    return [m for m in selectors.bodies_staffed_by(user) if user.has_perm(MANAGE_BODY, m)]


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(
    group="kenesh.invoice-account", key=user_key, rate=rate("invoice-account"), method="POST", block=False
)
def invoice_request(request: HttpRequest) -> HttpResponse:
    bodies = _bodies_of(request)
    form = RequestForm(request.POST or None, municipalities=bodies)
    status = 200
    if request.method == "POST":
        if request_limited(request):
            refuse_form(form)
            status = TOO_MANY_STATUS
        elif form.is_valid():
            payer = form.cleaned_data["payer"]
            try:
                if payer == RequestForm.INDIVIDUAL:
                    invoice = services.invoice_create(actor=request.user, person=request.user)
                else:
                    municipality = next(m for m in bodies if m.coate == payer)
                    # A body's invoice is office business: the second factor first.
                    refusal = office_check(request)
                    if refusal is not None:
                        return refusal
                    invoice = services.invoice_create(actor=request.user, municipality=municipality)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _("Invoice %(number)s is ready: download it, pay it by bank transfer.")
                    % {"number": invoice.number},
                )
                if invoice.subscription.municipality is not None:
                    return redirect(
                        "subscriptions:office_body", coate=invoice.subscription.municipality.coate
                    )
                return redirect("subscriptions:history")
        status = status if status == TOO_MANY_STATUS else 400
    context = {"form": form, "prices": selectors.prices_today(timezone.localdate())}
    return render(request, "subscriptions/request.html", context, status=status)


@login_required
@require_safe
def history(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {"history": selectors.history_of(request.user, today), "today": today}
    return render(request, "subscriptions/history.html", context)


def invoice_access(request: HttpRequest, invoice_id: int) -> Invoice:
    """The invoice, if this person may read it: their own, their body's (staff, with the second factor),
    or any (administrators); 404 for an invoice that does not exist, 403 for someone else's."""
    invoice = selectors.invoice_get(invoice_id)
    if invoice is None:
        raise Http404(invoice_id)
    user = request.user
    subscription = invoice.subscription
    if subscription.person_id is not None and subscription.person_id == user.pk:
        return invoice
    if subscription.municipality is not None and user.has_perm(MANAGE_BODY, subscription.municipality):
        return invoice
    if user.has_perm(ADMINISTER):
        return invoice
    raise PermissionDenied("invoice")


@login_required
@require_safe
def invoice_download(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = invoice_access(request, invoice_id)
    if invoice.subscription.person_id != request.user.pk:
        refusal = office_check(request)  # a body's invoice, or an administrator: office business
        if refusal is not None:
            return refusal
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in LANGUAGES:
        language = "ru"
    response = HttpResponse(invoice_pdf(invoice, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invoice-{invoice.number}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(
    group="kenesh.question-account", key=user_key, rate=rate("question-account"), method="POST", block=False
)
def ask(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(READ):
        return render(request, "subscriptions/ask_teaser.html", status=403)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if request_limited(request):
            refuse_form(form)
            status = TOO_MANY_STATUS
        elif form.is_valid():
            try:
                services.question_ask(
                    author=request.user,
                    text=form.cleaned_data["text"],
                    language=request.LANGUAGE_CODE,
                    municipality=getattr(request.user, "municipality", None),
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request, _("Your question is sent to the experts. The answer will appear below.")
                )
                return redirect("subscriptions:ask")
        status = status if status == TOO_MANY_STATUS else 400
    context = {"form": form, "questions": selectors.questions_of(request.user)[:50]}
    return render(request, "subscriptions/ask.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def digest_choice(request: HttpRequest) -> HttpResponse:
    """One's own choice of the weekly digest: subscribers opt in; anyone signed in may opt out."""
    user = request.user
    assert isinstance(user, User)  # login_required
    chosen = DigestChoice.objects.filter(user_id=user.pk).exists()
    may_receive = user.has_perm(RECEIVE_DIGEST)
    status = 200
    if request.method == "POST":
        wanted = request.POST.get("digest")
        if wanted == "on":
            if not may_receive:
                raise PermissionDenied("digest")
            try:
                services.digest_opt_in(actor=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                messages.success(request, _("You will receive the weekly digest by email."))
                return redirect("subscriptions:digest")
        elif wanted == "off":
            services.digest_opt_out(user=user, actor=user)
            messages.success(request, _("You will no longer receive the weekly digest."))
            return redirect("subscriptions:digest")
        else:
            status = 400
    context = {"chosen": chosen, "may_receive": may_receive, "email": user.email}
    return render(request, "subscriptions/digest.html", context, status=status)


@require_http_methods(["GET", "POST"])
def digest_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The email's link: a button stops the digest without signing in (a GET changes nothing, as mail
    scanners open links)."""
    user_id = digest_token_user(token)
    if user_id is None:
        return render(request, "subscriptions/digest_stop.html", {"invalid": True}, status=404)
    stopped = False
    if request.method == "POST":
        user = User.objects.filter(pk=user_id).first()
        if user is not None:
            services.digest_opt_out(user=user)
        stopped = True
    return render(request, "subscriptions/digest_stop.html", {"stopped": stopped, "token": token})
