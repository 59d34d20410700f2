"""manage.py run_platform: prepare the database and static files, then serve the site with a task worker."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kenesh.ops.demo import demo_logins

STOP_TIMEOUT_SECONDS = 20
START_TIMEOUT_SECONDS = 120


class Command(BaseCommand):
    help = (
        "Migrate, compile translations, collect static files, load the demo, then run the background "
        "worker and the web server (gunicorn) until Ctrl-C or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
        parser.add_argument("--no-demo", action="store_false", dest="demo", help="do not load the demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        self._prepare(demo=options["demo"])
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)

        host, port = options["host"], options["port"]
        processes = {
            "worker": self._spawn([sys.executable, "-m", "django", "db_worker", "--no-reload"]),
            "web server": self._spawn(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "kenesh.config.wsgi:application",
                    f"--bind={host}:{port}",
                    f"--workers={options['workers']}",
                    f"--threads={options['threads']}",
                    "--graceful-timeout=10",
                ]
            ),
        }
        for name, process in processes.items():
            self._say(f"Started the {name} (pid {process.pid}).")
        try:
            local_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
            base_url = f"http://{local_host}:{port}"
            if self._wait_until_healthy(f"{base_url}/health/", processes, stop):
                self._announce(f"{base_url}/{settings.LANGUAGE_CODE}/")
            while not stop.is_set():
                dead = [name for name, process in processes.items() if process.poll() is not None]
                if dead:
                    raise CommandError(f"The {', '.join(dead)} stopped unexpectedly; shutting down.")
                stop.wait(0.5)
            self._say("Stopping…")
        finally:
            self._stop(processes)
        self._say("Stopped.")

    def _prepare(self, *, demo: bool) -> None:
        self._say("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        # The rate limits' shared cache (settings.CACHES) is a database table outside the migrations.
        call_command("createcachetable", verbosity=0)
        if "compile_catalogues" in get_commands():
            self._say("Compiling translations…")
            call_command("compile_catalogues", verbosity=0)
        self._say("Collecting static files…")
        call_command("collectstatic", interactive=False, verbosity=0)
        if demo:
            self._say("Loading the demo data…")
            call_command("load_demo", verbosity=0)

    def _spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        # A session of its own, so that Ctrl-C reaches only this command, which then stops each child once.
        return subprocess.Popen(  # noqa: S603
            command,
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
            preexec_fn=_stop_with_parent,
        )

    def _wait_until_healthy(
        self, url: str, processes: dict[str, subprocess.Popen[bytes]], stop: threading.Event
    ) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline and not stop.is_set():
            if any(process.poll() is not None for process in processes.values()):
                return False
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            stop.wait(0.25)
        return False

    def _announce(self, url: str) -> None:
        lines = ["", f"Kenesh is running at {url}", f"Back office: {url}office/", ""]
        logins = demo_logins()
        if logins:
            lines.append("Demo logins (login / password):")
            width = max(len(str(login[0])) for login in logins)
            for role, login, password, *notes in logins:
                lines.append(f"  {role!s:<{width}}  {login} / {password}")
                if notes and notes[0]:
                    lines.append(f"  {'':<{width}}    {notes[0]}")
            lines.append("")
        lines.append("Press Ctrl-C to stop.")
        self._say("\n".join(lines))

    def _stop(self, processes: dict[str, subprocess.Popen[bytes]]) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for name, process in processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {name} did not stop in time; killing it.")
                process.kill()
                process.wait()

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


def _stop_with_parent() -> None:
    """In the child: get SIGTERM when run_platform dies, even by SIGKILL, so nothing is left serving."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
