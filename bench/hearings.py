"""Benchmark of the national hearings view and the hearing pages on a national-scale data set (PostgreSQL).

    .venv/bin/python bench/hearings.py                                  # 500 municipalities x 10 years
    .venv/bin/python bench/hearings.py --municipalities 50 --years 3    # a quick run
    .venv/bin/python bench/hearings.py --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x --requests 30

The script creates a scratch PostgreSQL database (and drops it afterwards), migrates it and generates the
country: 7 oblasts, 40 rayons, N municipalities, and for each municipality and year two hearings (the draft
budget and the execution report) with their attendance and five proposals each, most of them answered.
Rows go in with bulk inserts, then VACUUM ANALYZE; setup is not timed. Codes start with 419 (no real
СОАТЕ prefix).

Measured: the server time of each page through Django's test client (middleware, view, queries, template;
no network), the median and the 90th percentile of --requests requests after two warm-up requests, and the
number of queries of one request. Target (issue #15): the national view under 300 ms on PostgreSQL, with
a fixed number of queries (asserted in tests/hearings/test_queries.py).
"""

from __future__ import annotations

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
    "KENESH_HEARINGS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_hearings_bench"
)
TARGET_MS = 300.0
PROPOSALS_PER_HEARING = 5
LAST_YEAR = 2025


def _country(municipalities: int, years: int, seed: int) -> dict[str, Any]:
    import datetime

    from django.db import connection

    from kenesh.hearings.models import AnswerStatus, Hearing, HearingKind, HearingProposal
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
        )
        for index, rayon in ((index, rayons[index % len(rayons)]) for index in range(municipalities))
    )
    first_year = LAST_YEAR - years + 1
    hearings = []
    for unit in units:
        for year in range(first_year, LAST_YEAR + 1):
            for kind, month in ((HearingKind.EXECUTION_REPORT, 3), (HearingKind.DRAFT_BUDGET, 7)):
                date = datetime.date(year, month, rng.randint(1, 28))
                women = rng.randint(5, 60)
                men = rng.randint(5, 60)
                hearing = Hearing(
                    municipality=unit,
                    kind=kind,
                    date=date,
                    year=year,
                    venue="Айыл өкмөтү",
                    notice_date=date - datetime.timedelta(days=rng.randint(5, 20)),
                    notice_days_required=10,
                    answer_days=30,
                    attendance_recorded=True,
                    participants=women + men,
                    women=women,
                    men=men,
                    youth=rng.randint(0, 10),
                    elderly=rng.randint(0, 10),
                    disabled=rng.randint(0, 4),
                    minorities=rng.randint(0, 6),
                    officials=rng.randint(2, 8),
                )
                hearing.due_date_set()
                hearings.append(hearing)
    hearings = Hearing.objects.bulk_create(hearings, batch_size=5000)
    statuses = [AnswerStatus.ACCEPTED, AnswerStatus.PARTLY, AnswerStatus.REJECTED, AnswerStatus.UNANSWERED]
    proposals = []
    for hearing in hearings:
        for number in range(1, PROPOSALS_PER_HEARING + 1):
            status = rng.choice(statuses)
            answered = status != AnswerStatus.UNANSWERED
            proposals.append(
                HearingProposal(
                    hearing=hearing,
                    number=number,
                    text_ky="Суу түтүгүн оңдоо",
                    text_ru="Отремонтировать водопровод",
                    status=status,
                    answer_ky="Жооп" if answered else "",
                    answered_on=hearing.date + datetime.timedelta(days=rng.randint(3, 45))
                    if answered
                    else None,
                )
            )
    HearingProposal.objects.bulk_create(proposals, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    middle = units[len(units) // 2]
    return {
        "hearings": len(hearings),
        "proposals": len(proposals),
        "coate": middle.coate,
        "rayon": middle.parent.coate if middle.parent else "",
        "oblast": middle.parent.parent.coate if middle.parent and middle.parent.parent else "",
        "hearing": hearings[len(hearings) // 2].pk,
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
    coate = country["coate"]
    with translation.override("ky"):
        pages = [
            ("national view (ky, every municipality)", reverse("hearings:national") + f"?year={LAST_YEAR}"),
            ("national view (ky, oblast)", reverse("hearings:national") + f"?oblast={country['oblast']}"),
            ("national view (ky, rayon)", reverse("hearings:national") + f"?rayon={country['rayon']}"),
            ("archive of a municipality", reverse("hearings:archive", kwargs={"coate": coate})),
        ]
    with translation.override("ru"):
        pages += [
            (
                "a hearing's page (ru)",
                reverse("hearings:detail", kwargs={"coate": coate, "pk": country["hearing"]}),
            ),
        ]
    pages += [
        ("open data CSV of a municipality", f"/hearings/data/{coate}/hearings.csv"),
        ("API: a municipality's hearings", f"/api/hearings/{coate}"),
    ]
    figures = {
        "municipalities": municipalities,
        "years": years,
        "hearings": country["hearings"],
        "proposals": country["proposals"],
        "setup_s": round(setup_s, 1),
    }
    return _scratch.pages_time(client, pages, requests, **figures)


def main() -> None:
    parser = _scratch.parser_make(__doc__, DEFAULT_POSTGRES, databases=False)
    parser.add_argument("--municipalities", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    if options.child:
        _scratch.child_print(_measure(options.municipalities, options.years, options.requests, options.seed))
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
        print(
            f"{first['municipalities']} municipalities x {first['years']} years: "
            f"{first['hearings']:,} hearings, {first['proposals']:,} proposals "
            f"(setup {first['setup_s']} s); {options.requests} requests per page"
        )
    print(f"{'page':<42} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'KB':>6}")
    for result in results:
        print(
            f"{result['name']:<42} {result['median_ms']:>10.1f} {result['p90_ms']:>8.1f} "
            f"{result['queries']:>8} {result['bytes'] / 1024:>6.0f}"
        )
    required = [result for result in results if result["name"].startswith("national view")]
    met = all(result["median_ms"] < TARGET_MS for result in required)
    print(f"target: national view under {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
