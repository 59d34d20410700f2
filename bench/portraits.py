"""Benchmark of the national dashboard and the portraits (kenesh.portraits) at national scale (PostgreSQL).

    .venv/bin/python bench/portraits.py                                  # 500 municipalities x 10 years
    .venv/bin/python bench/portraits.py --municipalities 50 --years 3    # a quick run

The script creates a scratch PostgreSQL database (and drops it afterwards), migrates it and generates the
country: 7 oblasts, 40 rayons, N municipalities, and for each municipality and year two public hearings
with their attendance (the source data of one app, so that the refresh is timed on real rows). It then
times `indicators_refresh()` over them, and adds generated precomputed rows for every other indicator
(municipality, rayon and oblast, every year): making 500 x 10 years of source data in every app would take
longer than a bench run should, and the pages read only the precomputed rows. Setup is not timed. Codes
start with 419 (no real СОАТЕ prefix).

Measured: the server time of each page through Django's test client (middleware, view, queries, template;
no network), the median and the 90th percentile of --requests requests after two warm-up requests, and the
number of queries of one request. Targets (issue #20): the dashboard under 300 ms with a fixed number of
queries (asserted in tests/portraits/test_views.py), a portrait under 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_PORTRAITS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_portraits_bench"
)
DASHBOARD_MS = 300.0
PORTRAIT_MS = 150.0
LAST_YEAR = 2025


def _postgres(url: str, statement: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement.format(name=parts.path.lstrip("/")))


def _country(municipalities: int, years: int, seed: int) -> dict[str, Any]:
    import datetime

    from django.db import connection
    from django.utils import timezone

    from kenesh.hearings.models import Hearing, HearingKind
    from kenesh.ops.indicators import SHARE, indicators
    from kenesh.portraits.models import IndicatorValue
    from kenesh.portraits.services import indicators_refresh
    from kenesh.territory.models import Level, Unit

    rng = random.Random(seed)
    oblasts = Unit.objects.bulk_create(
        Unit(coate=f"419{index:02d}00000000000"[:14], level=Level.OBLAST, name_ru=f"Область {index}")
        for index in range(1, 8)
    )
    rayons = Unit.objects.bulk_create(
        Unit(
            coate=f"419{index % 7 + 1:02d}{index + 1:03d}000000"[:14],
            level=Level.RAYON,
            name_ru=f"Район {index}",
            name_ky=f"{index}-район",
            parent=oblasts[index % 7],
        )
        for index in range(40)
    )
    units = Unit.objects.bulk_create(
        Unit(
            coate=f"{rayon.coate[:8]}{index + 1:06d}",
            level=Level.MUNICIPALITY,
            name_ru=f"Айылный аймак {index}",
            name_ky=f"{index}-айыл аймагы",
            parent=rayon,
            population=rng.randint(2000, 30000),
        )
        for index, rayon in ((index, rayons[index % len(rayons)]) for index in range(municipalities))
    )
    first_year = LAST_YEAR - years + 1
    hearings = []
    for unit in units:
        for year in range(first_year, LAST_YEAR + 1):
            for kind, month in ((HearingKind.EXECUTION_REPORT, 3), (HearingKind.DRAFT_BUDGET, 7)):
                date = datetime.date(year, month, rng.randint(1, 28))
                women, men = rng.randint(2, 60), rng.randint(5, 60)
                hearing = Hearing(
                    municipality=unit,
                    kind=kind,
                    date=date,
                    year=year,
                    notice_date=date - datetime.timedelta(days=15),
                    notice_days_required=10,
                    answer_days=30,
                    attendance_recorded=True,
                    participants=women + men,
                    women=women,
                    men=men,
                )
                hearing.due_date_set()
                hearings.append(hearing)
    Hearing.objects.bulk_create(hearings, batch_size=5000)
    started = time.perf_counter()
    written = indicators_refresh()
    refresh_s = time.perf_counter() - started
    present = set(IndicatorValue.objects.values_list("key", flat=True).distinct())
    now = timezone.now()
    rows = []
    for item in indicators():
        if item.key in present:
            continue
        for unit in [*units, *rayons, *oblasts]:
            for year in range(first_year, LAST_YEAR + 1):
                value = Decimal(rng.random()) if item.unit == SHARE else Decimal(rng.randint(0, 5000))
                rows.append(
                    IndicatorValue(
                        unit=unit,
                        year=year,
                        key=item.key,
                        value=value,
                        group=rng.randint(0, 400) if item.about_people else None,
                        computed_at=now,
                    )
                )
    IndicatorValue.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    middle = units[len(units) // 2]
    return {
        "hearings": len(hearings),
        "rows": IndicatorValue.objects.count(),
        "refresh_s": round(refresh_s, 2),
        "refresh_rows": written,
        "coate": middle.coate,
        "rayon": middle.parent.coate if middle.parent else "",
        "oblast": middle.parent.parent.coate if middle.parent and middle.parent.parent else "",
    }


def _time(client: Any, url: str, requests: int) -> dict[str, Any]:
    from django.db import connection

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "url": url,
        "median_ms": statistics.median(timings),
        "p90_ms": timings[max(0, int(len(timings) * 0.9) - 1)],
        "queries": len(queries),
        "bytes": len(response.content),
    }


def _measure(municipalities: int, years: int, requests: int, seed: int) -> list[dict[str, Any]]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    started = time.perf_counter()
    country = _country(municipalities, years, seed)
    setup_s = time.perf_counter() - started
    client = Client()
    with translation.override("ky"):
        dashboard = reverse("portraits:dashboard")
        pages = [
            ("dashboard (ky, every municipality)", dashboard),
            ("dashboard sorted by women at hearings", dashboard + "?sort=hearings_women_share&dir=desc"),
            ("dashboard (ky, one oblast)", dashboard + f"?oblast={country['oblast']}"),
            ("dashboard as CSV", dashboard + "?format=csv"),
            ("portrait of a municipality (ky)", reverse("portraits:portrait", args=[country["coate"]])),
            ("portrait of a rayon (ky)", reverse("portraits:portrait", args=[country["rayon"]])),
            ("portrait of an oblast (ky)", reverse("portraits:portrait", args=[country["oblast"]])),
        ]
    pages.append(("API: a municipality's figures", f"/api/portraits/units/{country['coate']}/"))
    results = []
    for name, url in pages:
        result = _time(client, url, requests)
        result.update(
            name=name, municipalities=municipalities, years=years, setup_s=round(setup_s, 1), **country
        )
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--municipalities", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        for result in _measure(options.municipalities, options.years, options.requests, options.seed):
            print(json.dumps(result))
        return
    _postgres(options.postgres, 'DROP DATABASE IF EXISTS "{name}"')
    _postgres(options.postgres, 'CREATE DATABASE "{name}"')
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.pb_load_settings",
        DATABASE_URL=options.postgres,
        PYTHONPATH=str(REPO),
    )
    env.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    env.setdefault("KENESH_REQUEST_LOG_LEVEL", "WARNING")
    arguments = [
        *("--municipalities", str(options.municipalities), "--years", str(options.years)),
        *("--requests", str(options.requests), "--seed", str(options.seed)),
    ]
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--child", *arguments],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            timeout=3600,
        ).stdout
    finally:
        _postgres(options.postgres, 'DROP DATABASE IF EXISTS "{name}"')
    results = [json.loads(line) for line in output.splitlines() if '"median_ms"' in line]
    if results:
        first = results[0]
        print(
            f"{first['municipalities']} municipalities x {first['years']} years: "
            f"{first['hearings']:,} hearings, "
            f"{first['rows']:,} precomputed rows; refresh of every indicator over the hearings: "
            f"{first['refresh_s']} s ({first['refresh_rows']:,} rows); setup {first['setup_s']} s; "
            f"{options.requests} requests per page; load average {os.getloadavg()[0]:.2f}"
        )
    print(f"{'page':<42} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'KB':>6}")
    for result in results:
        print(
            f"{result['name']:<42} {result['median_ms']:>10.1f} {result['p90_ms']:>8.1f} "
            f"{result['queries']:>8} {result['bytes'] / 1024:>6.0f}"
        )
    dashboards = [r for r in results if r["name"].startswith("dashboard (")]
    portraits = [r for r in results if r["name"].startswith("portrait")]
    print(
        f"target: dashboard under {DASHBOARD_MS:.0f} ms: "
        f"{'met' if all(r['median_ms'] < DASHBOARD_MS for r in dashboards) else 'MISSED'}; "
        f"portrait under {PORTRAIT_MS:.0f} ms: "
        f"{'met' if all(r['median_ms'] < PORTRAIT_MS for r in portraits) else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
