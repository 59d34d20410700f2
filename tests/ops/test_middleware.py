"""The request log: one JSON line per request with method, path, status, duration and user."""

from __future__ import annotations

import datetime
import json
import logging

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make

pytestmark = pytest.mark.django_db


def _request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "kenesh.request"]


def test_logs_an_anonymous_request(client, caplog):
    caplog.set_level(logging.INFO, logger="kenesh.request")

    client.get("/health/?probe=1")

    [record] = _request_records(caplog)
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/health/", 200, None)
    assert isinstance(record.duration_ms, float)
    assert record.duration_ms >= 0


def test_logs_the_signed_in_user_and_the_status(client, caplog):
    admin = person_make(role=Role.ADMIN)
    office_login(client, admin)
    caplog.set_level(logging.INFO, logger="kenesh.request")

    client.get("/ky/office/audit/")
    client.get("/ky/no-such-page/")

    first, second = _request_records(caplog)
    assert (first.path, first.status, first.user_id) == ("/ky/office/audit/", 200, admin.pk)
    assert second.status == 404


def test_json_formatter_writes_the_fields(client, caplog):
    from django.conf import settings

    formatter = logging.config.DictConfigurator(settings.LOGGING).configure_formatter(
        settings.LOGGING["formatters"]["json"]
    )
    caplog.set_level(logging.INFO, logger="kenesh.request")

    client.post("/sms/inbound/", {})

    line = json.loads(formatter.format(_request_records(caplog)[0]))
    assert line["logger"] == "kenesh.request"
    assert line["level"] == "INFO"
    assert line["message"] == "POST /sms/inbound/ 403"
    assert {key: line[key] for key in ("method", "path", "status", "user_id")} == {
        "method": "POST",
        "path": "/sms/inbound/",
        "status": 403,
        "user_id": None,
    }
    assert "duration_ms" in line
    assert datetime.datetime.fromisoformat(line["time"]).utcoffset() == datetime.timedelta(0)
