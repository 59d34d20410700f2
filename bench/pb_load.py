"""Load test of voting: N concurrent voters cast ballots against a real gunicorn server on 127.0.0.1.

    .venv/bin/python bench/pb_load.py                          # 500 voters, SQLite then PostgreSQL
    .venv/bin/python bench/pb_load.py --database sqlite --voters 50
    .venv/bin/python bench/pb_load.py --database postgres --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x

For each database the script makes a scratch database (a temporary SQLite file, or a PostgreSQL database
it creates and drops), migrates it, sets up a municipality with a process in the voting phase (approval
ballot, 8 projects), verified residents with signed-in sessions (the login itself, Argon2 on purpose, is
not what is measured) and one-time voting codes handed out at the desk, then starts gunicorn (3 workers x
4 threads by default) and lets every voter start at the same moment. Each voter first opens their ballot:
a web voter GETs the ballot page; a code voter (every fifth) GETs the code page, POSTs the code and GETs
the code ballot. Then the voter casts (POSTs) the ballot. Every request has a timeout and the run a
deadline. Three ways to cast:

- burst (default): every voter opens the ballot, then all 500 cast at the same moment (on a new
  connection, as a browser would after reading the page): the throughput of casting itself;
- paced (`--rate R`): as burst, but the casts start R per second, evenly spaced: an arrival rate the
  server either keeps up with (latency stays the server's) or not (latency becomes queueing);
- flow (`--flow`): each voter casts right after opening the ballot (the earlier measurement).

Reported: accepted (a cast answered with the redirect that means "recorded"), stored (ballots in the
database afterwards), lost (accepted but not stored), duplicated (stored beyond one per voter, or more
than accepted), rejected and failed requests, throughput (accepted ballots per second from the first cast
to the last answer; flow: of the whole run), p50/p99 of the cast request's latency and of opening the
ballot, and the machine's load average before and after (other work shares the CPU). `--json` prints one
JSON object per database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import _scratch  # noqa: E402  (the scratch database)

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_PB_LOAD_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_pb_load"
)
CODE_EVERY = 5
"""Every fifth voter votes with a printed code instead of a signed-in account."""
PROJECTS = 8
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Voter:
    kind: str  # "web" or "code"
    session: str = ""
    code: str = ""
    choices: tuple[int, ...] = ()


@dataclass
class Outcome:
    accepted: bool = False
    rejected: bool = False
    error: str = ""
    open_seconds: float | None = None
    cast_seconds: float | None = None
    cast_done: float | None = None


@dataclass
class Report:
    database: str
    voters: int
    accepted: int
    stored: int
    lost: int
    duplicated: int
    rejected: int
    failed: int
    seconds: float
    throughput: float
    p50_ms: float | None
    p99_ms: float | None
    server: str
    mode: str = "burst"
    rate: float | None = None
    """Paced: the casts start at this many per second (an open-loop arrival rate), else all at once."""
    cast_seconds: float = 0.0
    """Burst: from the moment every voter has their ballot open to the last cast answered."""
    flow_throughput: float = 0.0
    """Accepted ballots per second of the whole run, page loads included."""
    open_p50_ms: float | None = None
    open_p99_ms: float | None = None
    load_before: list[float] = field(default_factory=list)
    load_after: list[float] = field(default_factory=list)
    """The machine's load average (1, 5, 15 min) before and after the run: other work shares the CPU."""
    errors: dict[str, int] = field(default_factory=dict)


# --- the scratch database and its data ------------------------------------------------------------------


def _django(database_url: str, var_dir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["KENESH_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pb_load_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO / "bench"), str(REPO)])
    sys.path.insert(0, str(REPO / "bench"))
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    os.environ["KENESH_REQUEST_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def prepare(voters: int) -> tuple[int, list[Voter]]:
    """Migrate, then a process in the voting phase with its projects, residents, sessions and codes."""
    from decimal import Decimal

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from kenesh.accounts.models import Role, User
    from kenesh.accounts.testing import person_make
    from kenesh.pb.desk import desk_issue
    from kenesh.pb.models import Credential, Phase, Process, Proposal, ProposalStatus
    from kenesh.territory.testing import municipality_make

    call_command("migrate", interactive=False, verbosity=0)
    municipality = municipality_make("41799999825000", "Жүк-Сыноо")
    staff = person_make(role=Role.STAFF, municipality=municipality)
    process = Process.objects.create(
        municipality=municipality,
        title_ky="Жүктөм сыноосу",
        title_ru="Нагрузочный тест",
        budget=Decimal(2_000_000),
        phase=Phase.VOTING,
        ballot_format="approval",
        min_choices=1,
        max_choices=3,
    )
    Proposal.objects.bulk_create(
        Proposal(
            process=process,
            number=n,
            title_ky=f"Долбоор {n}",
            title_ru=f"Проект {n}",
            estimated_cost=Decimal(150_000 + 50_000 * n),
            status=ProposalStatus.ON_BALLOT,
        )
        for n in range(1, PROJECTS + 1)
    )
    web = [i for i in range(voters) if i % CODE_EVERY != 0]
    codes = [i for i in range(voters) if i % CODE_EVERY == 0]
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"voter{i}@load.test",
            full_name=f"Voter {i}",
            municipality=municipality,
            resident_verified_at=now,
            resident_verified_for=municipality,
            age_group="30-44",
            sex="f" if i % 2 else "m",
        )
        for i in web
    )
    plan: dict[int, Voter] = {}
    for i, user in zip(web, users, strict=True):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        plan[i] = Voter(kind="web", session=session.session_key or "")
    for i in codes:
        # A resident without an account, recorded at the desk by their PIN and handed a code.
        issued = desk_issue(
            actor=staff,
            process=process,
            credential=Credential.CODE,
            pin=f"2{i:013d}",
            full_name=f"Desk voter {i}",
        )
        plan[i] = Voter(kind="code", code=issued.code)
    for i, voter in plan.items():
        voter.choices = tuple(sorted({1 + i % PROJECTS, 1 + (i * 7 + 3) % PROJECTS}))
    return process.pk, [plan[i] for i in range(voters)]


def stored_counts(process_id: int) -> tuple[int, int]:
    """(ballots stored, distinct voter keys among them)."""
    from django.db.models import Count

    from kenesh.pb.models import Ballot

    ballots = Ballot.objects.filter(process_id=process_id)
    agg = ballots.aggregate(n=Count("pk"), keys=Count("voter_key", distinct=True))
    return int(agg["n"]), int(agg["keys"])


# --- the server --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_start(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kenesh.config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--backlog=2048",
        "--timeout=60",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=REPO, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.25)
    server_stop(process)
    raise RuntimeError("gunicorn did not answer /health/ within 60 s")


def server_cpu_seconds(process: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user + system) used so far by the server: the gunicorn master and its live workers."""
    return tree_cpu_seconds(process.pid)


def tree_cpu_seconds(parent: int) -> float:
    """CPU seconds (user + system) used so far by a process and its live children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        # After the command name: state, ppid, ... utime and stime are fields 14 and 15 of the whole line.
        if pid == parent or int(fields[1]) == parent:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def server_stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- one voter ----------------------------------------------------------------------------------------------


class Browser:
    """One voter's HTTP client: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int, timeout: float):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "http://127.0.0.1/"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def close(self) -> None:
        self.connection.close()


def _csrf(text: str) -> str:
    match = CSRF_INPUT.search(text)
    return match.group(1) if match else ""


def ballot_open(voter: Voter, process_id: int, browser: Browser, outcome: Outcome) -> tuple[str, str] | None:
    """The voter opens their ballot: (the page to post to, its CSRF token), or None (see outcome.error)."""
    if voter.kind == "web":
        browser.cookies["sessionid"] = voter.session
        page = f"/ky/pb/{process_id}/vote/"
        status, _, text = browser.request("GET", page)
        if status != 200:
            outcome.error = f"GET ballot {status}"
            return None
    else:
        page = f"/ky/pb/{process_id}/code/"
        status, _, text = browser.request("GET", page)
        status, _, text = browser.request(
            "POST", page, {"csrfmiddlewaretoken": _csrf(text), "code": voter.code}
        )
        if status != 302:
            outcome.error = f"POST code {status}"
            return None
        page = f"/ky/pb/{process_id}/code/ballot/"
        status, _, text = browser.request("GET", page)
        if status != 200:
            outcome.error = f"GET code ballot {status}"
            return None
    return page, _csrf(text)


def vote(
    voter: Voter,
    process_id: int,
    port: int,
    start: threading.Event,
    cast: threading.Event | None,
    opened: threading.Semaphore,
    timeout: float,
    in_flight: threading.BoundedSemaphore,
    cast_offset: float = 0.0,
    cast_clock: list[float] | None = None,
) -> Outcome:
    """One voter: open the ballot, then (after `cast` is set, when given) cast it.

    With `cast`, every voter first opens their ballot page and then all cast at the same moment: the
    casts are measured as one burst, apart from the page loads (see the module's docstring).
    `cast_offset`: seconds after that moment (`cast_clock[0]`) at which this voter casts (a paced run).
    """
    outcome = Outcome()
    browser = Browser(port, timeout)
    start.wait()
    try:
        in_flight.acquire()
        try:
            began = time.perf_counter()
            opening = ballot_open(voter, process_id, browser, outcome)
            outcome.open_seconds = time.perf_counter() - began
        finally:
            in_flight.release()
            opened.release()
        if opening is None:
            return outcome
        if cast is not None:
            cast.wait()
            # A voter reads the ballot before casting: the server has closed the idle keep-alive
            # connection by then, so the cast opens a new one (as a browser would).
            browser.connection.close()
            if cast_offset and cast_clock:
                time.sleep(max(0.0, cast_clock[0] + cast_offset - time.perf_counter()))
        page, token = opening
        form = {"csrfmiddlewaretoken": token, "choice": list(voter.choices), "action": "cast"}
        in_flight.acquire()
        try:
            began = time.perf_counter()
            status, _location, _ = browser.request("POST", page, form)
            outcome.cast_seconds = time.perf_counter() - began
            outcome.cast_done = time.perf_counter()
        finally:
            in_flight.release()
        if status == 302:
            outcome.accepted = True
        elif status == 400:
            outcome.rejected = True
        else:
            outcome.error = f"POST cast {status}"
    except (OSError, http.client.HTTPException) as error:
        outcome.error = type(error).__name__
    finally:
        browser.close()
    return outcome


# --- a run ----------------------------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(
    database: str,
    url: str,
    voters: int,
    workers: int,
    threads: int,
    deadline: float,
    timeout: float,
    in_flight: int | None = None,
    burst: bool = True,
    rate: float | None = None,
) -> Report:
    """One database: prepare, serve, vote, count what was stored."""
    process_id, plan = prepare(voters)
    from django.db import connections

    connections.close_all()  # the server processes open their own
    port = _free_port()
    server = server_start(port, workers, threads)
    outcomes: list[Outcome | None] = [None] * voters
    start = threading.Event()
    cast = threading.Event() if burst else None
    opened = threading.Semaphore(0)
    gate = threading.BoundedSemaphore(in_flight or voters)
    load_before = os.getloadavg()
    cast_began: float | None = None
    cast_clock = [0.0]
    try:

        def one(k: int) -> None:
            offset = k / rate if rate else 0.0
            outcomes[k] = vote(
                plan[k], process_id, port, start, cast, opened, timeout, gate, offset, cast_clock
            )

        pool = [threading.Thread(target=one, args=(k,), daemon=True) for k in range(voters)]
        for thread in pool:
            thread.start()
        began = time.perf_counter()
        start.set()
        if cast is not None:
            for _ in range(voters):
                if not opened.acquire(timeout=max(0.0, deadline - (time.perf_counter() - began))):
                    break
            cast_began = time.perf_counter()
            cast_clock[0] = cast_began
            cast.set()
        for thread in pool:
            thread.join(max(0.0, deadline - (time.perf_counter() - began)))
        seconds = time.perf_counter() - began
    finally:
        server_stop(server)
    load_after = os.getloadavg()
    finished = [o for o in outcomes if o is not None]
    accepted = sum(o.accepted for o in finished)
    rejected = sum(o.rejected for o in finished)
    errors: dict[str, int] = {}
    for o in finished:
        if o.error:
            errors[o.error] = errors.get(o.error, 0) + 1
    unfinished = voters - len(finished)
    if unfinished:
        errors["unfinished at the deadline"] = unfinished
    stored, distinct = stored_counts(process_id)
    latencies = sorted(o.cast_seconds * 1000 for o in finished if o.cast_seconds is not None and o.accepted)
    p50, p99 = _percentile(latencies, 50), _percentile(latencies, 99)
    opens = sorted(o.open_seconds * 1000 for o in finished if o.open_seconds is not None and not o.error)
    done = [o.cast_done for o in finished if o.cast_done is not None]
    cast_seconds = (max(done) - cast_began) if cast_began is not None and done else seconds
    return Report(
        database=database,
        voters=voters,
        accepted=accepted,
        stored=stored,
        lost=max(0, accepted - stored),
        duplicated=(stored - distinct) + max(0, stored - accepted),
        rejected=rejected,
        failed=sum(1 for o in finished if o.error) + unfinished,
        seconds=round(seconds, 2),
        throughput=round(accepted / cast_seconds, 1) if cast_seconds else 0.0,
        p50_ms=round(p50, 1) if p50 is not None else None,
        p99_ms=round(p99, 1) if p99 is not None else None,
        server=f"gunicorn {workers} workers x {threads} threads"
        + (f", at most {in_flight} voters at a time" if in_flight and in_flight < voters else ""),
        mode=("paced" if rate else "burst") if burst else "flow",
        rate=rate,
        cast_seconds=round(cast_seconds, 2),
        flow_throughput=round(accepted / seconds, 1) if seconds else 0.0,
        open_p50_ms=_rounded(_percentile(opens, 50)),
        open_p99_ms=_rounded(_percentile(opens, 99)),
        load_before=[round(x, 2) for x in load_before],
        load_after=[round(x, 2) for x in load_after],
        errors=errors,
    )


def _rounded(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def run_one(args: argparse.Namespace) -> Report:
    scratch = Path(tempfile.mkdtemp(prefix="kenesh-pb-load-"))
    (scratch / "static").mkdir()  # WhiteNoise warns about a missing STATIC_ROOT on every worker start
    try:
        with _scratch.scratch_database(args.database, args.postgres, folder=scratch) as url:
            _django(url, scratch)
            try:
                return run(
                    args.database,
                    url,
                    args.voters,
                    args.workers,
                    args.threads,
                    args.deadline,
                    args.timeout,
                    args.in_flight,
                    not args.flow,
                    args.rate,
                )
            finally:
                from django.db import connections

                connections.close_all()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def print_report(report: Report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(asdict(report)))
        return
    mode = f"{report.mode} at {report.rate}/s" if report.rate else report.mode
    print(
        f"{report.database}: {report.voters} voters, {report.server}\n"
        f"  accepted {report.accepted}, stored {report.stored}, lost {report.lost}, "
        f"duplicated {report.duplicated}, rejected {report.rejected}, failed {report.failed}\n"
        f"  {mode}: {report.throughput} ballots/s (casts {report.cast_seconds} s), cast latency "
        f"p50 {report.p50_ms} ms, p99 {report.p99_ms} ms\n"
        f"  whole run {report.seconds} s ({report.flow_throughput} ballots/s with the page loads), "
        f"ballot page open p50 {report.open_p50_ms} ms, p99 {report.open_p99_ms} ms\n"
        f"  load average before {report.load_before}, after {report.load_after}"
    )
    for error, count in report.errors.items():
        print(f"  error: {error} x{count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="URL of a scratch database to create")
    parser.add_argument("--voters", type=int, default=500)
    # Measured on 2 cores (docs/performance.md): 3 processes of 4 threads beat 2x8, 2x4 and 4x2.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--deadline", type=float, default=300, help="seconds the voting may last in all")
    parser.add_argument("--timeout", type=float, default=60, help="seconds one request may take")
    parser.add_argument(
        "--in-flight", type=int, default=None, help="voters voting at the same moment (default: all of them)"
    )
    parser.add_argument(
        "--flow",
        action="store_true",
        help="each voter casts right after opening the page (default: all open, then all cast at once)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="casts per second to start, evenly paced (default: all at once)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.voters <= 5000:
        parser.error("--voters must be between 1 and 5000")
    if args.database == "both":
        return _scratch.databases_each(
            __file__,
            lambda database: [
                f"--database={database}",
                f"--postgres={args.postgres}",
                f"--voters={args.voters}",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
                f"--deadline={args.deadline}",
                f"--timeout={args.timeout}",
                *([f"--in-flight={args.in_flight}"] if args.in_flight else []),
                *(["--flow"] if args.flow else []),
                *([f"--rate={args.rate}"] if args.rate else []),
                *(["--json"] if args.json else []),
            ],
        )
    report = run_one(args)
    print_report(report, args.json)
    return 0 if report.lost == 0 and report.duplicated == 0 and report.stored == report.accepted else 1


if __name__ == "__main__":
    sys.exit(main())
