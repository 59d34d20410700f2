"""run_platform end to end: a fresh SQLite database, the worker and gunicorn, health, a page, a clean stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
START_SECONDS = 240


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own http URL
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _reply_status(database: Path, deadline: float) -> str:
    with sqlite3.connect(database) as connection:
        while True:
            row = connection.execute(
                'SELECT status FROM messaging_outboundsms WHERE "to" = ?', ("+996700123456",)
            ).fetchone()
            if (row and row[0] != "queued") or time.monotonic() > deadline:
                return row[0] if row else ""
            time.sleep(0.25)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_run_platform_serves_and_stops_cleanly(tmp_path, stop_signal):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(KENESH_VAR_DIR=str(tmp_path), DJANGO_DEBUG="0", KENESH_SMS_WEBHOOK_SECRET="run-platform-test")
    platform = subprocess.Popen(
        [sys.executable, "manage.py", "run_platform", f"--port={port}", "--workers=1", "--threads=2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output: list[str] = []
    children: list[int] = []
    reader = threading.Thread(target=lambda: output.extend(platform.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        deadline = time.monotonic() + START_SECONDS
        while "Kenesh is running at" not in "".join(output):
            assert platform.poll() is None, "".join(output)
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.5)

        assert _get(f"http://127.0.0.1:{port}/health/") == 200
        assert _get(f"http://127.0.0.1:{port}/ky/") == 200
        text = "".join(output)
        assert f"http://127.0.0.1:{port}/ky/" in text
        assert (tmp_path / "kenesh.sqlite3").exists()
        children[:] = [
            int(line.rsplit("pid ", 1)[1].rstrip(").\n"))
            for line in output
            if line.startswith("Started the ")
        ]
        assert len(children) == 2
        assert all(_alive(pid) for pid in children)

        # The worker runs: an incoming SMS gets its (help) reply delivered to the outbox.
        inbound = urllib.request.Request(
            f"http://127.0.0.1:{port}/sms/inbound/",
            data=json.dumps({"from": "+996700123456", "text": "?"}).encode(),
            headers={"Content-Type": "application/json", "X-Kenesh-Secret": "run-platform-test"},
        )
        with urllib.request.urlopen(inbound, timeout=10) as response:  # noqa: S310 - our own http URL
            assert response.status == 200
        assert _reply_status(tmp_path / "kenesh.sqlite3", deadline=time.monotonic() + 30) == "outbox"

        platform.send_signal(stop_signal)
        assert platform.wait(timeout=60) == 0
        reader.join(timeout=5)
        assert "Stopped." in "".join(output)
        assert not any(_alive(pid) for pid in children)
    finally:
        if platform.poll() is None:
            platform.kill()
            platform.wait()
        # Even after a SIGKILL of run_platform its children stop (they get SIGTERM when it dies).
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not any(_alive(pid) for pid in children)
