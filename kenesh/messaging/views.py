"""The outbox page of the back office and the gateway's webhook for incoming SMS."""

from __future__ import annotations

import hmac
import json
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kenesh.messaging.selectors import inbox_list, outbox_list
from kenesh.messaging.services import sms_receive
from kenesh.ops import limits
from kenesh.ops.access import office_required, require_perm
from kenesh.ops.clientip import client_ip_or_unknown
from kenesh.ops.limits import TOO_MANY_STATUS

PAGE_SIZE = 50
SECRET_HEADER = "X-Kenesh-Secret"  # noqa: S105 - a header name, not a secret


@office_required
def outbox(request: HttpRequest) -> HttpResponse:
    require_perm(request, "messaging.view_outbox")
    outgoing = Paginator(outbox_list(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("out"))
    incoming = Paginator(inbox_list(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("in"))
    return render(request, "messaging/outbox.html", {"outgoing": outgoing, "incoming": incoming})


@csrf_exempt
@require_POST
@sensitive_post_parameters("text")  # an error report must not show a ballot sent by SMS
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """Take one incoming SMS from the gateway: {"from", "text", "reference"?} as JSON or form fields."""
    expected = settings.KENESH_SMS_WEBHOOK_SECRET
    given = request.headers.get(SECRET_HEADER, "")
    address = client_ip_or_unknown(request)
    # Guessing the secret: a few wrong ones per address, then nothing is even compared.
    if limits.failures_exhausted(request, "sms-secret-address", address):
        return JsonResponse({"error": "too many requests"}, status=TOO_MANY_STATUS)
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        limits.failure_count(request, "sms-secret-address", address)
        return JsonResponse({"error": "forbidden"}, status=403)
    fields = _payload(request)
    sender, text = str(fields.get("from", "")).strip(), str(fields.get("text", ""))
    if not sender:
        return JsonResponse({"error": "'from' is required"}, status=400)
    # One phone flooding the inbox (or trying many VOTE texts): the gateway may deliver it again later.
    if limits.failure_count(request, "sms-sender", sender) > limits.limit_of("sms-sender"):
        return JsonResponse({"error": "too many requests"}, status=TOO_MANY_STATUS)
    message = sms_receive(sender=sender, text=text, gateway_reference=str(fields.get("reference", "")))
    return JsonResponse({"id": message.pk, "handled": message.handled})


def _payload(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()
