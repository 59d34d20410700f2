"""Fixtures of the messaging tests: a real HTTP server standing in for an operator's SMS API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kenesh.messaging import inbound


@dataclass
class FakeOperator:
    """What the operator received, and what it answers next (status, body, delay in seconds)."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[tuple[int, bytes, float]] = field(default_factory=list)

    def answer(self, status: int, body: bytes = b"{}", delay: float = 0.0) -> None:
        self.answers.append((status, body, delay))


@pytest.fixture
def operator() -> Iterator[FakeOperator]:
    state = FakeOperator()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            status, body, delay = state.answers.pop(0) if state.answers else (200, b'{"id": "op-1"}', 0.0)
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def http_gateway_settings(settings: Any, operator: FakeOperator) -> FakeOperator:
    settings.KENESH_SMS_GATEWAY = "http"
    settings.KENESH_SMS_HTTP_URL = operator.url
    settings.KENESH_SMS_HTTP_USER = "kenesh"
    settings.KENESH_SMS_HTTP_PASSWORD = "s3cret"
    settings.KENESH_SMS_SENDER = "KENESH"
    settings.KENESH_SMS_HTTP_TIMEOUT = 2
    return operator


@pytest.fixture
def keywords() -> Iterator[list[str]]:
    """Keywords registered in a test, unregistered afterwards."""
    registered: list[str] = []
    yield registered
    for keyword in registered:
        inbound.unregister_keyword(keyword)
