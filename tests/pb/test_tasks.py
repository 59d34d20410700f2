"""The count as a background task: queued after commit, run by the real db_worker, progress stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.models import Phase, Result, ResultStatus
from kenesh.pb.result_services import result_request
from kenesh.pb.testing import ballot_make, process_make, proposal_make
from kenesh.tally.checker import check_election
from kenesh.tally.pabulib import parse_pabulib
from tests.pb.test_counting import municipality_new

pytestmark = pytest.mark.django_db(transaction=True)


def _worker_batch() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)


def _counting_process():
    process = process_make(municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000))
    a, b = proposal_make(process, cost=700), proposal_make(process, cost=300)
    for i in range(10):
        ballot_make(process, [a] if i % 2 else [a, b])
    return process


def test_the_worker_counts_a_requested_result():
    process = _counting_process()
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    result = result_request(actor=staff, process=process)
    assert result.status == ResultStatus.QUEUED
    assert DBTaskResult.objects.ready().count() == 1

    _worker_batch()

    result.refresh_from_db()
    assert (result.status, result.progress, result.ballots_counted) == (ResultStatus.DONE, 100, 10)
    assert DBTaskResult.objects.successful().count() == 1
    assert check_election(parse_pabulib(result.export)).status == "match"


def test_a_second_request_while_counting_returns_the_same_result():
    process = _counting_process()
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    first = result_request(actor=staff, process=process)
    second = result_request(actor=staff, process=process)
    assert first.pk == second.pk
    assert Result.objects.filter(process=process).count() == 1


def test_a_failing_count_is_stored_as_failed_not_a_worker_crash():
    process = process_make(municipality_new(), phase=Phase.COUNTING)
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    result = result_request(actor=staff, process=process)

    _worker_batch()

    result.refresh_from_db()
    assert result.status == ResultStatus.FAILED
    assert result.error
