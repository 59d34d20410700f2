"""/metrics: request counts from django-prometheus, ballots cast, the task backlog; only for the operator."""

from __future__ import annotations

import re

import pytest

from kenesh.messaging.models import OutboundSms
from kenesh.ops.metrics import ballot_counted

pytestmark = pytest.mark.django_db


def _value(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} ([0-9.e+-]+)$", text, re.MULTILINE)
    assert match, f"{name} not in the metrics"
    return float(match.group(1))


def test_the_operator_reads_requests_ballots_and_backlog(client):
    client.get("/ky/")
    ballot_counted("web")
    OutboundSms.objects.create(to="+996700111222", text="Салам")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert _value(text, 'kenesh_ballots_cast_total{channel="web"}') >= 1
    assert _value(text, "kenesh_sms_queued") == 1
    assert _value(text, "kenesh_tasks_ready") >= 0
    assert response["Cache-Control"].startswith("max-age=0")


def test_anyone_else_gets_the_ordinary_not_found_page(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.KENESH_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_a_ballot_is_counted_when_it_commits_and_a_rejected_one_is_not(django_capture_on_commit_callbacks):
    from kenesh.pb.ballots import BallotRejected, Identity, VoterProfile, ballot_cast
    from kenesh.pb.models import Channel
    from kenesh.pb.testing import process_make, proposal_make, voter_make

    process = process_make(budget=1000, min_choices=1, max_choices=2)
    proposal_make(process, cost=600)
    voter = voter_make(process)

    def cast() -> None:
        ballot_cast(
            process=process,
            identity=Identity.of_user(voter),
            channel=Channel.WEB,
            choices={1: 1},
            voter_profile=VoterProfile.of_user(voter),
        )

    before = _counter("web")
    with django_capture_on_commit_callbacks(execute=True):
        cast()
    assert _counter("web") == before + 1
    process.allow_change = False
    process.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BallotRejected):
        cast()
    assert _counter("web") == before + 1


def _counter(channel: str) -> float:
    from kenesh.ops.metrics import BALLOTS_CAST

    return float(BALLOTS_CAST.labels(channel=channel)._value.get())
