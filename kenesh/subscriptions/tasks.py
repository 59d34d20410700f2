"""Background tasks of subscriptions: the expiry reminders, queued by the services for each new end date to
run at nine in the morning 30 and 7 days before it (`run_after`), on the db worker that `make run` starts;
the sweep catches any reminder a lost task missed, and `manage.py subscriptions_remind` does the same at once.
The weekly portal digest queues itself again for the next Monday (`digest_schedule()` starts it: the demo and
`manage.py subscriptions_digest --schedule`).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kenesh.subscriptions import digest, reminders


@task()
def subscription_remind(subscription_id: int, days_before: int) -> bool:
    return reminders.reminder_send(subscription_id=subscription_id, days_before=days_before)


@task()
def subscriptions_remind_sweep() -> int:
    return reminders.reminders_sweep()


@task()
def digest_weekly() -> int:
    """This week's digests, then the same again next Monday morning in Bishkek."""
    sent = digest.digests_send()
    digest_weekly.using(run_after=digest.next_send_after(timezone.now())).enqueue()
    return sent


def digest_schedule() -> None:
    """Queue the weekly digest for next Monday morning unless one is already waiting."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=digest_weekly.module_path, status="READY").exists()
    if not waiting:
        digest_weekly.using(run_after=digest.next_send_after(timezone.now())).enqueue()
