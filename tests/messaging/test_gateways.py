"""The HTTP gateway against a real HTTP server on 127.0.0.1, and the outbox gateway."""

from __future__ import annotations

import base64
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from kenesh.messaging.gateways import (
    GatewayResult,
    HttpGateway,
    OutboxGateway,
    Outcome,
    gateway_from_settings,
)
from kenesh.messaging.models import OutboundSms


def _gateway(url: str, timeout: float = 2.0) -> HttpGateway:
    return HttpGateway(url=url, user="kenesh", password="s3cret", sender="KENESH", timeout=timeout)


def _message() -> OutboundSms:
    return OutboundSms(to="+996700123456", text="Салам!", reference="ref-1")


def test_posts_json_with_basic_auth_and_reads_the_operator_id(operator):
    operator.answer(200, b'{"id": "op-77", "status": "accepted"}')

    result = _gateway(operator.url).send(_message())

    assert result == GatewayResult(Outcome.SENT, gateway_reference="op-77")
    [request] = operator.requests
    assert request["path"] == "/sms/send"
    assert request["body"] == {
        "to": "+996700123456",
        "text": "Салам!",
        "sender": "KENESH",
        "reference": "ref-1",
    }
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"kenesh:s3cret").decode()


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_busy_or_broken_operator_is_retryable(operator, status):
    operator.answer(status, b"try later")

    result = _gateway(operator.url).send(_message())

    assert result.outcome is Outcome.RETRYABLE
    assert result.error == f"HTTP {status}: try later"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_rejected_message_is_permanent(operator, status):
    operator.answer(status, b'{"error": "bad number"}')

    result = _gateway(operator.url).send(_message())

    assert result.outcome is Outcome.PERMANENT
    assert "bad number" in result.error


def test_unreachable_operator_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed: the connection is refused.
    result = _gateway(f"http://127.0.0.1:{port}/sms").send(_message())

    assert result.outcome is Outcome.RETRYABLE
    assert result.error.startswith("URLError")


def test_slow_operator_times_out_as_retryable(operator):
    operator.answer(200, b"{}", delay=1.0)

    result = _gateway(operator.url, timeout=0.2).send(_message())

    assert result.outcome is Outcome.RETRYABLE


def test_answer_without_an_id_is_still_sent(operator):
    operator.answer(202, b"OK")

    assert _gateway(operator.url).send(_message()) == GatewayResult(Outcome.SENT)


def test_outbox_gateway_keeps_the_message():
    result = OutboxGateway().send(_message())

    assert result.outcome is Outcome.DELIVERED_TO_OUTBOX
    assert result.delivered


def test_settings_choose_the_gateway(settings, operator):
    assert isinstance(gateway_from_settings(), OutboxGateway)
    settings.KENESH_SMS_GATEWAY = "http"
    settings.KENESH_SMS_HTTP_URL = operator.url
    assert isinstance(gateway_from_settings(), HttpGateway)
    settings.KENESH_SMS_HTTP_URL = "ftp://example.org/"
    with pytest.raises(ImproperlyConfigured):
        gateway_from_settings()
    settings.KENESH_SMS_GATEWAY = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        gateway_from_settings()
