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

Then, on PostgreSQL only, the national view (`/ru/needs/`): 7 oblasts, 40 rayons, 500 municipalities with 3
villages each, and for each municipality and each of 10 years a published assessment with 7 sessions (one per
group type) and 10 priorities (bulk inserts, then VACUUM ANALYZE; setup is not timed). Measured: the server
time of the page through Django's test client (median and 90th percentile of --requests requests after two
warm-ups) and its number of queries, for the whole country and for one oblast. Target: under 300 ms.
"""

from __future__ import annotations

import argparse
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
    _scratch.django_migrate()
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


def _national(requests: int) -> list[dict[str, Any]]:
    import datetime
    import random

    _scratch.django_migrate()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from kenesh.needs.categories import shared_categories_ensure
    from kenesh.needs.models import Campaign, Category, Priority, Session
    from kenesh.territory.models import Level, Unit

    rng = random.Random(15)
    shared_categories_ensure(Category)
    categories = list(Category.objects.filter(municipality=None))
    oblasts = Unit.objects.bulk_create(
        [
            Unit(coate=f"4199{index}000000000", level=Level.OBLAST, name_ru=f"Область {index}")
            for index in range(7)
        ]
    )
    rayons = Unit.objects.bulk_create(
        [
            Unit(
                coate=f"4198{index:02d}00000000",
                level=Level.RAYON,
                name_ru=f"Район {index}",
                parent=oblasts[index % 7],
            )
            for index in range(40)
        ]
    )
    municipalities = Unit.objects.bulk_create(
        [
            Unit(
                coate=f"4197{index:03d}0000000",
                level=Level.MUNICIPALITY,
                name_ru=f"Айыл аймак {index}",
                name_ky=f"Айыл аймагы {index}",
                parent=rayons[index % 40],
            )
            for index in range(500)
        ]
    )
    villages = Unit.objects.bulk_create(
        [
            Unit(
                coate=f"{municipality.coate[:11]}{number:03d}",
                level=Level.SETTLEMENT,
                name_ru=f"Село {number}",
                parent=municipality,
            )
            for municipality in municipalities
            for number in range(1, 4)
        ]
    )
    now = timezone.now()
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(
                municipality=municipality,
                year=year,
                starts_on=datetime.date(year, 6, 1),
                ends_on=datetime.date(year, 8, 1),
                published_at=now,
            )
            for municipality in municipalities
            for year in range(2016, 2026)
        ],
        batch_size=2000,
    )
    groups = ["women", "men", "youth", "elderly", "disability", "minority", "mixed"]
    sessions = []
    priorities = []
    for index, campaign in enumerate(campaigns):
        village = villages[(index // 10) * 3]
        for group in groups:
            women = 0 if group == "men" else rng.randint(3, 20)
            men = 0 if group == "women" else rng.randint(3, 20)
            sessions.append(
                Session(
                    campaign=campaign,
                    village=village,
                    held_on=datetime.date(campaign.year, 7, 1),
                    group_type=group,
                    method="rank",
                    participants=women + men,
                    women=women,
                    men=men,
                )
            )
        for rank, category in enumerate(rng.sample(categories, 10), start=1):
            priorities.append(
                Priority(
                    campaign=campaign,
                    category=category,
                    rank=rank,
                    score=100 - rank,
                    score_women=rng.randint(1, 90),
                    score_men=rng.randint(1, 90),
                )
            )
    Session.objects.bulk_create(sessions, batch_size=5000)
    Priority.objects.bulk_create(priorities, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    client = Client()
    results = []
    for label, url in (
        ("country", "/ru/needs/?year=2025"),
        ("one oblast", f"/ru/needs/?year=2025&oblast={oblasts[3].coate}"),
    ):
        timed = _scratch.page_time(client, url, requests)
        results.append(
            {
                "view": label,
                "median_ms": timed["median_ms"],
                "p90_ms": timed["p90_ms"],
                "queries": timed["queries"],
            }
        )
    return results


def _run(database: str, postgres: str, repeat: int, national: bool = False) -> list[dict[str, Any]]:
    if national:
        # Pages name their static files; these settings serve them from the apps (no collectstatic).
        arguments = ["--child-national", "--requests", str(repeat)]
        return _scratch.child_measure(__file__, database, postgres, arguments, _scratch.PAGE_SETTINGS)
    return _scratch.child_measure(__file__, database, postgres, ["--child", "--repeat", str(repeat)])


def main() -> None:
    parser = _scratch.parser_make(__doc__, DEFAULT_POSTGRES)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--skip-national", action="store_true", help="only the import")
    parser.add_argument("--child-national", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        _scratch.child_print(_measure(options.repeat))
        return
    if options.child_national:
        _scratch.child_print(_national(options.requests))
        return
    databases = _scratch.databases_chosen(options.database)
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
    if options.skip_national:
        return
    print(f"{'national view':<14} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    slow = False
    for result in _run("postgres", options.postgres, options.requests, national=True):
        slow = slow or result["p90_ms"] >= 300
        print(
            f"{result['view']:<14} {result['median_ms']:>10.1f} {result['p90_ms']:>8.1f} "
            f"{result['queries']:>8}"
        )
    print(f"target: the national needs view under 300 ms on PostgreSQL: {'MISSED' if slow else 'met'}")


if __name__ == "__main__":
    main()
