"""The overdue check as a background task: queued at registration for the deadline, run by the real worker."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kenesh.appeals.models import Appeal, Event
from kenesh.appeals.tasks import appeals_overdue_sweep_task
from kenesh.appeals.testing import appeal_make

pytestmark = pytest.mark.django_db(transaction=True)


def _worker_batch() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)


def test_registration_queues_a_check_for_after_the_deadline(municipality):
    appeal = appeal_make(municipality)
    queued = DBTaskResult.objects.get()
    assert queued.run_after is not None and queued.run_after.date() > appeal.due_on - datetime.timedelta(
        days=1
    )
    _worker_batch()  # not due yet: nothing runs
    assert DBTaskResult.objects.ready().count() == 0


def test_the_worker_escalates_an_appeal_past_its_deadline(municipality, head):
    appeal = appeal_make(municipality, received_on=timezone.localdate() - datetime.timedelta(days=40))
    _worker_batch()
    appeal.refresh_from_db()
    assert appeal.overdue_at is not None
    assert Event.objects.filter(appeal=appeal, kind=Event.Kind.OVERDUE).count() == 1


def test_the_sweep_task(municipality):
    appeal_make(municipality, received_on=timezone.localdate() - datetime.timedelta(days=40))
    Appeal.objects.update(overdue_at=None)
    DBTaskResult.objects.all().delete()
    appeals_overdue_sweep_task.enqueue()
    _worker_batch()
    assert Appeal.objects.get().overdue_at is not None


def test_the_management_command_escalates(municipality):
    import io

    appeal_make(municipality, received_on=timezone.localdate() - datetime.timedelta(days=40))
    Appeal.objects.update(overdue_at=None)
    out = io.StringIO()
    call_command("appeals_overdue", stdout=out)
    assert out.getvalue().startswith("1 ") and Appeal.objects.get().overdue_at is not None
