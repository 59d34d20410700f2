"""Benchmark of the public budget pages on a national-scale data set (PostgreSQL).

    .venv/bin/python bench/budgets.py                                  # 500 municipalities x 10 years
    .venv/bin/python bench/budgets.py --municipalities 50 --years 3    # a quick run
    .venv/bin/python bench/budgets.py --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x --requests 30

The script creates a scratch PostgreSQL database (and drops it afterwards), migrates it and generates the
country: 7 oblasts, 40 rayons, N municipalities of 3,000-20,000 people, and for each municipality and year a
published approved budget and a published annual execution report of about 150 lines each (revenue codes
and function x economic item pairs of the shipped classification, seeded amounts). Lines go in with COPY;
then VACUUM ANALYZE. Setup is not timed. Codes start with 419 (no real СОАТЕ prefix), beside the
real register the migrations load.

Measured: the server time of each page through Django's test client (the whole request: middleware, views,
queries, templates; no network), as the median and the 90th percentile of --requests requests after two
warm-up requests, and the number of queries of one request. Targets (issue #4): the national view and the
citizen's budget each under 300 ms on PostgreSQL, with a fixed number of queries.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import _scratch  # noqa: E402  (the scratch database, the child process, the timings)

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_BUDGETS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_budgets_bench"
)
TARGET_MS = 300.0
LINES_PER_VERSION = 150
LAST_YEAR = 2025


def _country(municipalities: int, years: int, seed: int) -> dict[str, Any]:
    """Units, budgets, versions (ORM bulk inserts) and their lines (COPY): returns what the pages need."""
    import datetime

    from django.db import connection
    from django.utils import timezone

    from kenesh.budgets.models import (
        Budget,
        BudgetVersion,
        Classification,
        ExecutionPeriod,
        LineDirection,
        VersionKind,
    )
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
            population=rng.randint(3_000, 20_000),
        )
        for index, rayon in ((index, rayons[index % len(rayons)]) for index in range(municipalities))
    )
    leaves = list(Classification.objects.filter(valid=True, children__isnull=True))
    revenue = [code.pk for code in leaves if code.kind == "revenue"]
    functions = [code.pk for code in leaves if code.kind == "function"]
    economic = [code.pk for code in leaves if code.kind == "economic"]
    pairs = [(function, item) for function in functions for item in economic]
    first_year = LAST_YEAR - years + 1
    budgets = Budget.objects.bulk_create(
        Budget(
            municipality=unit,
            year=year,
            population=unit.population,
            summary_ky="Кыскача.",
            summary_ru="Кратко.",
        )
        for unit in units
        for year in range(first_year, LAST_YEAR + 1)
    )
    now = timezone.now()
    versions = BudgetVersion.objects.bulk_create(
        BudgetVersion(
            budget=budget,
            kind=kind,
            period=period,
            date=datetime.date(budget.year + shift, month, 15),
            published_at=now,
        )
        for budget in budgets
        for kind, period, shift, month in (
            (VersionKind.APPROVED, "", -1, 12),
            (VersionKind.EXECUTION, ExecutionPeriod.YEAR, 1, 2),
        )
    )
    buffer = io.StringIO()
    count = 0
    plans: dict[int, list[tuple[str, int, int | None, int]]] = {}
    for version in versions:
        if version.kind == VersionKind.APPROVED:
            chosen = rng.sample(pairs, LINES_PER_VERSION - len(revenue))
            lines = [
                (LineDirection.REVENUE.value, code, None, rng.randint(50_000, 5_000_000)) for code in revenue
            ]
            lines += [
                (LineDirection.EXPENDITURE.value, f, e, rng.randint(20_000, 2_000_000)) for f, e in chosen
            ]
            plans[version.budget_id] = lines
        else:
            # Executed: 80-100% of the plan, line by line.
            lines = [
                (d, c, e, amount * rng.randint(80, 100) // 100)
                for d, c, e, amount in plans[version.budget_id]
            ]
        for direction, code, item, amount in lines:
            economic_text = "\\N" if item is None else str(item)
            buffer.write(f"{version.pk}\t{direction}\t{code}\t{economic_text}\t{amount}.00\tf\t\n")
            count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        columns = "version_id, direction, code_id, economic_id, amount, over_plan, note"
        with raw.copy(f"COPY budgets_budgetline ({columns}) FROM STDIN") as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    middle = units[len(units) // 2]
    return {
        "lines": count,
        "versions": len(versions),
        "budgets": len(budgets),
        "coate": middle.coate,
        "oblast": middle.parent.parent.coate if middle.parent and middle.parent.parent else "",
    }


def _country_found() -> dict[str, Any]:
    """What the pages need from a database that an earlier run kept (--keep, then --reuse)."""
    from kenesh.budgets.models import Budget, BudgetLine, BudgetVersion
    from kenesh.territory.models import Level, Unit

    units = list(Unit.objects.filter(coate__startswith="419", level=Level.MUNICIPALITY).order_by("pk"))
    middle = Unit.objects.select_related("parent__parent").get(pk=units[len(units) // 2].pk)
    return {
        "lines": BudgetLine.objects.count(),
        "versions": BudgetVersion.objects.count(),
        "budgets": Budget.objects.count(),
        "coate": middle.coate,
        "oblast": middle.parent.parent.coate if middle.parent and middle.parent.parent else "",
    }


def _measure(municipalities: int, years: int, requests: int, seed: int, reuse: bool) -> list[dict[str, Any]]:
    _scratch.django_migrate()
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    started = time.perf_counter()
    country = _country_found() if reuse else _country(municipalities, years, seed)
    setup_s = time.perf_counter() - started
    client = Client()
    coate = country["coate"]
    with translation.override("ky"):
        pages = [
            (
                "national view (ky, every municipality, page 1)",
                reverse("budgets:overview") + f"?year={LAST_YEAR}",
            ),
            (
                "national view sorted by education per person",
                reverse("budgets:overview") + f"?year={LAST_YEAR}&sort=-fn-709",
            ),
            (
                "oblast view",
                reverse("budgets:overview") + f"?year={LAST_YEAR}&oblast={country['oblast']}",
            ),
            ("citizen's budget (ky)", reverse("budgets:citizen", kwargs={"coate": coate, "year": LAST_YEAR})),
        ]
    with translation.override("ru"):
        pages += [
            ("citizen's budget (ru)", reverse("budgets:citizen", kwargs={"coate": coate, "year": LAST_YEAR})),
            ("comparison across 10 years", reverse("budgets:compare_years", kwargs={"coate": coate})),
            (
                "comparison with peers",
                reverse("budgets:compare_peers", kwargs={"coate": coate, "year": LAST_YEAR}),
            ),
        ]
    pages += [
        ("open data CSV of a version", f"/budgets/data/{coate}/{LAST_YEAR}/approved.csv"),
        ("API: a version with its lines", f"/api/budgets/{coate}/{LAST_YEAR}/approved"),
    ]
    figures = {"municipalities": municipalities, "years": years, "lines": country["lines"]}
    return _scratch.pages_time(client, pages, requests, **figures, setup_s=round(setup_s, 1))


def main() -> None:
    parser = _scratch.parser_make(__doc__, DEFAULT_POSTGRES, databases=False)
    parser.add_argument("--municipalities", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept by --keep (no setup)")
    options = parser.parse_args()
    if options.child:
        _scratch.child_print(
            _measure(options.municipalities, options.years, options.requests, options.seed, options.reuse)
        )
        return
    arguments = [
        *("--municipalities", str(options.municipalities), "--years", str(options.years)),
        *("--requests", str(options.requests), "--seed", str(options.seed)),
        *(["--reuse"] if options.reuse else []),
    ]
    with _scratch.scratch_database(
        "postgres", options.postgres, keep=options.keep, reuse=options.reuse
    ) as url:
        env = _scratch.child_env(url, _scratch.PAGE_SETTINGS)
        results = _scratch.child_run(
            __file__, ["--child", *arguments], env, marker='"median_ms"', timeout=3600, stderr_shown=True
        )
    if results:
        first = results[0]
        print(
            f"{first['municipalities']} municipalities x {first['years']} years: {first['lines']:,} lines "
            f"(setup {first['setup_s']} s); {options.requests} requests per page"
        )
    print(f"{'page':<46} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'KB':>6}")
    for result in results:
        print(
            f"{result['name']:<46} {result['median_ms']:>10.1f} {result['p90_ms']:>8.1f} "
            f"{result['queries']:>8} {result['bytes'] / 1024:>6.0f}"
        )
    required = [result for result in results if result["name"].startswith(("national view (", "citizen's"))]
    met = all(result["median_ms"] < TARGET_MS for result in required)
    print(
        f"target: national view and citizen's budget under {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
