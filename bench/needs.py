"""Benchmark of the Kobo CSV import of the needs assessment: a 5,000-row export into one campaign.

    .venv/bin/python bench/needs.py                       # SQLite, then PostgreSQL
    .venv/bin/python bench/needs.py --database sqlite --repeat 3
    .venv/bin/python bench/needs.py --database postgres --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x

For each database the script makes a scratch database (a temporary SQLite file, or a PostgreSQL database it
creates and drops) and migrates it, makes a municipality with 12 villages, and writes a Kobo export of 5,000
sessions as Kobo writes it (group paths in the headers, Kobo's own columns, `;` between columns), each with
three ranked problems. It then times `sessions_import` (decode, map the headers, check every row, write the
5,000 sessions and 15,000 problems, audit) into a fresh campaign: median and maximum of --repeat runs.
Target (issue #15): under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_BUDGETS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_needs_bench"
)
ROWS = 5_000
TARGET_SECONDS = 2.0
HEADERS = [
    "start", "end", "session/municipality", "session/village", "session/held_on", "session/facilitator",
    "session/group_type", "session/method", "session/form_number", "people/participants", "people/women",
    "people/men", "problems/problem_1_category", "problems/problem_1_text_ky", "problems/problem_1_score",
    "problems/problem_2_category", "problems/problem_2_text_ky", "problems/problem_2_score",
    "problems/problem_3_category", "problems/problem_3_text_ky", "problems/problem_3_score",
    "_id", "_uuid", "_submission_time", "_status",
]  # fmt: skip
GROUPS = ["women", "men", "youth", "elderly", "disability", "minority", "mixed"]
KEYS = [
    "drinking-water",
    "irrigation",
    "roads",
    "street-lighting",
    "waste",
    "schools",
    "kindergartens",
    "jobs",
]


def _export(coate: str, villages: list[str], year: int, prefix: str) -> bytes:
    import random

    rng = random.Random(15)
    lines = [";".join(HEADERS)]
    for number in range(1, ROWS + 1):
        group = GROUPS[number % len(GROUPS)]
        women = 0 if group == "men" else rng.randint(3, 20)
        men = 0 if group == "women" else rng.randint(3, 20)
        keys = rng.sample(KEYS, 3)
        method = "points" if number % 2 else "rank"
        scores = (
            [str(3 * (women + men) // 2), str((women + men) // 2), "1"]
            if method == "points"
            else ["1", "2", "3"]
        )
        cells = [
            f"{year}-07-01T10:00:00", f"{year}-07-01T11:30:00", coate, rng.choice(villages), f"{year}-07-01",
            "Айгүл", group, method, f"{prefix}-{number}", str(women + men), str(women), str(men),
            keys[0], "Суу жок", scores[0], keys[1], "Жол бузук", scores[1], keys[2], "", scores[2],
            str(number), f"uuid-{prefix}-{number}", f"{year}-07-02T09:00:00", "submitted_via_web",
        ]  # fmt: skip
        lines.append(";".join(cells))
    return "\n".join(lines).encode("utf-8")


def _measure(repeat: int) -> list[dict[str, Any]]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from kenesh.needs.importer import sessions_import
    from kenesh.needs.models import Problem, Session
    from kenesh.needs.testing import campaign_make, villages_make
    from kenesh.territory.testing import municipality_make

    municipality = municipality_make("41999999999000", "Бенчмарк")
    villages = villages_make(municipality, tuple(f"Айыл {index}" for index in range(1, 13)))
    names = [village.name_ky for village in villages]
    timings = []
    size = 0
    for run in range(repeat):
        year = 2030 + run
        campaign = campaign_make(municipality, year)
        content = _export(municipality.coate, names, year, f"r{run}")
        size = len(content)
        upload = SimpleUploadedFile("export.csv", content, content_type="text/csv")
        started = time.perf_counter()
        created = sessions_import(actor=None, campaign=campaign, upload=upload)
        timings.append(time.perf_counter() - started)
        assert created == ROWS, created
    assert Session.objects.count() == ROWS * repeat and Problem.objects.count() == 3 * ROWS * repeat
    return [
        {
            "database": connection.vendor,
            "rows": ROWS,
            "bytes": size,
            "median_s": statistics.median(timings),
            "max_s": max(timings),
        }
    ]


def _postgres(url: str, statement: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement.format(name=parts.path.lstrip("/")))


def _run(database: str, postgres: str, repeat: int) -> list[dict[str, Any]]:
    """Measure in a child process, so that each database gets its own Django setup."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kenesh.config.settings")
    scratch = None
    if database == "sqlite":
        scratch = tempfile.mkdtemp(prefix="kenesh-bench-")
        env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    else:
        _postgres(postgres, 'DROP DATABASE IF EXISTS "{name}"')
        _postgres(postgres, 'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = postgres
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--child", "--repeat", str(repeat)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        ).stdout
    finally:
        if database == "postgres":
            _postgres(postgres, 'DROP DATABASE IF EXISTS "{name}"')
        if scratch:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        for result in _measure(options.repeat):
            print(json.dumps(result))
        return
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    print(f"{'database':<10} {'rows':>6} {'size':>9} {'median s':>9} {'max s':>7}")
    slow = False
    for database in databases:
        for result in _run(database, options.postgres, options.repeat):
            slow = slow or result["max_s"] >= TARGET_SECONDS
            print(
                f"{result['database']:<10} {result['rows']:>6} {result['bytes'] / 1024:>7.0f}KB "
                f"{result['median_s']:>9.3f} {result['max_s']:>7.3f}"
            )
    print(f"target: a {ROWS:,}-row Kobo CSV imported under {TARGET_SECONDS} s: {'MISSED' if slow else 'met'}")


if __name__ == "__main__":
    main()
