"""Background tasks of the portraits app, on the db worker that `make run` starts.

`indicators_refresh_task` recomputes the figures, of every unit or of one municipality's oblast; it is
queued when a municipality's source data changes (kenesh.portraits.receivers), at most once while one is
waiting. `indicators_refresh_hourly` recomputes everything and queues itself again an hour later, which
catches the changes no signal announces (ballots, appeals, survey answers); `indicators_schedule()` starts
it (called when the demo loads and by `manage.py refresh_indicators --schedule`).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from kenesh.portraits import services

EVERY = datetime.timedelta(hours=1)


@task()
def indicators_refresh_task(municipality_id: int | None = None) -> int:
    return services.indicators_refresh(municipality_id=municipality_id)


@task()
def indicators_refresh_hourly() -> int:
    written = services.indicators_refresh()
    indicators_refresh_hourly.using(run_after=timezone.now() + EVERY).enqueue()
    return written


def _waiting(task_path: str, args: list[object]) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task_path, status="READY", args_kwargs__args=args).exists()


def indicators_schedule() -> None:
    """Queue the hourly refresh unless one is already waiting."""
    if not _waiting(indicators_refresh_hourly.module_path, []):
        indicators_refresh_hourly.using(run_after=timezone.now() + EVERY).enqueue()


def indicators_refresh_later(municipality_id: int) -> None:
    """Queue a refresh of a municipality's oblast unless one is already waiting."""
    if not _waiting(indicators_refresh_task.module_path, [municipality_id]):
        indicators_refresh_task.enqueue(municipality_id)
