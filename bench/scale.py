"""Load and fault suite (issue 19): nginx, two app servers, a PostgreSQL primary and replica, two workers.

    .venv/bin/python bench/scale.py                  # 500 voters arriving over 20 s
    .venv/bin/python bench/scale.py --quick          # 60 voters over 6 s: the CI run, same checks
    .venv/bin/python bench/scale.py --voters 200 --seconds 10 --json

Everything runs on 127.0.0.1 in a scratch directory, torn down at the end even on failure: a PostgreSQL
primary of its own (initdb, run as the `postgres` user, trust authentication on loopback), a streaming
replica made from it with `pg_basebackup -R -X stream`, two gunicorn app servers with deploy/gunicorn.conf.py
(2 processes x 4 threads each, Django's psycopg pool, public GETs read from the replica), nginx in front
of them with the proxy rules of deploy/nginx/kenesh.conf (no TLS), and two `db_worker` processes.

The vote is prepared as bench/pb_load.py does (a process in the voting phase; web voters with signed-in
sessions, every fifth voter with a printed code). The voters arrive evenly over `--seconds`, each opens
the ballot and casts it through nginx. Meanwhile:

- at 40 % of the time one app server (its whole process group) and one worker are killed with SIGKILL;
- at 50 % the replica is stopped (`pg_ctl stop -m immediate`) for a few seconds, then started again;
- a probe GETs the public process page through nginx every 100 ms.

Then the vote is closed and its count queued; the surviving worker computes it. The checks (exit 1 when
one fails): every accepted ballot is stored exactly once (a cast whose answer was lost with the killed
server may be stored or not, and is reported); no request got a 5xx (or no answer) except those in flight
on the killed server at the moment of the kill (started before its processes were all gone, ended within a
second after); the
probe got only 200s while the replica was down; every voter's cast was answered unless the kill hit it;
and the stored result equals a recount of its Pabulib export by kenesh.tally.

Reported: throughput, cast latency p50/p95/p99, opening the ballot p50/p99, CPU milliseconds per accepted
ballot of the app servers (both process trees, the killed one up to the kill), of PostgreSQL and nginx,
and of the load generator itself, and the load average (other work shares the CPU).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pb_load
from pb_load import REPO, Browser, Outcome, Voter, ballot_open, tree_cpu_seconds


def _pg_bin() -> Path:
    """PostgreSQL's server binaries: KENESH_SCALE_PG_BIN, else Debian's newest installed version."""
    if os.environ.get("KENESH_SCALE_PG_BIN"):
        return Path(os.environ["KENESH_SCALE_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
NGINX = os.environ.get("KENESH_SCALE_NGINX", "/usr/sbin/nginx")
KILL_AT, REPLICA_DOWN_AT = 0.4, 0.5
"""When the faults happen, as a fraction of the voters' arrival time."""
KILL_GRACE = 1.0
"""A request in flight on the killed server may fail if it ended within this many seconds of the kill."""
PROBE_EVERY = 0.1


@dataclass
class Request:
    """One HTTP request as the client saw it (status 0: no answer), times on the perf_counter clock."""

    kind: str  # "voter" or "probe"
    method: str
    path: str
    started: float
    ended: float
    status: int


@dataclass
class Faults:
    killed_at: float = 0.0
    """When SIGKILL was sent to the app server's process group."""
    gone_at: float = 0.0
    """When its processes were all gone (on a loaded machine the kernel takes a while to tear them down)."""
    replica_down: tuple[float, float] = (0.0, 0.0)
    killed_server_cpu: float = 0.0
    """CPU seconds of the killed app server's tree, read just before the kill."""


@dataclass
class LoadRun:
    """What the voters, the probe and the faults did; times on the perf_counter clock."""

    outcomes: list[Outcome | None]
    log: list[Request]
    faults: Faults
    cpu: dict[str, float]
    """CPU seconds used during the run, by component."""
    began: float
    ended: float
    probe_cpu_ms: float = 0.0
    """The app servers' CPU for one probe page, measured before the run (probe_calibrate)."""


@dataclass
class Stack:
    """What runs in the scratch directory; `stop` tears down whatever was started."""

    scratch: Path
    primary_dir: Path
    replica_dir: Path
    primary_port: int = 0
    replica_port: int = 0
    nginx_port: int = 0
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    probe_cpu_ms: float = 0.0

    @property
    def primary_url(self) -> str:
        return f"postgres://kenesh@127.0.0.1:{self.primary_port}/kenesh"

    @property
    def replica_url(self) -> str:
        return f"postgres://kenesh@127.0.0.1:{self.replica_port}/kenesh"

    def stop(self) -> None:
        for process in [*self.workers, *self.servers, *([self.nginx] if self.nginx else [])]:
            _group_stop(process)
        for data in (self.replica_dir, self.primary_dir):
            if (data / "postmaster.pid").exists():
                _as_postgres(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", check=False)


# --- PostgreSQL: a primary and its streaming replica ------------------------------------------------------


def _as_postgres(*command: Any, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)],
        check=check,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def pg_start(data: Path) -> None:
    _as_postgres(PG_BIN / "pg_ctl", "-D", data, "-l", data / "server.log", "-w", "-t", "60", "start")


def primary_make(stack: Stack) -> None:
    """initdb, replication allowed on loopback with trust authentication, a role and database for Kenesh."""
    data = stack.primary_dir
    _as_postgres(
        PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
    )
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"listen_addresses = '127.0.0.1'\nport = {stack.primary_port}\n"
            f"unix_socket_directories = '{data.parent}'\nwal_level = replica\nmax_wal_senders = 5\n"
            "max_connections = 200\nhot_standby = on\n"
        )
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
    )
    pg_start(data)
    import psycopg

    admin = f"postgres://postgres@127.0.0.1:{stack.primary_port}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("CREATE ROLE kenesh LOGIN")
        connection.execute("CREATE DATABASE kenesh OWNER kenesh")


def replica_make(stack: Stack) -> None:
    _as_postgres(
        PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", stack.primary_port, "-U", "postgres",
        "-D", stack.replica_dir, "-R", "-X", "stream", "--checkpoint=fast",
    )  # fmt: skip
    with (stack.replica_dir / "postgresql.conf").open("a") as conf:
        conf.write(f"port = {stack.replica_port}\n")
    pg_start(stack.replica_dir)


def replica_caught_up(stack: Stack, timeout: float = 60) -> None:
    """Wait until the replica has replayed everything the primary has written (the prepared vote)."""
    import psycopg

    admin = f"postgres://postgres@127.0.0.1:{stack.primary_port}/postgres"
    deadline = time.monotonic() + timeout
    with psycopg.connect(admin, autocommit=True) as connection:
        while time.monotonic() < deadline:
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_replication WHERE replay_lsn >= pg_current_wal_lsn()"
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.2)
    raise RuntimeError("the replica did not catch up with the primary")


def postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None


# --- app servers, workers, nginx ----------------------------------------------------------------------------


def _group_stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass


def app_env(stack: Stack) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": stack.primary_url,
        "DATABASE_REPLICA_URL": stack.replica_url,
        "KENESH_DB_POOL": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KENESH_WEB_WORKERS": "2",
        "KENESH_WEB_THREADS": "4",
    }


def servers_start(stack: Stack, ports: list[int]) -> None:
    """Two gunicorn servers with deploy/gunicorn.conf.py, each its own process group; wait for /health/."""
    for n, port in enumerate(ports, start=1):
        log = (stack.scratch / f"web{n}.log").open("wb")
        stack.servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "kenesh.config.wsgi:application",
                ],
                env={**app_env(stack), "KENESH_BIND": f"127.0.0.1:{port}"},
                cwd=REPO,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
    for port, server in zip(ports, stack.servers, strict=True):
        _health_wait(port, server)


def _health_wait(port: int, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"nothing answered /health/ on port {port} within {timeout:.0f} s")


def workers_start(stack: Stack) -> None:
    for n in (1, 2):
        log = (stack.scratch / f"worker{n}.log").open("wb")
        stack.workers.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload"],
                env=app_env(stack),
                cwd=REPO,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )


NGINX_CONF = """\
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    # As deploy/nginx/kenesh.conf, without TLS: nginx retries an idempotent request on the other server
    # when one is down, never a POST that reached a server.
    upstream kenesh_app {{
{upstreams}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location / {{
            proxy_pass http://kenesh_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
"""


def nginx_start(stack: Stack, app_ports: list[int]) -> None:
    root = stack.scratch / "nginx"
    root.mkdir()
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / temp).mkdir(mode=0o777)
        (root / temp).chmod(0o777)  # nginx's workers run as nobody
    upstreams = "\n".join(f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in app_ports)
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, upstreams=upstreams, port=stack.nginx_port))
    stack.nginx = subprocess.Popen(
        [NGINX, "-p", f"{root}/", "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(root / "stderr.log").open("wb"),
        start_new_session=True,
    )
    _health_wait(stack.nginx_port, stack.nginx)


def stack_start(stack: Stack, voters: int) -> tuple[int, list[Voter]]:
    """Start everything and prepare the vote; returns pb_load.prepare's (process id, voters)."""
    stack.primary_port, stack.replica_port, stack.nginx_port = (pb_load._free_port() for _ in range(3))
    step("PostgreSQL primary")
    primary_make(stack)
    step("streaming replica (pg_basebackup)")
    replica_make(stack)
    step(f"migrate and prepare {voters} voters")
    pb_load._django(stack.primary_url, stack.scratch)
    process_id, plan = pb_load.prepare(voters)
    from django.db import connections

    connections.close_all()
    replica_caught_up(stack)
    app_ports = [pb_load._free_port(), pb_load._free_port()]
    step("two app servers, two workers, nginx")
    servers_start(stack, app_ports)
    workers_start(stack)
    nginx_start(stack, app_ports)
    step("warm up the app servers, and time the probe's page")
    servers_warm(app_ports, f"/ky/pb/{process_id}/")
    stack.probe_cpu_ms = probe_calibrate(stack, f"/ky/pb/{process_id}/")
    return process_id, plan


def probe_calibrate(stack: Stack, path: str, pages: int = 40) -> float:
    """The app servers' CPU milliseconds for one probe page (the public process page, GET through nginx,
    one at a time): the probe asks for 10 of them a second, as many as the voters' ballots at the quick
    run's rate, so the report also gives the CPU per ballot without them."""
    before = tree_cpu_seconds(stack.servers[0].pid) + tree_cpu_seconds(stack.servers[1].pid)
    browser = Browser(stack.nginx_port, timeout=30)
    try:
        for _ in range(pages):
            browser.request("GET", path)
    finally:
        browser.close()
    after = tree_cpu_seconds(stack.servers[0].pid) + tree_cpu_seconds(stack.servers[1].pid)
    return (after - before) * 1000 / pages


def servers_warm(ports: list[int], path: str, rounds: int = 3, concurrent: int = 16) -> None:
    """A few rounds of concurrent GETs of the public page to each server, on new connections so that every
    worker process gets some: the measured window then holds the steady state, not each process's first
    requests (compiling templates, loading catalogues, opening its pool)."""

    def get(port: int) -> None:
        for _ in range(rounds):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path)
                connection.getresponse().read()
                connection.close()
            except OSError:
                pass

    threads = [threading.Thread(target=get, args=(port,)) for port in ports for _ in range(concurrent)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- the load: voters and the probe -------------------------------------------------------------------------


class RecordingBrowser(Browser):
    """pb_load's Browser that logs each request's times and status (0 when there was no answer)."""

    def __init__(self, port: int, timeout: float, kind: str, log: list[Request]):
        super().__init__(port, timeout)
        self.kind, self.log = kind, log

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> tuple[int, str, str]:
        started = time.perf_counter()
        status = 0
        try:
            answer = super().request(method, path, form)
            status = answer[0]
            return answer
        finally:
            self.log.append(Request(self.kind, method, path, started, time.perf_counter(), status))


def voter_run(voter: Voter, process_id: int, port: int, at: float, log: list[Request]) -> Outcome:
    """One voter arriving at `at` (perf_counter): open the ballot (pb_load.ballot_open), then cast it."""
    time.sleep(max(0.0, at - time.perf_counter()))
    outcome = Outcome()
    browser = RecordingBrowser(port, 60, "voter", log)
    try:
        began = time.perf_counter()
        opening = ballot_open(voter, process_id, browser, outcome)
        outcome.open_seconds = time.perf_counter() - began
        if opening is None:
            return outcome
        page, token = opening
        form = {"csrfmiddlewaretoken": token, "choice": list(voter.choices), "action": "cast"}
        began = time.perf_counter()
        status, _, _ = browser.request("POST", page, form)
        outcome.cast_done = time.perf_counter()
        outcome.cast_seconds = outcome.cast_done - began
        outcome.accepted = status == 302
        outcome.rejected = status == 400
        if status not in (302, 400):
            outcome.error = f"POST cast {status}"
    except (OSError, http.client.HTTPException) as error:
        outcome.error = type(error).__name__
    finally:
        browser.close()
    return outcome


def probe_run(port: int, path: str, stop: threading.Event, log: list[Request]) -> None:
    browser = RecordingBrowser(port, 10, "probe", log)
    while not stop.wait(PROBE_EVERY):
        try:
            browser.request("GET", path)
        except (OSError, http.client.HTTPException):
            browser.close()
    browser.close()


def faults_run(stack: Stack, began: float, seconds: float, down: float, faults: Faults) -> None:
    """SIGKILL the second app server and the first worker, then stop the replica for `down` seconds."""
    time.sleep(max(0.0, began + KILL_AT * seconds - time.perf_counter()))
    victim = stack.servers[1]
    faults.killed_server_cpu = tree_cpu_seconds(victim.pid)
    faults.killed_at = time.perf_counter()
    os.killpg(victim.pid, signal.SIGKILL)
    os.killpg(stack.workers[0].pid, signal.SIGKILL)
    faults.gone_at = _group_gone(victim)
    time.sleep(max(0.0, began + REPLICA_DOWN_AT * seconds - time.perf_counter()))
    stopped = time.perf_counter()
    _as_postgres(PG_BIN / "pg_ctl", "-D", stack.replica_dir, "-m", "immediate", "-w", "stop")
    time.sleep(down)
    pg_start(stack.replica_dir)
    faults.replica_down = (stopped, time.perf_counter())


def _group_gone(process: subprocess.Popen[bytes], timeout: float = 10) -> float:
    """Wait until no process of the killed group remains (its workers are reaped by init); return when."""
    process.wait(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.005)
    return time.perf_counter()


def cpu_snapshot(stack: Stack) -> dict[str, float]:
    """CPU seconds so far: each app server, PostgreSQL (both clusters), nginx and this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    postgres = sum(
        tree_cpu_seconds(pid) for d in (stack.primary_dir, stack.replica_dir) if (pid := postmaster_pid(d))
    )
    return {
        "web1": tree_cpu_seconds(stack.servers[0].pid),
        "web2": tree_cpu_seconds(stack.servers[1].pid),
        "postgres": postgres,
        "nginx": tree_cpu_seconds(stack.nginx.pid) if stack.nginx else 0.0,
        "load generator": usage.ru_utime + usage.ru_stime,
    }


def load_run(stack: Stack, process_id: int, plan: list[Voter], seconds: float, down: float) -> LoadRun:
    """Voters arrive evenly over `seconds` with the faults and the probe running; returns what happened."""
    log: list[Request] = []
    outcomes: list[Outcome | None] = [None] * len(plan)
    faults = Faults()
    stop = threading.Event()
    cpu_before = cpu_snapshot(stack)
    began = time.perf_counter() + 0.5

    def one(k: int) -> None:
        outcomes[k] = voter_run(plan[k], process_id, stack.nginx_port, began + k * seconds / len(plan), log)

    voters = [threading.Thread(target=one, args=(k,), daemon=True) for k in range(len(plan))]
    probe = threading.Thread(
        target=probe_run, args=(stack.nginx_port, f"/ky/pb/{process_id}/", stop, log), daemon=True
    )
    chaos = threading.Thread(target=faults_run, args=(stack, began, seconds, down, faults), daemon=True)
    for thread in [*voters, probe, chaos]:
        thread.start()
    deadline = began + seconds + 90
    for thread in [*voters, chaos]:
        thread.join(max(0.0, deadline - time.perf_counter()))
    ended = time.perf_counter()
    stop.set()
    probe.join(5)
    cpu_after = cpu_snapshot(stack)
    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    cpu["web2"] = faults.killed_server_cpu - cpu_before["web2"]
    return LoadRun(outcomes, list(log), faults, cpu, began, ended, stack.probe_cpu_ms)


# --- the count and its recount ------------------------------------------------------------------------------


def tally_check(process_id: int, timeout: float = 120) -> dict[str, Any]:
    """Close the vote, queue the count (the surviving worker runs it), recount it with kenesh.tally."""
    from kenesh.accounts.models import Role, User
    from kenesh.pb.models import Phase, Process, Result, ResultStatus
    from kenesh.pb.phases import process_phase_move
    from kenesh.pb.result_services import result_request
    from kenesh.tally.checker import check_election
    from kenesh.tally.pabulib import parse_pabulib

    process = Process.objects.get(pk=process_id)
    staff = User.objects.get(
        role_assignments__role=Role.STAFF, role_assignments__municipality=process.municipality
    )
    process_phase_move(actor=staff, process=process, to_phase=Phase.COUNTING)
    result = result_request(actor=staff, process=process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = Result.objects.get(pk=result.pk)
        if result.status in (ResultStatus.DONE, ResultStatus.FAILED):
            break
        time.sleep(0.5)
    report: dict[str, Any] = {
        "status": result.status,
        "error": result.error,
        "counted": result.ballots_counted,
    }
    if result.status != ResultStatus.DONE:
        return report
    stored = sorted(
        str(n) for n in result.projects.filter(selected=True).values_list("proposal__number", flat=True)
    )
    check = check_election(parse_pabulib(result.export))
    recount = sorted(check.outcome.selected) if check.outcome else []
    report.update(
        selected=stored,
        recount=recount,
        check=check.status,
        equal=check.status == "match" and stored == recount,
    )
    return report


# --- the verdict --------------------------------------------------------------------------------------------


def _failed_request(r: Request) -> bool:
    return r.status == 0 or r.status >= 500


def _cast(r: Request) -> bool:
    return r.method == "POST" and r.path.endswith(("/vote/", "/code/ballot/"))


def _ms(values: list[float], q: int) -> float | None:
    value = pb_load._percentile(values, q)
    return round(value * 1000, 1) if value is not None else None


def verdict(run: LoadRun, stored: tuple[int, int], tally: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The checks: (their figures, what failed)."""
    log, faults = run.log, run.faults
    kill_hit = [
        r
        for r in log
        if _failed_request(r)
        and r.started < faults.gone_at
        and faults.killed_at <= r.ended <= faults.gone_at + KILL_GRACE
    ]
    unexpected = [r for r in log if _failed_request(r) and r not in kill_hit]
    down_from, down_to = faults.replica_down
    probes_down = [r for r in log if r.kind == "probe" and r.ended >= down_from and r.started <= down_to]
    finished = [o for o in run.outcomes if o is not None]
    accepted = sum(o.accepted for o in finished)
    uncertain = sum(1 for r in kill_hit if _cast(r))
    count, distinct = stored
    unanswered = sum(1 for o in finished if not o.accepted) + (len(run.outcomes) - len(finished))
    checks = {
        "accepted": accepted,
        "stored": count,
        "duplicated": count - distinct,
        "casts lost with the killed server (stored or not)": uncertain,
        "seconds from SIGKILL to the server's processes gone": round(faults.gone_at - faults.killed_at, 2),
        "5xx or no answer, in flight at the kill": len(kill_hit),
        "5xx or no answer, other": len(unexpected),
        "probes while the replica was down": len(probes_down),
        "probe statuses while the replica was down": sorted({r.status for r in probes_down}),
        "voters without an accepted ballot": unanswered,
        "requests (voters, probe)": [
            sum(r.kind == "voter" for r in log),
            sum(r.kind == "probe" for r in log),
        ],
        "failed requests outside the kill (first 10)": [
            f"{r.kind} {r.method} {r.path} {r.status} at {r.started - faults.killed_at:+.2f} s "
            f"to {r.ended - faults.killed_at:+.2f} s from the kill"
            for r in unexpected[:10]
        ],
    }
    failures = []
    if not accepted <= count <= accepted + uncertain:
        failures.append(f"accepted {accepted} but stored {count} ({uncertain} casts cut by the kill)")
    if count != distinct:
        failures.append(f"{count - distinct} ballots stored twice for one voter")
    if unexpected:
        failures.append(
            f"{len(unexpected)} requests failed outside the kill: "
            + ", ".join(sorted({f"{r.method} {r.status}" for r in unexpected}))
        )
    if not probes_down or any(r.status != 200 for r in probes_down):
        failures.append("the public page did not answer 200 throughout the replica's absence")
    if unanswered > len(kill_hit):
        failures.append(
            f"{unanswered} voters without an accepted ballot, only {len(kill_hit)} hit by the kill"
        )
    if not tally.get("equal"):
        failures.append(f"the count does not equal its recount: {tally}")
    return checks, failures


def figures(run: LoadRun) -> dict[str, Any]:
    """Throughput, latencies and CPU per accepted ballot."""
    finished = [o for o in run.outcomes if o is not None]
    accepted = [o for o in finished if o.accepted]
    casts = sorted(o.cast_seconds for o in accepted if o.cast_seconds is not None)
    opens = sorted(o.open_seconds for o in finished if o.open_seconds is not None and not o.error)
    last = max((o.cast_done for o in accepted if o.cast_done is not None), default=run.ended)
    span = max(last - run.began, 1e-9)
    per_ballot = {
        name: round(seconds * 1000 / len(accepted), 2) if accepted else None
        for name, seconds in run.cpu.items()
    }
    app = run.cpu["web1"] + run.cpu["web2"]
    probes = sum(1 for r in run.log if r.kind == "probe")
    net = app * 1000 - probes * run.probe_cpu_ms
    return {
        "throughput": round(len(accepted) / span, 1),
        "voting_seconds": round(span, 2),
        "cast_p50_ms": _ms(casts, 50),
        "cast_p95_ms": _ms(casts, 95),
        "cast_p99_ms": _ms(casts, 99),
        "open_p50_ms": _ms(opens, 50),
        "open_p99_ms": _ms(opens, 99),
        "app_cpu_ms_per_ballot": round(app * 1000 / len(accepted), 2) if accepted else None,
        "probe_page_cpu_ms": round(run.probe_cpu_ms, 2),
        "app_cpu_ms_per_ballot_without_the_probe": round(net / len(accepted), 2) if accepted else None,
        "cpu_ms_per_ballot": per_ballot,
    }


# --- a run --------------------------------------------------------------------------------------------------


def step(what: str) -> None:
    """Progress on standard error, with the time since the start (the report goes to standard output)."""
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {what}", file=sys.stderr, flush=True)


STARTED = time.perf_counter()


def run(voters: int, seconds: float, down: float, keep: bool) -> tuple[dict[str, Any], list[str]]:
    scratch = Path(tempfile.mkdtemp(prefix="kenesh-scale-"))
    scratch.chmod(0o755)
    pg = scratch / "pg"
    pg.mkdir()
    postgres = pwd.getpwnam("postgres")
    os.chown(pg, postgres.pw_uid, postgres.pw_gid)
    (scratch / "static").mkdir()
    stack = Stack(scratch=scratch, primary_dir=pg / "primary", replica_dir=pg / "replica")
    wall = time.perf_counter()
    try:
        process_id, plan = stack_start(stack, voters)
        load_before = os.getloadavg()
        step(f"{voters} voters over {seconds:g} s, with the faults")
        load = load_run(stack, process_id, plan, seconds, down)
        load_after = os.getloadavg()
        stored = pb_load.stored_counts(process_id)
        step("close the vote, count, recount")
        tally = tally_check(process_id)
        checks, failures = verdict(load, stored, tally)
        report = {
            "voters": voters,
            "arrival_seconds": seconds,
            "offered_rate": round(voters / seconds, 1),
            "replica_down_seconds": round(load.faults.replica_down[1] - load.faults.replica_down[0], 1),
            **figures(load),
            "checks": checks,
            "tally": tally,
            "setup": "nginx, 2 gunicorn servers x 2 processes x 4 threads (psycopg pool), "
            f"PostgreSQL {PG_BIN.parent.name} primary + streaming replica, 2 db_workers; all on 127.0.0.1",
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
            "cpus": os.cpu_count(),
        }
        from django.db import connections

        connections.close_all()
    finally:
        stack.stop()
        if keep:
            step(f"kept {scratch} (logs of every server)")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    report["wall_seconds"] = round(time.perf_counter() - wall, 1)
    return report, failures


def print_report(report: dict[str, Any], failures: list[str], as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        r = report
        cpu = ", ".join(f"{k} {v}" for k, v in r["cpu_ms_per_ballot"].items())
        print(
            f"{r['voters']} voters over {r['arrival_seconds']} s ({r['offered_rate']}/s offered)\n"
            f"  {r['setup']}\n"
            f"  {r['throughput']} ballots/s; cast p50 {r['cast_p50_ms']} ms, p95 {r['cast_p95_ms']} ms, "
            f"p99 {r['cast_p99_ms']} ms; ballot open p50 {r['open_p50_ms']} ms, p99 {r['open_p99_ms']} ms\n"
            f"  CPU ms per accepted ballot: app servers {r['app_cpu_ms_per_ballot']} ({cpu});\n"
            f"  app servers without the probe's pages ({r['probe_page_cpu_ms']} ms each): "
            f"{r['app_cpu_ms_per_ballot_without_the_probe']}\n"
            f"  load average before {r['load_before']}, after {r['load_after']}\n"
            f"  wall time {r['wall_seconds']} s"
        )
        for name, value in report["checks"].items():
            print(f"  {name}: {value}")
        print(f"  tally: {report['tally']}")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("FAIL" if failures else "PASS")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20, help="the voters arrive evenly over this time")
    parser.add_argument("--quick", action="store_true", help="60 voters over 6 s (the CI run)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory and its logs")
    args = parser.parse_args(argv)
    if args.quick:
        args.voters, args.seconds = 60, 6.0
    if not 10 <= args.voters <= 5000 or not 2 <= args.seconds <= 600:
        parser.error("--voters must be between 10 and 5000, --seconds between 2 and 600")
    if os.geteuid() != 0:
        parser.error("run as root: PostgreSQL's binaries run as the postgres user (runuser)")
    report, failures = run(
        args.voters, args.seconds, down=min(5.0, max(2.0, args.seconds / 5)), keep=args.keep
    )
    print_report(report, failures, args.json)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
