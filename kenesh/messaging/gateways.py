"""SMS gateways: the database outbox (the default) and an operator's HTTP API (production)."""

from __future__ import annotations

import base64
import enum
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kenesh.messaging.models import OutboundSms

# Statuses that a later attempt may cure: the gateway is busy, rate-limiting or down for a while.
RETRYABLE_HTTP_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class Outcome(enum.Enum):
    DELIVERED_TO_OUTBOX = "outbox"
    SENT = "sent"
    RETRYABLE = "retryable"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class GatewayResult:
    outcome: Outcome
    error: str = ""
    gateway_reference: str = ""

    @property
    def delivered(self) -> bool:
        return self.outcome in (Outcome.DELIVERED_TO_OUTBOX, Outcome.SENT)


class SmsGateway(Protocol):
    def send(self, message: OutboundSms) -> GatewayResult: ...


class OutboxGateway:
    """Keeps the message in the database, where staff read it in the back office: nothing leaves."""

    def send(self, message: OutboundSms) -> GatewayResult:
        return GatewayResult(Outcome.DELIVERED_TO_OUTBOX)


class HttpGateway:
    """POSTs {to, text, sender, reference} as JSON with basic auth to an operator's SMS API."""

    def __init__(self, *, url: str, user: str, password: str, sender: str, timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("KENESH_SMS_HTTP_URL must be an http(s) URL.")
        self.url = url
        self.sender = sender
        self.timeout = timeout
        credentials = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self.headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Basic {credentials}",
        }

    def send(self, message: OutboundSms) -> GatewayResult:
        body = json.dumps(
            {"to": message.to, "text": message.text, "sender": self.sender, "reference": message.reference}
        ).encode()
        request = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return GatewayResult(Outcome.SENT, gateway_reference=_gateway_id(response.read()))
        except urllib.error.HTTPError as error:
            outcome = Outcome.RETRYABLE if error.code in RETRYABLE_HTTP_STATUSES else Outcome.PERMANENT
            return GatewayResult(outcome, error=f"HTTP {error.code}: {_excerpt(error.read())}")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return GatewayResult(Outcome.RETRYABLE, error=f"{type(error).__name__}: {error}")


def gateway_from_settings() -> SmsGateway:
    """The gateway that KENESH_SMS_GATEWAY names."""
    if settings.KENESH_SMS_GATEWAY == "outbox":
        return OutboxGateway()
    if settings.KENESH_SMS_GATEWAY == "http":
        return HttpGateway(
            url=settings.KENESH_SMS_HTTP_URL,
            user=settings.KENESH_SMS_HTTP_USER,
            password=settings.KENESH_SMS_HTTP_PASSWORD,
            sender=settings.KENESH_SMS_SENDER,
            timeout=settings.KENESH_SMS_HTTP_TIMEOUT,
        )
    raise ImproperlyConfigured(
        f"Unknown KENESH_SMS_GATEWAY {settings.KENESH_SMS_GATEWAY!r}: use outbox or http."
    )


def _gateway_id(body: bytes) -> str:
    # Gateways that answer {"id": ...} let staff match a message with the operator's records.
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return ""
    value = data.get("id", "") if isinstance(data, dict) else ""
    return str(value)[:100]


def _excerpt(body: bytes) -> str:
    return body[:200].decode("utf-8", "replace")
