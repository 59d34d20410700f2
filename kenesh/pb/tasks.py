"""Background tasks of participatory budgeting: the count of a process's ballots."""

from __future__ import annotations

import logging

from django_tasks import task

from kenesh.pb.count_store import result_compute
from kenesh.pb.election import CountError
from kenesh.pb.models import Result

logger = logging.getLogger(__name__)


@task()
def result_count(result_id: int) -> None:
    """Count a queued result; its progress and any error are written on the Result itself."""
    result = Result.objects.select_related("process", "process__municipality").get(pk=result_id)
    try:
        result_compute(result)
    except CountError as error:
        # Stored on the result for staff to read; not a crash of the worker.
        logger.warning("pb count %s failed: %s", result_id, error)
