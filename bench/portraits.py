"""Benchmark of the national dashboard and the portraits (kenesh.portraits) at national scale (PostgreSQL).

    .venv/bin/python bench/portraits.py                                  # 500 municipalities x 10 years
    .venv/bin/python bench/portraits.py --municipalities 50 --years 3    # a quick run

The script creates a scratch PostgreSQL database (and drops it afterwards), migrates it and generates the
country: 7 oblasts, 40 rayons, N municipalities, and for each municipality and year real source rows of
every app that has indicators (hearings, budgets with their lines by COPY, PB processes and ballots, needs
sessions, appeals, deputies), a few of each so the country is made in a few minutes. It then times
`indicators_refresh()` over them. Only the survey indicators (trust index, satisfaction) are still added as
generated precomputed rows (the script prints which). Setup is not timed in the pages' figures. Codes
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
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import _scratch  # noqa: E402  (the scratch database, the child process, the timings)

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_PORTRAITS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_portraits_bench"
)
DASHBOARD_MS = 300.0
PORTRAIT_MS = 150.0
LAST_YEAR = 2025


# Real source rows of every app that has indicators, per municipality and year (kept small per unit so the
# whole country is made in a few minutes; the indicators count what exists, not how much of it).
BUDGET_EXPENDITURE_LINES = 12
PB_BALLOTS = 40
NEEDS_SESSIONS = 3
APPEALS_PER_YEAR = 12
DEPUTIES = 15


def _budgets(units: list[Any], first_year: int, rng: random.Random) -> int:
    """Each municipality and year: a budget, its approved plan and annual report (published), their lines
    by COPY (every revenue leaf and BUDGET_EXPENDITURE_LINES expenditure pairs)."""
    import datetime
    import io

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

    leaves = list(Classification.objects.filter(valid=True, children__isnull=True))
    revenue = [code.pk for code in leaves if code.kind == "revenue"]
    functions = [code.pk for code in leaves if code.kind == "function"]
    economic = [code.pk for code in leaves if code.kind == "economic"]
    pairs = [(function, item) for function in functions for item in economic]
    budgets = Budget.objects.bulk_create(
        (
            Budget(municipality=unit, year=year, population=unit.population, summary_ru="Кратко.")
            for unit in units
            for year in range(first_year, LAST_YEAR + 1)
        ),
        batch_size=5000,
    )
    now = timezone.now()
    versions = BudgetVersion.objects.bulk_create(
        (
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
        ),
        batch_size=5000,
    )
    buffer = io.StringIO()
    count = 0
    plans: dict[int, list[tuple[str, int, int | None, int]]] = {}
    for version in versions:
        if version.kind == VersionKind.APPROVED:
            lines = [(LineDirection.REVENUE.value, c, None, rng.randint(50_000, 5_000_000)) for c in revenue]
            lines += [
                (LineDirection.EXPENDITURE.value, f, e, rng.randint(20_000, 2_000_000))
                for f, e in rng.sample(pairs, min(BUDGET_EXPENDITURE_LINES, len(pairs)))
            ]
            plans[version.budget_id] = lines
        else:
            lines = [(d, c, e, a * rng.randint(80, 100) // 100) for d, c, e, a in plans[version.budget_id]]
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
    return count


def _pb(units: list[Any], first_year: int, rng: random.Random) -> int:
    """Each municipality and year: a process whose voting closed (results), PB_BALLOTS ballots, most with
    the voter's sex stated."""
    import datetime
    import uuid

    from django.utils import timezone

    from kenesh.accounts.models import Sex
    from kenesh.pb.models import Ballot, Channel, Phase, Process

    processes = Process.objects.bulk_create(
        (
            Process(
                municipality_id=unit.pk,
                title_ru=f"Инициативный бюджет {year}",
                title_ky=f"Демилгелүү бюджет {year}",
                phase=Phase.RESULTS,
                budget=Decimal(1_000_000),
                budget_year=year,
                voting_until=timezone.make_aware(datetime.datetime(year - 1, 10, 1)),
            )
            for unit in units
            for year in range(first_year, LAST_YEAR + 1)
        ),
        batch_size=5000,
    )
    ballots = [
        Ballot(
            id=uuid.UUID(int=rng.getrandbits(128)),
            process=process,
            channel=Channel.CODE,
            voter_key=f"{process.pk}-{number}",
            sex=rng.choice((Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.MALE, "")),
            created_at=datetime.date(process.budget_year - 1, 9, 20),
        )
        for process in processes
        for number in range(PB_BALLOTS)
    ]
    Ballot.objects.bulk_create(ballots, batch_size=10000)
    return len(ballots)


def _needs(units: list[Any], villages: dict[int, Any], first_year: int, rng: random.Random) -> int:
    """Each municipality and year: a published needs assessment with NEEDS_SESSIONS sessions by sex."""
    import datetime

    from django.utils import timezone

    from kenesh.needs.models import Campaign, Session

    now = timezone.now()
    campaigns = Campaign.objects.bulk_create(
        (
            Campaign(
                municipality_id=unit.pk,
                year=year,
                starts_on=datetime.date(year, 6, 1),
                ends_on=datetime.date(year, 8, 1),
                published_at=now,
            )
            for unit in units
            for year in range(first_year, LAST_YEAR + 1)
        ),
        batch_size=5000,
    )
    sessions = []
    for campaign in campaigns:
        for group in ("women", "men", "mixed")[:NEEDS_SESSIONS]:
            women = 0 if group == "men" else rng.randint(3, 20)
            men = 0 if group == "women" else rng.randint(3, 20)
            sessions.append(
                Session(
                    campaign=campaign,
                    village=villages[campaign.municipality_id],
                    held_on=datetime.date(campaign.year, 7, 1),
                    group_type=group,
                    method="rank",
                    participants=women + men,
                    women=women,
                    men=men,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=10000)
    return len(sessions)


def _appeals(units: list[Any], first_year: int, rng: random.Random) -> int:
    """Each municipality and year: APPEALS_PER_YEAR appeals, most answered, some late."""
    import datetime

    from django.utils import timezone

    from kenesh.appeals.models import Appeal, Category, Status

    categories = list(Category.objects.all())
    batch = []
    for unit in units:
        for year in range(first_year, LAST_YEAR + 1):
            for number in range(1, APPEALS_PER_YEAR + 1):
                received = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(330))
                days = rng.randrange(1, 25)
                answered = rng.random() < 0.9
                moment = timezone.make_aware(datetime.datetime.combine(received, datetime.time(10)))
                batch.append(
                    Appeal(
                        municipality_id=unit.pk,
                        year=year,
                        number=number,
                        code=f"B{unit.pk:05d}{year % 100:02d}{number:03d}"[:16],
                        channel="web",
                        category=rng.choice(categories) if categories else None,
                        text="-",
                        received_on=received,
                        registered_at=moment,
                        due_on=received + datetime.timedelta(days=20),
                        fingerprint="-",
                        status=Status.ANSWERED if answered else Status.IN_PROGRESS,
                        answered_at=moment if answered else None,
                        answer_working_days=days if answered else None,
                        on_time=(days <= 14) if answered else None,
                    )
                )
    Appeal.objects.bulk_create(batch, batch_size=10000)
    return len(batch)


def _deputies(units: list[Any], first_year: int, rng: random.Random) -> int:
    """Each municipality: a kenesh of DEPUTIES seats, two convocations over the years."""
    import datetime

    from kenesh.territory.models import Council, Deputy, Sex

    councils = Council.objects.bulk_create(
        (
            Council(municipality_id=unit.pk, name_ru="Айылный кенеш", name_ky="Айылдык кеңеш", seats=DEPUTIES)
            for unit in units
        ),
        batch_size=5000,
    )
    middle = datetime.date(first_year + (LAST_YEAR - first_year) // 2, 10, 1)
    deputies = [
        Deputy(
            council=council,
            full_name=f"Депутат {number}",
            sex=Sex.FEMALE if rng.random() < 0.3 else Sex.MALE,
            term_start=start,
            term_end=end,
        )
        for council in councils
        for start, end in (
            (datetime.date(first_year - 1, 10, 1), middle - datetime.timedelta(days=1)),
            (middle, None),
        )
        for number in range(DEPUTIES)
    ]
    Deputy.objects.bulk_create(deputies, batch_size=10000)
    return len(deputies)


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
    timings: dict[str, float] = {}
    started = time.perf_counter()
    Hearing.objects.bulk_create(hearings, batch_size=5000)
    timings["hearings"] = time.perf_counter() - started
    villages = {
        village.parent_id: village
        for village in Unit.objects.bulk_create(
            Unit(
                coate=f"{unit.coate[:8]}9{index:05d}",
                level=Level.SETTLEMENT,
                name_ru=f"Село {index}",
                name_ky=f"{index}-айыл",
                parent=unit,
            )
            for index, unit in enumerate(units)
        )
    }
    counts: dict[str, int] = {"hearings": len(hearings)}
    for name, make in (
        ("budget lines", lambda: _budgets(units, first_year, rng)),
        ("PB ballots", lambda: _pb(units, first_year, rng)),
        ("needs sessions", lambda: _needs(units, villages, first_year, rng)),
        ("appeals", lambda: _appeals(units, first_year, rng)),
        ("deputies", lambda: _deputies(units, first_year, rng)),
    ):
        started = time.perf_counter()
        counts[name] = make()
        timings[name] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    started = time.perf_counter()
    written = indicators_refresh()
    refresh_s = time.perf_counter() - started
    present = set(IndicatorValue.objects.values_list("key", flat=True).distinct())
    generated = sorted(item.key for item in indicators() if item.key not in present)
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
        "source": counts,
        "source_s": {name: round(seconds, 1) for name, seconds in timings.items()},
        "generated": generated,
        "rows": IndicatorValue.objects.count(),
        "refresh_s": round(refresh_s, 2),
        "refresh_rows": written,
        "coate": middle.coate,
        "rayon": middle.parent.coate if middle.parent else "",
        "oblast": middle.parent.parent.coate if middle.parent and middle.parent.parent else "",
    }


def _measure(municipalities: int, years: int, requests: int, seed: int) -> list[dict[str, Any]]:
    _scratch.django_migrate()
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
    return _scratch.pages_time(
        client,
        pages,
        requests,
        municipalities=municipalities,
        years=years,
        setup_s=round(setup_s, 1),
        **country,
    )


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
    arguments = [
        *("--municipalities", str(options.municipalities), "--years", str(options.years)),
        *("--requests", str(options.requests), "--seed", str(options.seed)),
    ]
    with _scratch.scratch_database("postgres", options.postgres) as url:
        env = _scratch.child_env(url, _scratch.PAGE_SETTINGS)
        results = _scratch.child_run(
            __file__, ["--child", *arguments], env, marker='"median_ms"', timeout=3600, stderr_shown=True
        )
    if results:
        first = results[0]
        made = first["source_s"]
        source = ", ".join(f"{count:,} {name} ({made[name]} s)" for name, count in first["source"].items())
        print(
            f"{first['municipalities']} municipalities x {first['years']} years of real source rows: "
            f"{source}; "
            f"refresh of every indicator: {first['refresh_s']} s ({first['refresh_rows']:,} rows); "
            f"generated precomputed rows only for: {', '.join(first['generated']) or 'none'}; "
            f"{first['rows']:,} precomputed rows in all; setup {first['setup_s']} s; "
            f"{options.requests} requests per page; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
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
