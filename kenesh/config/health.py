"""The health check for load balancers and monitoring: the database answers, and the task backlog."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 with {"status": "ok", ...} when the database answers, 503 otherwise.

    The backlog (tasks ready to run, and how long the oldest has waited) tells a monitor whether the
    worker keeps up; it is reported, not judged, because a burst of work is not an outage.
    """
    checks: dict[str, Any] = {"database": _database(), "tasks": _tasks()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: database unavailable", extra={"error": type(error).__name__})
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _tasks() -> dict[str, Any]:
    try:
        ready = DBTaskResult.objects.ready()
        count = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    waited = (timezone.now() - oldest).total_seconds() if oldest is not None else 0.0
    return {"ok": True, "ready": count, "oldest_ready_seconds": round(waited, 1)}
