"""CPU milliseconds per request of the pages a vote and an appeal hit hardest, in one process, with
Django's test client through the whole middleware stack: where the load tests' server CPU goes.

    .venv/bin/python bench/request_cpu.py                      # SQLite scratch database
    .venv/bin/python bench/request_cpu.py --postgres URL       # PostgreSQL (a scratch database, dropped)
    .venv/bin/python bench/request_cpu.py --profile "ballot page"   # and cProfile's top functions

The vote is prepared as bench/pb_load.py does (a process in the voting phase, 8 projects, signed-in
residents). For each resident: the public process page (the scale suite's probe), the ballot page, the cast;
and one appeal submitted (the appeals load test's POST). Reported: the median and mean CPU time
(time.process_time) per kind, the first 20 of each left out (warm-up). The test client's own cost is
included and is small (no sockets); the HTTP server's and nginx's are not.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _scratch
import appeals
import pb_load

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KINDS = ("process page", "ballot page", "cast", "appeal")


def measure(residents: int, profile: str | None) -> tuple[dict[str, list[float]], cProfile.Profile | None]:
    from django.test import Client

    from kenesh.territory.testing import municipality_make

    process_id, plan = pb_load.prepare(residents)
    municipality_make(appeals.COATE, "Ак-Суу")
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    profiler = cProfile.Profile(time.process_time) if profile else None

    def timed(kind: str, request: Callable[[], Any]) -> Any:
        if profiler and kind == profile:
            profiler.enable()
        started = time.process_time()
        response = request()
        times[kind].append(time.process_time() - started)
        if profiler and kind == profile:
            profiler.disable()
        return response

    anonymous = Client(HTTP_HOST="127.0.0.1")  # one client: its middleware is loaded once
    voter = Client(HTTP_HOST="127.0.0.1")
    form = anonymous.get(f"/ky/appeals/{appeals.COATE}/new/").content.decode()
    category = re.search(r'<option value="(\d+)"', form)
    for index, resident in enumerate(r for r in plan if r.kind == "web"):
        timed("process page", lambda: anonymous.get(f"/ky/pb/{process_id}/"))
        voter.cookies["sessionid"] = resident.session
        ballot = timed("ballot page", lambda: voter.get(f"/ky/pb/{process_id}/vote/"))
        token = CSRF.search(ballot.content.decode())
        choices = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "choice": list(resident.choices),
            "action": "cast",
        }
        appeal = {
            "category": category.group(1) if category else "",
            "text": f"Көчөдө жарык жок, кайрылуу {index}",
            "phone": f"+99655{1000000 + index}",
        }
        cast = timed("cast", lambda form=choices: voter.post(f"/ky/pb/{process_id}/vote/", form))
        sent = timed("appeal", lambda form=appeal: anonymous.post(f"/ky/appeals/{appeals.COATE}/new/", form))
        if ballot.status_code != 200 or cast.status_code != 302 or sent.status_code != 200:
            raise SystemExit(f"unexpected answer: {ballot.status_code} {cast.status_code} {sent.status_code}")
    return times, profiler


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="a PostgreSQL URL for the scratch database (else SQLite)")
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--profile", choices=KINDS)
    args = parser.parse_args()
    database = "postgres" if args.postgres else "sqlite"
    with (
        tempfile.TemporaryDirectory(prefix="kenesh-request-cpu-") as scratch,
        _scratch.scratch_database(database, args.postgres, folder=Path(scratch)) as url,
    ):
        appeals._setup(url, Path(scratch))
        times, profiler = measure(args.residents, args.profile)
        from django.db import connections

        connections.close_all()
    print(f"CPU ms per request ({'PostgreSQL' if args.postgres else 'SQLite'}, in process, test client):")
    for kind, values in times.items():
        steady = values[20:] or values
        median, mean = statistics.median(steady) * 1000, statistics.mean(steady) * 1000
        print(f"  {kind:13} median {median:6.2f}  mean {mean:6.2f}  (n={len(steady)})")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("kenesh|django/(template|db)/", 40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
