"""Benchmark of the surveys app: importing a 10,000-row Kobo CSV, and a 10,000-response round's indicators.

    .venv/bin/python bench/surveys.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/surveys.py --database sqlite --repeat 3
    .venv/bin/python bench/surveys.py --database postgres --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x

For each database the script makes a scratch database (a temporary SQLite file, or a PostgreSQL database it
creates and drops) and migrates it, builds an instrument from the whole question bank in a municipality with
four villages, and writes a Kobo-like CSV of 10,000 seeded rows (Kobo's own columns, group paths, `;`, a
weight column). It times `kobo_import` (read, check every row, write every response and answer, audit) into
a fresh round each time (target: under 3 s), then `round_indicators` of a 10,000-response round with every
breakdown by sex, age group and village (target: under 500 ms), and the whole round page through the test
client (server time, the HTML with its charts): median and maximum of --repeat runs.
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import _scratch  # noqa: E402  (the scratch database, the child process, the timings)

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_SURVEYS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_surveys_bench"
)
ROWS = 10_000
IMPORT_TARGET = 3.0
INDICATORS_TARGET = 0.5


def _csv(rows: list[dict[str, str]], coate: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    codes = list(rows[0])
    writer.writerow(["start", "end", "municipality", *[f"group_main/{c}" for c in codes], "weight", "_id"])
    for index, row in enumerate(rows):
        weight = ("0.8", "1", "1.25")[index % 3]
        writer.writerow(["2025-04-10T10:00", "2025-04-10T10:12", coate, *row.values(), weight, str(index)])
    return out.getvalue().encode()


def _measure(repeat: int) -> list[dict[str, Any]]:
    _scratch.django_migrate()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from kenesh.surveys.kobo import kobo_import
    from kenesh.surveys.selectors import round_indicators
    from kenesh.surveys.synthetic import Profile, answers_generate
    from kenesh.surveys.testing import instrument_make, round_make, villages_make
    from kenesh.territory.testing import municipality_make

    municipality = municipality_make("41704235825000", "Bench")
    villages = villages_make(municipality, ("Кум-Дөбө", "Ак-Жар", "Бугучу", "Шамшы"))
    instrument = instrument_make(municipality)
    profile = Profile([f"v{v.coate}" for v in villages], [0.45, 0.3, 0.24, 0.01])
    data = _csv(answers_generate(profile, ROWS, seed=1), municipality.coate)
    timings = []
    first = None
    for index in range(repeat):
        survey_round = round_make(instrument, year=2000 + index)
        started = time.perf_counter()
        count = kobo_import(actor=None, survey_round=survey_round, data=data)
        timings.append(time.perf_counter() - started)
        assert count == ROWS
        first = first or survey_round
    assert first is not None
    results = [
        {
            "database": connection.vendor,
            "what": f"Kobo CSV import, {ROWS:,} rows ({len(data) // 1024} KiB)",
            "median_s": statistics.median(timings),
            "max_s": max(timings),
            "target_s": IMPORT_TARGET,
        }
    ]
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = round_indicators(first)
        timings.append(time.perf_counter() - started)
    assert result.respondents == ROWS
    results.append(
        {
            "database": connection.vendor,
            "what": f"indicators of a {ROWS:,}-response round ({len(result.indicators)}), 3 breakdowns each",
            "median_s": statistics.median(timings),
            "max_s": max(timings),
            "target_s": INDICATORS_TARGET,
        }
    )
    from django.conf import settings
    from django.test import override_settings

    # No collectstatic in a scratch run: static files are named as in development.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    page_settings = override_settings(STORAGES=storages, ALLOWED_HOSTS=["testserver"])
    page_settings.enable()
    client = Client()
    with translation.override("ru"):
        url = reverse("surveys:round", args=[first.pk])
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    results.append(
        {
            "database": connection.vendor,
            "what": "the round page (indicators, charts, tables)",
            "median_s": statistics.median(timings),
            "max_s": max(timings),
            "target_s": None,
        }
    )
    return results


def main() -> None:
    parser = _scratch.parser_make(__doc__, DEFAULT_POSTGRES)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if options.child:
        _scratch.child_print(_measure(options.repeat))
        return
    databases = _scratch.databases_chosen(options.database)
    arguments = ["--child", "--repeat", str(options.repeat)]
    print(f"{'database':<10} {'what':<64} {'median s':>9} {'max s':>7} {'target':>7}")
    for database in databases:
        for r in _scratch.child_measure(__file__, database, options.postgres, arguments):
            target = f"{r['target_s']:.1f}" if r["target_s"] else "-"
            print(f"{r['database']:<10} {r['what']:<64} {r['median_s']:>9.3f} {r['max_s']:>7.3f} {target:>7}")


if __name__ == "__main__":
    main()
