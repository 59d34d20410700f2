"""Background tasks of the appeals app: the overdue check, queued for each appeal at its deadline.

`appeal_submit` and `appeal_extend` queue `appeal_overdue_check` to run when the deadline's day is over
(`run_after`), on the db worker that `make run` starts; `appeals_overdue_sweep_task` catches any appeal a
lost check missed, and `manage.py appeals_overdue` does the same at once.
"""

from __future__ import annotations

from django_tasks import task

from kenesh.appeals import overdue


@task()
def appeal_overdue_check(appeal_id: int) -> bool:
    """Escalate the appeal to the head of the body if it is still unanswered past its deadline."""
    return overdue.appeal_overdue_escalate(appeal_id=appeal_id)


@task()
def appeals_overdue_sweep_task() -> int:
    return overdue.appeals_overdue_sweep()
