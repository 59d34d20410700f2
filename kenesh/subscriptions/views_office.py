"""Back-office pages of subscriptions: an LSG body's subscription, seats and invoices (its staff); the dues
register, prices, payments and every subscription (administrators); the questions to experts (editors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.selectors import municipalities_managed_by
from kenesh.ops.access import office_required, require_perm
from kenesh.subscriptions import selectors, services
from kenesh.subscriptions.forms import AnswerForm, DuesForm, PaymentForm, PriceForm, SeatForm, SeatsForm
from kenesh.subscriptions.models import Question, QuestionStatus, Seat
from kenesh.territory.models import Municipality

MANAGE_BODY = "subscriptions.manage_body"
ADMINISTER = "subscriptions.administer"
ANSWER = "subscriptions.answer_questions"


def _act(request: HttpRequest, form: BaseForm, action: Callable[[dict[str, Any]], Any], done: str) -> bool:
    """Run a service on a valid form; its refusal goes onto the form, which keeps what was typed."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        form_errors_add(form, error)
        return False
    messages.success(request, done)
    return True


def _municipality(coate: str) -> Municipality:
    municipality = Municipality.objects.current().filter(coate=coate).first()
    if municipality is None:
        raise Http404(coate)
    return cast(Municipality, municipality)


@office_required
def office(request: HttpRequest) -> HttpResponse:
    """The LSG bodies whose subscription this person manages, with today's state of each."""
    user = request.user
    managed = [m for m in municipalities_managed_by(user=user) if user.has_perm(MANAGE_BODY, m)]
    if not managed and not user.has_perm(MANAGE_BODY):
        require_perm(request, MANAGE_BODY, None)
    if len(managed) == 1 and not user.has_perm(ADMINISTER):
        return redirect("subscriptions:office_body", coate=managed[0].coate)
    today = timezone.localdate()
    subscriptions = {s.municipality_id: s for s in selectors.subscriptions_all(today) if s.municipality_id}
    rows = [(m, subscriptions.get(m.pk)) for m in managed[:500]]
    return render(request, "subscriptions/office/index.html", {"rows": rows})


@office_required
@require_http_methods(["GET", "POST"])
def body(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(coate)
    require_perm(request, MANAGE_BODY, municipality)
    user = request.user
    subscription = selectors.body_subscription(municipality)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    candidates = selectors.seat_candidates(municipality, subscription)
    seat_form = SeatForm(post if action == "seat" else None, candidates=candidates, prefix="seat")
    seats_form = SeatsForm(
        post if action == "seats" else None,
        prefix="seats",
        initial={"seats": subscription.seats if subscription else None},
    )
    status = 200
    if request.method == "POST":
        if action == "invoice":
            try:
                invoice = services.invoice_create(actor=user, municipality=municipality)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Invoice %(number)s is ready.") % {"number": invoice.number})
            return redirect("subscriptions:office_body", coate=coate)
        if action == "seat":
            if subscription is None:
                messages.error(request, _("This LSG body has no subscription yet."))
                return redirect("subscriptions:office_body", coate=coate)
            if _act(
                request,
                seat_form,
                lambda data: services.seat_assign(actor=user, subscription=subscription, user=data["user"]),
                _("The seat is assigned."),
            ):
                return redirect("subscriptions:office_body", coate=coate)
        elif action == "seats":
            require_perm(request, ADMINISTER)
            if subscription is None:
                raise Http404("subscription")
            if _act(
                request,
                seats_form,
                lambda data: services.seats_set(actor=user, subscription=subscription, seats=data["seats"]),
                _("Saved."),
            ):
                return redirect("subscriptions:office_body", coate=coate)
        else:
            raise Http404(action)
        status = 400
    today = timezone.localdate()
    context = {
        "municipality": municipality,
        "subscription": subscription,
        "active": bool(subscription and selectors.subscription_active(subscription, today)),
        "member": selectors.dues_paid(municipality, today.year),
        "year": today.year,
        "seats": list(selectors.seats_active(subscription)) if subscription else [],
        "seats_history": list(selectors.seats_history(subscription)[:100]) if subscription else [],
        "invoices": list(selectors.invoices_of(subscription)) if subscription else [],
        "periods": list(selectors.periods_of(subscription)) if subscription else [],
        "seat_form": seat_form,
        "seats_form": seats_form,
        "can_administer": user.has_perm(ADMINISTER),
        "has_candidates": candidates.exists(),
    }
    return render(request, "subscriptions/office/body.html", context, status=status)


@office_required
@require_POST
def seat_remove(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = (
        Seat.objects.select_related("subscription", "subscription__municipality").filter(pk=seat_id).first()
    )
    if seat is None or seat.subscription.municipality is None:
        raise Http404(seat_id)
    municipality = seat.subscription.municipality
    require_perm(request, MANAGE_BODY, municipality)
    try:
        services.seat_remove(actor=request.user, seat=seat)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The seat is removed."))
    return redirect("subscriptions:office_body", coate=municipality.coate)


@office_required
def administration(request: HttpRequest) -> HttpResponse:
    require_perm(request, ADMINISTER)
    today = timezone.localdate()
    context = {
        "subscriptions": list(selectors.subscriptions_all(today)[:1000]),
        "unpaid": list(selectors.invoices_unpaid()),
        "payments": list(selectors.payments_recent()),
    }
    return render(request, "subscriptions/office/administration.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def dues(request: HttpRequest) -> HttpResponse:
    require_perm(request, ADMINISTER)
    form = DuesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _act(
            request,
            form,
            lambda data: services.dues_record(
                actor=request.user,
                municipality=data["municipality"],
                year=data["year"],
                amount=data["amount"],
                paid_on=data["paid_on"],
            ),
            _("The dues are registered; the LSG body's subscription is free for that year."),
        ):
            return redirect("subscriptions:office_dues")
        status = 400
    context = {"form": form, "register": list(selectors.dues_register()[:1000])}
    return render(request, "subscriptions/office/dues.html", context, status=status)


@office_required
@require_http_methods(["GET", "POST"])
def prices(request: HttpRequest) -> HttpResponse:
    require_perm(request, ADMINISTER)
    form = PriceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _act(
            request,
            form,
            lambda data: services.price_set(
                actor=request.user, plan=data["plan"], amount=data["amount"], valid_from=data["valid_from"]
            ),
            _("The new price is saved."),
        ):
            return redirect("subscriptions:office_prices")
        status = 400
    today = timezone.localdate()
    context = {
        "form": form,
        "history": list(selectors.price_history()),
        "prices": selectors.prices_today(today),
    }
    return render(request, "subscriptions/office/prices.html", context, status=status)


@office_required
@require_http_methods(["GET", "POST"])
def payment(request: HttpRequest) -> HttpResponse:
    require_perm(request, ADMINISTER)
    if request.POST.get("action") == "cancel":
        raw = request.POST.get("invoice", "")
        invoice = selectors.invoice_get(int(raw)) if raw.isdigit() and len(raw) < 18 else None
        if invoice is None:
            raise Http404("invoice")
        try:
            services.invoice_cancel(actor=request.user, invoice=invoice)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invoice %(number)s is cancelled.") % {"number": invoice.number})
        return redirect("subscriptions:office_payment")
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if _act(
            request,
            form,
            lambda data: services.payment_register(
                actor=request.user,
                invoice_number=data["invoice_number"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                reference=data["reference"],
            ),
            _("The payment is registered; the subscription is extended by a year."),
        ):
            return redirect("subscriptions:office_payment")
        status = 400
    context = {
        "form": form,
        "unpaid": list(selectors.invoices_unpaid()),
        "payments": list(selectors.payments_recent()),
    }
    return render(request, "subscriptions/office/payment.html", context, status=status)


@office_required
def questions(request: HttpRequest) -> HttpResponse:
    require_perm(request, ANSWER)
    status = request.GET.get("status", QuestionStatus.NEW)
    if status not in QuestionStatus.values:
        status = ""
    context = {
        "questions": list(selectors.questions_for_editors(status=status or None)[:500]),
        "status": status,
    }
    return render(request, "subscriptions/office/questions.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    require_perm(request, ANSWER)
    found = (
        Question.objects.select_related("author", "municipality", "answered_by")
        .filter(pk=question_id)
        .first()
    )
    if found is None:
        raise Http404(question_id)
    form = AnswerForm(request.POST or None, initial={"answer": found.answer})
    status = 200
    if request.method == "POST":
        if _act(
            request,
            form,
            lambda data: services.question_answer(actor=request.user, question=found, answer=data["answer"]),
            _("The answer is saved."),
        ):
            return redirect("subscriptions:office_question", question_id=found.pk)
        status = 400
    return render(
        request, "subscriptions/office/question.html", {"question": found, "form": form}, status=status
    )
