"""The request log: one structured line per request, and the client address for the audit log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from kenesh.ops.clientip import client_ip

logger = logging.getLogger("kenesh.request")

_client_ip: ContextVar[str | None] = ContextVar("kenesh_client_ip", default=None)


def current_client_ip() -> str | None:
    """The address of the client whose request is being served in this context, if any."""
    return _client_ip.get()


class RequestLogMiddleware:
    """Logs method, path, status, duration and user id of every request as JSON fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        token = _client_ip.set(client_ip(request))
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            _client_ip.reset(token)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )


def _user_id(request: HttpRequest) -> int | None:
    # Only read a user the view already loaded: resolving the lazy user here would cost a query.
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return user.pk
    return None
