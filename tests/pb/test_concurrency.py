"""Simultaneous ballots of one identity: exactly one is stored (SQLite and PostgreSQL, real threads)."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from kenesh.pb.ballots import BallotRejected, Identity, VoterProfile, ballot_cast
from kenesh.pb.codes import code_find, code_vote
from kenesh.pb.models import Ballot, BallotChoice, Participation
from kenesh.pb.testing import process_make, proposal_make, voter_make
from tests.pb.desk_util import code_for

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def run_together(work):
    """Run `work(i)` in THREADS threads released at once; (results, errors)."""
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def attempt(i):
        # The test database of SQLite is in memory with a shared cache, where a second writer gets
        # "table is locked" at once instead of waiting as it does on the file the server uses (busy
        # timeout); wait here the same way. PostgreSQL needs no retry.
        for _ in range(200):
            try:
                return work(i)
            except OperationalError as error:
                if connection.vendor != "sqlite" or "locked" not in str(error):
                    raise
                time.sleep(0.01)
        raise AssertionError("the database stayed locked")

    def runner(i):
        try:
            barrier.wait(timeout=10)
            results.append(attempt(i))
        except BallotRejected as rejection:
            errors.append(rejection.code)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture
def process():
    process = process_make(budget=1000, max_choices=2)
    for cost in (600, 500, 300):
        proposal_make(process, cost=cost)
    return process


def test_simultaneous_ballots_of_one_person_store_one(process):
    voter = voter_make(process)

    def cast(i):
        return ballot_cast(
            process=process,
            identity=Identity.of_user(voter),
            channel="web",
            choices={1 + i % 3: 1},
            voter_profile=VoterProfile.of_user(voter),
        )

    results, errors = run_together(cast)
    assert len(results) == 1, errors
    assert errors == ["already_voted"] * (THREADS - 1)
    assert Ballot.objects.count() == 1 and BallotChoice.objects.count() == 1
    assert Participation.objects.count() == 1


def test_simultaneous_changes_leave_one_whole_ballot(process):
    process.allow_change = True
    process.save()
    voter = voter_make(process)

    def cast(i):
        return ballot_cast(
            process=process,
            identity=Identity.of_user(voter),
            channel="web",
            choices={1: 1, 2 + i % 2: 1},
            voter_profile=VoterProfile.of_user(voter),
        )

    results, errors = run_together(cast)
    assert len(results) == THREADS, errors
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1
    # One of the ballots, whole: never a mix of two, never choices from two.
    assert BallotChoice.objects.count() == 2


def test_one_code_used_by_many_at_once_counts_once(process):
    from kenesh.accounts.models import Role
    from kenesh.accounts.testing import person_make

    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    code = code_find(process=process, text=code_for(process, staff))

    results, errors = run_together(lambda i: code_vote(process=process, code_id=code.pk, choices={1: 1}))
    assert len(results) == 1, errors
    assert set(errors) == {"code_used"}
    assert Ballot.objects.count() == 1
