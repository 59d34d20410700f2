"""Public pages of the notices app: opt in to a municipality's notices, and leave them in one step."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kenesh.accounts.models import User
from kenesh.notices import selectors, services
from kenesh.notices.forms import SubscribeForm
from kenesh.notices.models import Channel, Subscription
from kenesh.territory.models import Municipality


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = Municipality.objects.current().filter(coate=coate).first()
    if municipality is None:
        raise Http404(coate)
    user = cast(User, request.user)
    current = selectors.subscriptions_of(user=user, municipality=municipality)
    channels = {subscription.channel for subscription in current}
    language = current[0].language if current else getattr(user, "preferred_language", "ky")
    initial = {"sms": Channel.SMS in channels, "email": Channel.EMAIL in channels, "language": language}
    form = SubscribeForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            wanted = {
                Channel.SMS: form.cleaned_data["sms"] and bool(user.phone),
                Channel.EMAIL: form.cleaned_data["email"] and bool(user.email),
            }
            addresses = {Channel.SMS: user.phone or "", Channel.EMAIL: user.email or ""}
            for channel, on in wanted.items():
                if on:
                    services.subscription_add(
                        municipality=municipality,
                        channel=channel,
                        address=addresses[channel],
                        language=form.cleaned_data["language"],
                        user=user,
                    )
                else:
                    for subscription in current:
                        if subscription.channel == channel:
                            services.subscription_cancel(subscription=subscription)
        messages.success(request, _("Your choice of notices is saved."))
        return redirect("notices:subscribe", coate=coate)
    return render(
        request,
        "notices/subscribe.html",
        {"form": form, "municipality": municipality, "subscriptions": current},
    )


@csrf_exempt  # the token in the address is the secret; a mail client's one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every notice email. GET shows one button (mail scanners open links, they do not
    press buttons); POST, from that button or a mail client's one-click (RFC 8058), unsubscribes."""
    subscription = Subscription.objects.filter(token=token).select_related("municipality").first()
    if subscription is None:
        raise Http404("token")
    if request.method == "POST":
        services.subscription_cancel_by_token(token=token)
        subscription.refresh_from_db()
    return render(request, "notices/unsubscribe.html", {"subscription": subscription})
