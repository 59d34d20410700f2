"""Background tasks of subscriptions: the expiry reminders, queued by the services for each new end date to
run at nine in the morning 30 and 7 days before it (`run_after`), on the db worker that `make run` starts;
the sweep catches any reminder a lost task missed, and `manage.py subscriptions_remind` does the same at once.
"""

from __future__ import annotations

from django_tasks import task

from kenesh.subscriptions import reminders


@task()
def subscription_remind(subscription_id: int, days_before: int) -> bool:
    return reminders.reminder_send(subscription_id=subscription_id, days_before=days_before)


@task()
def subscriptions_remind_sweep() -> int:
    return reminders.reminders_sweep()
