"""Public read-only pages read from a PostgreSQL streaming replica; everything else from the primary.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database. `ReplicaMiddleware` decides per request:
a GET or HEAD of a public page (not the office, the admin, sign-in or the SMS webhook) reads from the
replica, unless the browser wrote something in the last `KENESH_REPLICA_PIN_SECONDS` (a POST sets a short
cookie, so a voter who has just cast a ballot, or a citizen who has just sent an appeal, reads their own
write from the primary and never sees it vanish while the replica catches up). `ReplicaRouter` sends every
write, every read inside a transaction, and the tables that are written while being read (the shared cache
with its rate-limit counters, the task queue, sessions, sign-in lock-outs and second-factor devices) to the
primary.

A replica that does not answer is not used for `KENESH_REPLICA_RETRY_SECONDS` (per process); the pages keep
answering from the primary. A replica that fails in the middle of a page (stopped, restarted) has the page
rendered again from the primary (`ReplicaMiddleware.process_exception`; the page is a GET). Without a
replica all of this does nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "kenesh_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Tables written while they are read, or whose staleness would sign a person out or let a limit slip.
PRIMARY_ONLY_APPS = frozenset(
    {"django_cache", "django_tasks_db", "sessions", "axes", "otp_totp", "otp_static"}
)
# Paths after the language prefix (or at the root) that always read from the primary.
PRIMARY_PATHS = ("office/", "admin/", "login/", "logout/", "signup/", "profile/", "sms/", "health/", "i18n/")

_reading_replica: ContextVar[bool] = ContextVar("kenesh_reading_replica", default=False)
_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_wanted(request: HttpRequest) -> bool:
    """Whether this request may read from the replica (before asking whether the replica answers)."""
    if not replica_configured() or request.method not in SAFE_METHODS:
        return False
    if request.COOKIES.get(PIN_COOKIE):
        return False
    parts = request.path_info.lstrip("/").split("/", 1)
    rest = parts[1] if len(parts) > 1 and parts[0] in dict(settings.LANGUAGES) else request.path_info[1:]
    return not rest.startswith(PRIMARY_PATHS)


def replica_usable() -> bool:
    """The replica answers (checked once per request on a kept connection); else it rests a while."""
    if time.monotonic() < _down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        replica_rest_start()
        logger.warning("Replica unavailable; reading from the primary", extra={"error": type(error).__name__})
        return False
    return True


def replica_rest_start() -> None:
    """The replica failed: read from the primary for `KENESH_REPLICA_RETRY_SECONDS` (in this process)."""
    global _down_until
    _down_until = time.monotonic() + settings.KENESH_REPLICA_RETRY_SECONDS


def replica_rest_end() -> None:
    """Forget that the replica was found down (for tests and after an operator brings it back)."""
    global _down_until
    _down_until = 0.0


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reading_replica.set(replica_wanted(request) and replica_usable())
        try:
            response = self.get_response(request)
        finally:
            _reading_replica.reset(token)
        if replica_configured() and request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.KENESH_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A replica that fails in the middle of a read-only request: the view runs again on the primary.

        Only GET and HEAD read from the replica, so running the view again writes nothing twice.
        """
        if not (_reading_replica.get() and isinstance(exception, DatabaseError)):
            return None
        replica_rest_start()
        connections[REPLICA].close()
        logger.warning(
            "Replica failed during a request; answering from the primary",
            extra={"error": type(exception).__name__},
        )
        _reading_replica.set(False)
        match = request.resolver_match
        if match is None:
            return None
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        return response


class ReplicaRouter:
    """Reads go to the replica only while ReplicaMiddleware allows it; writes always to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _reading_replica.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections["default"].in_atomic_block:
            return None  # a transaction reads what it writes
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: objects from either relate

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
