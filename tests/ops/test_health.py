"""The health check: the database answers, the task backlog is reported, 503 when the database is down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kenesh.messaging.models import OutboundSms
from kenesh.messaging.tasks import sms_deliver

pytestmark = pytest.mark.django_db


def test_healthy_with_an_empty_queue(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"ok": True},
        "tasks": {"ok": True, "ready": 0, "oldest_ready_seconds": 0.0},
    }
    assert "no-cache" in response["Cache-Control"]


def test_reports_the_ready_backlog_but_not_tasks_waiting_for_later(client):
    message = OutboundSms.objects.create(to="+996700123456", text="Салам")
    sms_deliver.enqueue(message.pk)
    sms_deliver.enqueue(message.pk)
    sms_deliver.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(message.pk)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))

    tasks = client.get("/health/").json()["tasks"]

    assert tasks["ready"] == 2
    assert 295 <= tasks["oldest_ready_seconds"] <= 330


def test_database_failure_answers_503(client, monkeypatch):
    # The database is outside our code: make its cursor fail as a lost server would.
    from django.db import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == {"ok": False, "error": "OperationalError"}


def test_answers_over_plain_http_behind_an_https_site(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/").status_code == 200
    assert client.get("/ky/").status_code == 301
