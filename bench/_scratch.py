"""What the benchmarks share: a scratch database, a child process set up on it, and their timings.

A benchmark measures in a child process (its own Django setup on its own database): the parent makes the
scratch database (`scratch_database`: a temporary SQLite file, or a PostgreSQL database created and dropped),
runs the script again with its hidden child option (`child_run`, settings and database from `child_env`), and
reads back the JSON lines the child printed (`child_print`). In the child, `django_migrate` sets Django up and
migrates; `runs_timed` and `page_time` time what the script measures, `queries_counted` counts queries.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SETTINGS = "kenesh.config.settings"
# The load test's settings: static files named from the app folders, no `collectstatic` needed for pages.
PAGE_SETTINGS = "bench.pb_load_settings"


def _postgres_admin(url: str, *statements: str) -> None:
    """Run statements on the server's `postgres` database; `{name}` is the database of `url`."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(name=parts.path.lstrip("/")))


def postgres_create(url: str) -> None:
    """A fresh, empty database at `url` (one left by an earlier run is dropped first)."""
    _postgres_admin(url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')


def postgres_drop(url: str) -> None:
    """Drop the scratch database; a failure is reported, not raised (the numbers are already measured)."""
    import psycopg

    try:
        _postgres_admin(url, 'DROP DATABASE IF EXISTS "{name}"')
    except psycopg.Error as error:
        print(f"warning: could not drop the scratch database: {error}", file=sys.stderr)


@contextmanager
def scratch_database(
    database: str, postgres: str, keep: bool = False, reuse: bool = False, folder: Path | None = None
) -> Iterator[str]:
    """The URL of a scratch database, removed afterwards.

    "sqlite": a file in `folder` (the caller's), else in a temporary folder of its own; "postgres": the
    database at `postgres`, created and dropped (close Django's connections to it inside the block).
    `reuse` measures a PostgreSQL database kept by an earlier run with `keep` (neither made nor dropped).
    """
    if database == "sqlite":
        if folder is not None:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
            return
        own = tempfile.mkdtemp(prefix="kenesh-bench-")
        try:
            yield f"sqlite:///{own}/bench.sqlite3"
        finally:
            shutil.rmtree(own, ignore_errors=True)
        return
    if not reuse:
        postgres_create(postgres)
    try:
        yield postgres
    finally:
        if not (keep or reuse):
            postgres_drop(postgres)


def child_env(database_url: str, settings: str = SETTINGS) -> dict[str, str]:
    """The child's environment: its settings and database, the repository importable, quiet logs."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=settings, DATABASE_URL=database_url, PYTHONPATH=str(REPO))
    env.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    env.setdefault("KENESH_REQUEST_LOG_LEVEL", "WARNING")
    return env


def child_run(
    script: str,
    arguments: Iterable[str],
    env: dict[str, str],
    marker: str = "{",
    timeout: int = 900,
    stderr_shown: bool = False,
) -> list[dict[str, Any]]:
    """Run `script` with `arguments` and return the JSON lines it printed that hold `marker`.

    The child's stderr (warnings) is kept off the table unless `stderr_shown`; a failing child raises
    CalledProcessError after its stderr is written out.
    """
    try:
        output = subprocess.run(
            [sys.executable, script, *arguments],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            stderr=None if stderr_shown else subprocess.PIPE,
            text=True,
            timeout=timeout,
        ).stdout
    except subprocess.CalledProcessError as error:
        if error.stderr:
            sys.stderr.write(error.stderr)
        raise
    # The request log may write JSON lines too: the results are the lines with the marker.
    return [json.loads(line) for line in output.splitlines() if line.startswith("{") and marker in line]


def child_measure(
    script: str, database: str, postgres: str, arguments: Iterable[str], settings: str = SETTINGS
) -> list[dict[str, Any]]:
    """Measure in a child process on a scratch database, so that each database gets its own Django setup."""
    with scratch_database(database, postgres) as url:
        return child_run(script, arguments, child_env(url, settings))


def parser_make(doc: str | None, postgres: str, databases: bool = True) -> argparse.ArgumentParser:
    """The options such benchmarks share: --database (if `databases`), --postgres, the hidden --child."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    if databases:
        parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres", default=postgres)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser


def databases_chosen(database: str) -> list[str]:
    return ["sqlite", "postgres"] if database == "both" else [database]


def child_print(results: Iterable[dict[str, Any]]) -> None:
    for result in results:
        print(json.dumps(result))


def django_migrate() -> None:
    """Set Django up (settings from the environment) and migrate the scratch database."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


@contextmanager
def queries_counted() -> Iterator[list[str]]:
    """The SQL of every query run inside the block (a wrapper: a request's own signals reset Django's log)."""
    from django.db import connection

    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield queries


def runs_timed(call: Callable[[], Any], repeat: int, scale: float = 1.0) -> tuple[list[float], Any]:
    """The seconds (times `scale`) each of `repeat` calls took, and what the last one returned."""
    timings = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * scale)
    return timings, result


def page_time(client: Any, url: str, requests: int) -> dict[str, Any]:
    """Server time of a page through the test client: median and 90th percentile of `requests` requests
    after two warm-ups, the queries of one request and the size of the answer."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with queries_counted() as queries:
        client.get(url)

    def get() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    timings, response = runs_timed(get, requests, scale=1000)
    timings.sort()
    return {
        "url": url,
        "median_ms": statistics.median(timings),
        "p90_ms": timings[max(0, int(len(timings) * 0.9) - 1)],
        "queries": len(queries),
        "bytes": len(response.content),
    }


def pages_time(
    client: Any, pages: Iterable[tuple[str, str]], requests: int, **extra: Any
) -> list[dict[str, Any]]:
    """`page_time` of each (name, url) page, with its name and the `extra` figures of the run."""
    results = []
    for name, url in pages:
        result = page_time(client, url, requests)
        result.update(name=name, **extra)
        results.append(result)
    return results


def databases_each(script: str, database_arguments: Callable[[str], list[str]]) -> int:
    """Run `script` once for SQLite, then for PostgreSQL, each in a process of its own (Django is configured
    once per process), with the arguments `database_arguments` gives; the worst exit code."""
    code = 0
    for database in ("sqlite", "postgres"):
        command = [sys.executable, script, *database_arguments(database)]
        code = max(code, subprocess.run(command, check=False).returncode)
    return code
