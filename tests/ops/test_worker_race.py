"""Several task workers on one database (issue 19): two real `db_worker` processes racing over the same
queue run every task exactly once. The queue claims a task with SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL; on SQLite the claim's write transaction holds the database."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from tests.ops.databases import test_database_url

REPO = Path(__file__).resolve().parents[2]
TASKS = 80


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_run_each_task_once(tmp_path):
    from django_tasks_db.models import DBTaskResult

    from tests.ops.race_tasks import race_mark

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("worker processes need a database file; the suite's SQLite test database is one")
    for number in range(TASKS):
        race_mark.enqueue(number)
    log = tmp_path / "race.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=test_database_url(),
        KENESH_VAR_DIR=str(tmp_path),
        KENESH_RACE_LOG=str(log),
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]),
    )
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    command += ["--interval=0", "--verbosity=0"]
    workers = [
        subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=240)
        assert worker.returncode == 0, stderr.decode()[-2000:]

    lines = [line.split() for line in log.read_text().splitlines()]
    runs = Counter(int(number) for number, _ in lines)
    assert sorted(runs) == list(range(TASKS))  # every task ran ...
    assert set(runs.values()) == {1}  # ... once
    assert len({pid for _, pid in lines}) == 2  # and both workers took part: it was a race
    results = list(DBTaskResult.objects.filter(task_path="tests.ops.race_tasks.race_mark"))
    assert len(results) == TASKS
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert all(len(result.worker_ids) == 1 for result in results)
