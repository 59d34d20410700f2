"""The production profile in deploy/: nginx accepts the site, gunicorn's config serves with JSON logs, and
every command the systemd units run exists."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def _tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return found


@pytest.mark.slow
def test_nginx_accepts_the_site(tmp_path):
    nginx = _tool("nginx")
    openssl = _tool("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=kenesh.test",
            "-days",
            "1",
            f"-keyout={key}",
            f"-out={cert}",
        ],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "kenesh.conf").read_text()
    site = site.replace("/etc/ssl/kenesh/fullchain.pem", str(cert)).replace(
        "/etc/ssl/kenesh/privkey.pem", str(key)
    )
    (tmp_path / "kenesh.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/kenesh.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_gunicorn_serves_with_the_config_and_logs_json(tmp_path):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(KENESH_VAR_DIR=str(tmp_path), KENESH_BIND=f"127.0.0.1:{port}", KENESH_WEB_WORKERS="1")
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(DEPLOY / "gunicorn.conf.py"),
            "kenesh.config.wsgi:application",
        ],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        status = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                    status = response.status
                break
            except OSError:
                time.sleep(0.25)
        assert status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _out, errors = server.communicate(timeout=30)
    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("logger") == "gunicorn.access"]
    assert any("/health/" in line["message"] for line in access), errors
    assert "[INFO]" not in errors  # gunicorn's own plain format


def test_every_command_the_units_run_exists():
    from django.core.management import get_commands

    commands = set(get_commands())
    used = set()
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for line in unit.read_text().splitlines():
            used.update(re.findall(r"manage\.py (\w+)", line))
    assert used >= {"db_worker", "prune_personal_data", "prune_db_task_results", "backup", "backup_verify"}
    assert used <= commands
