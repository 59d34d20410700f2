"""A task for tests/ops/test_worker_race.py: it appends its number and its process to a log file, so that a
task run twice, or by two workers, shows as two lines. Importable by the worker processes (cwd = the repo)."""

import os
import time

from django_tasks import task


@task()
def race_mark(number: int) -> None:
    time.sleep(0.05)  # long enough that both workers are busy at once
    with open(os.environ["KENESH_RACE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{number} {os.getpid()}\n")  # one short append: atomic with O_APPEND
