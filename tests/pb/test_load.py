"""A small load test: 20 concurrent voters against a real gunicorn server; every accepted ballot is stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_stored_equals_accepted_under_concurrent_voters():
    database = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    command = [sys.executable, str(REPO / "bench" / "pb_load.py"), f"--database={database}"]
    command += ["--voters=20", "--deadline=120", "--timeout=60", "--json"]
    if database == "postgres":
        # A scratch database of its own next to the test database (the role may create databases).
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        command.append(f"--postgres={base}/kenesh_pb_load_test")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=REPO)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(lines[-1])
    assert report["accepted"] == 20, report
    assert report["stored"] == report["accepted"]
    assert (report["lost"], report["duplicated"], report["failed"]) == (0, 0, 0)
    assert done.returncode == 0
