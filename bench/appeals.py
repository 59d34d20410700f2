"""Load test of appeal submission, and the national responsiveness view at national scale.

    .venv/bin/python bench/appeals.py                    # 1,500 appeals at 100/s, SQLite then PostgreSQL
    .venv/bin/python bench/appeals.py --database sqlite --appeals 300 --rate 50
    .venv/bin/python bench/appeals.py --municipalities 1      # all to one municipality (its counter row)
    .venv/bin/python bench/appeals.py --national                   # PostgreSQL: 500 x 3 years x 200 appeals

Submission (a bounded run against a real gunicorn server on 127.0.0.1, 3 workers x 4 threads): a scratch
database (a temporary SQLite file, or a PostgreSQL database created and dropped) is migrated and given
`--municipalities` municipalities (10 by default; the citizens are spread over them in turn, as a national
load would be; `--municipalities 1` is the worst case, every registration waiting for the same counter row,
which keeps each body's numbers without gaps); every simulated citizen first opens the appeal form (GET, for
its CSRF cookie and token; not measured), then the POSTs of the appeals start at `--rate` per second, evenly
spaced, each on a new connection, with a deadline. One citizen in twenty double-clicks (a second POST of the
same form 100 ms after the first). Reported: accepted (200 with a tracking code), stored (appeals in the
database), lost (accepted codes not stored), duplicated (stored beyond one per citizen), failed requests, the
achieved rate, p50/p99 of the POST's latency, and the machine's load average (other work shares the 2 CPUs).

National view (`--national`, PostgreSQL only): 500 municipalities in 25 rayons of 5 oblasts, 3 years of
200 appeals each (300,000, written in bulk), then `figures_national` is timed for the whole country, one
oblast, and one year (median of 5 runs each, server time in this process) and its queries are counted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import _scratch  # noqa: E402  (the scratch database)
import pb_load  # noqa: E402  (the server, the scratch databases and the HTTP client of the voting test)

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_APPEALS_LOAD_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_appeals_load"
)
COATE = "41702215810000"
COATES = [COATE]  # the municipalities of the run (--municipalities; coates_set)


def coates_set(municipalities: int) -> None:
    """The run's municipalities: the first is Ак-Суу's code, the others one per made-up oblast code."""
    COATES[:] = [COATE] + [f"417{30 + n:02d}215810000" for n in range(municipalities - 1)]


CODE = re.compile(r"/appeals/track/([0-9A-Z]{10})/")
DOUBLE_CLICK_EVERY = 20


@dataclass
class Report:
    database: str
    appeals: int
    rate: float
    municipalities: int = 1
    accepted: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    failed: int = 0
    achieved_rate: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    server_cpu_ms_per_appeal: float | None = None
    client_cpu_ms_per_post: float | None = None
    load_before: list[float] = field(default_factory=list)
    load_after: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)


def _setup(database_url: str, var_dir: Path) -> None:
    pb_load._django(database_url, var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "appeals_settings"
    from django.conf import settings

    settings.KENESH_RATES = {**settings.KENESH_RATES, "appeal-address": "1000000/h"}


def _prepare() -> None:
    from django.core.management import call_command

    from kenesh.territory.testing import municipality_make

    call_command("migrate", verbosity=0)
    for n, coate in enumerate(COATES):
        municipality_make(coate, f"Ак-Суу {n}")


def _open_form(port: int, index: int, errors: dict[str, int], lock: threading.Lock) -> dict[str, str] | None:
    browser = pb_load.Browser(port, timeout=30)
    try:
        status, _, text = browser.request("GET", f"/ky/appeals/{COATES[index % len(COATES)]}/new/")
    except OSError as error:
        with lock:
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
        return None
    finally:
        browser.close()
    if status != 200:
        return None
    category = re.search(r'<option value="(\d+)"', text)
    return {
        "cookies": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        "csrfmiddlewaretoken": pb_load._csrf(text),
        "category": category.group(1) if category else "",
        "text": f"Бенчмарк: көчөдө жарык жок, кайрылуу {index}",
        "phone": f"+99655{1000000 + index}",
        "_coate": COATES[index % len(COATES)],
    }


def _post(port: int, form: dict[str, str]) -> tuple[int, str, float]:
    data = {key: value for key, value in form.items() if key not in ("cookies", "_coate")}
    body = urllib.parse.urlencode(data)
    headers = {
        "Cookie": form["cookies"],
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": "http://127.0.0.1/",
    }
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", f"/ky/appeals/{form['_coate']}/new/", body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        status = response.status
    finally:
        connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    match = CODE.search(text)
    return status, match.group(1) if match else "", elapsed


def run_one(database: str, appeals: int, rate: float, postgres: str, municipalities: int = 10) -> Report:
    coates_set(municipalities)
    report = Report(database=database, appeals=appeals, rate=rate, municipalities=municipalities)
    with (
        tempfile.TemporaryDirectory(prefix="kenesh-appeals-load-") as scratch,
        _scratch.scratch_database(database, postgres, folder=Path(scratch)) as url,
    ):
        _setup(url, Path(scratch))
        _prepare()
        port = pb_load._free_port()
        server = pb_load.server_start(port, workers=3, threads=4)
        try:
            _measure(report, port, appeals, rate, server)
        finally:
            pb_load.server_stop(server)
        from django.db import connection

        from kenesh.appeals.models import Appeal

        codes = list(Appeal.objects.values_list("code", flat=True))
        report.stored = len(codes)
        report.duplicated = report.stored - len(set(Appeal.objects.values_list("fingerprint", flat=True)))
        report.lost = len(report.errors.pop("_accepted_codes", set()) - set(codes))  # type: ignore[arg-type]
        connection.close()
    return report


def _measure(report: Report, port: int, appeals: int, rate: float, server: Any) -> None:
    lock = threading.Lock()
    errors: dict[str, Any] = {}
    forms: list[dict[str, str] | None] = [None] * appeals

    def opener(indices: range) -> None:
        for index in indices:
            forms[index] = _open_form(port, index, errors, lock)

    threads = [threading.Thread(target=opener, args=(range(i, appeals, 16),)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.load_before = list(os.getloadavg())
    server_cpu = pb_load.server_cpu_seconds(server)
    client_cpu = time.process_time()
    latencies: list[float] = []
    accepted_codes: set[str] = set()
    accepted = 0
    start = time.perf_counter() + 0.5
    deadline = start + appeals / rate + 60

    def submit(index: int) -> None:
        nonlocal accepted
        form = forms[index]
        if form is None:
            with lock:
                report.failed += 1
            return
        times = [start + index / rate]
        if index % DOUBLE_CLICK_EVERY == 0:
            times.append(times[0] + 0.1)
        for at in times:
            delay = at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if time.perf_counter() > deadline:
                with lock:
                    report.failed += 1
                return
            try:
                status, code, elapsed = _post(port, form)
            except OSError as error:
                with lock:
                    report.failed += 1
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                continue
            with lock:
                latencies.append(elapsed)
                if status == 200 and code:
                    accepted += 1
                    accepted_codes.add(code)
                else:
                    report.failed += 1
                    errors[f"status {status}"] = errors.get(f"status {status}", 0) + 1

    workers = [
        threading.Thread(target=lambda k=k: [submit(i) for i in range(k, appeals, 128)]) for k in range(128)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    finished = time.perf_counter()
    report.load_after = list(os.getloadavg())
    posts = max(len(latencies), 1)
    server_cpu = pb_load.server_cpu_seconds(server) - server_cpu
    report.server_cpu_ms_per_appeal = round(server_cpu * 1000 / posts, 1)
    report.client_cpu_ms_per_post = round((time.process_time() - client_cpu) * 1000 / posts, 1)
    report.accepted = accepted
    report.achieved_rate = round(len(latencies) / max(finished - start, 1e-9), 1)
    ordered = sorted(latencies)
    if ordered:
        report.p50_ms = round(statistics.median(ordered), 1)
        report.p99_ms = round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1)
    errors["_accepted_codes"] = accepted_codes
    report.errors = errors


def national(postgres: str, municipalities: int = 500, years: int = 3, per_year: int = 200) -> dict[str, Any]:
    """Write the national data set in bulk, then time figures_national and count its queries."""
    import datetime
    import random

    with _scratch.scratch_database("postgres", postgres):
        with tempfile.TemporaryDirectory(prefix="kenesh-appeals-national-") as scratch:
            _setup(postgres, Path(scratch))
            from django.core.management import call_command
            from django.db import connection
            from django.test.utils import CaptureQueriesContext
            from django.utils import timezone

            from kenesh.appeals.models import Appeal, Category, Status
            from kenesh.appeals.selectors import figures_national
            from kenesh.territory.models import Level, Unit

            call_command("migrate", verbosity=0)
            rng = random.Random(16)
            categories = list(Category.objects.all())
            oblasts = [
                Unit.objects.create(
                    coate=f"41{o + 1:02d}0000000000", level=Level.OBLAST, name_ru=f"Область {o}"
                )
                for o in range(5)
            ]
            rayons = [
                Unit.objects.create(
                    coate=f"41{o + 1:02d}{r + 1:03d}00000000"[:14],
                    level=Level.RAYON,
                    name_ru=f"Район {o}-{r}",
                    parent=oblasts[o],
                )
                for o in range(5)
                for r in range(5)
            ]
            units = Unit.objects.bulk_create(
                Unit(
                    coate=f"{rayons[m % 25].coate[:8]}{m + 1:06d}",
                    level=Level.MUNICIPALITY,
                    name_ru=f"Аймак {m}",
                    parent=rayons[m % 25],
                )
                for m in range(municipalities)
            )
            written = 0
            started = time.perf_counter()
            this_year = timezone.localdate().year
            for unit in units:
                batch = []
                for year in range(this_year - years + 1, this_year + 1):
                    for number in range(1, per_year + 1):
                        received = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(330))
                        days = rng.randrange(1, 25)
                        answered = rng.random() < 0.9
                        batch.append(
                            Appeal(
                                municipality_id=unit.pk,
                                year=year,
                                number=number,
                                code=f"N{unit.pk:05d}{year % 100:02d}{number:03d}"[:16],
                                channel="web",
                                category=rng.choice(categories),
                                text="-",
                                received_on=received,
                                registered_at=timezone.make_aware(
                                    datetime.datetime.combine(received, datetime.time(10))
                                ),
                                due_on=received + datetime.timedelta(days=20),
                                fingerprint="-",
                                status=Status.ANSWERED if answered else Status.IN_PROGRESS,
                                answered_at=timezone.make_aware(
                                    datetime.datetime.combine(received, datetime.time(12))
                                )
                                if answered
                                else None,
                                answer_working_days=days if answered else None,
                                on_time=(days <= 14) if answered else None,
                                solved=(rng.random() < 0.7) if answered and rng.random() < 0.6 else None,
                            )
                        )
                Appeal.objects.bulk_create(batch, batch_size=2000)
                written += len(batch)
            load_seconds = round(time.perf_counter() - started, 1)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

            def timed(**filters: Any) -> dict[str, Any]:
                runs = []
                queries = 0
                for _ in range(5):
                    with CaptureQueriesContext(connection) as captured:
                        t0 = time.perf_counter()
                        data = figures_national(**filters)
                        runs.append((time.perf_counter() - t0) * 1000)
                    queries = len(captured)
                return {
                    "median_ms": round(statistics.median(runs), 1),
                    "max_ms": round(max(runs), 1),
                    "queries": queries,
                    "rows": len(data.rows),
                }

            result = {
                "appeals": written,
                "load_seconds": load_seconds,
                "country": timed(),
                "one_oblast": timed(oblast=oblasts[0].pk),
                "one_year": timed(year=this_year),
            }
            connection.close()
            return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--appeals", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--municipalities", type=int, default=10, choices=range(1, 61), metavar="1-60")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--national", action="store_true", help="the national view on PostgreSQL instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.national:
        print(json.dumps(national(args.postgres), indent=None if args.json else 2))
        return 0
    if args.database == "both":
        return _scratch.databases_each(
            __file__,
            lambda database: [
                f"--database={database}",
                f"--postgres={args.postgres}",
                f"--appeals={args.appeals}",
                f"--rate={args.rate}",
                f"--municipalities={args.municipalities}",
                *(["--json"] if args.json else []),
            ],
        )
    report = run_one(args.database, args.appeals, args.rate, args.postgres, args.municipalities)
    print(json.dumps(asdict(report), ensure_ascii=False, indent=None if args.json else 2), flush=True)
    return 0 if report.lost == 0 and report.duplicated == 0 and report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
