"""Run pabutools 1.2.3 on every shared Pabulib election: the parity fixture our tests compare against.

Usage (resumable: finished (election, rule) pairs are kept in the progress file and skipped next time):

    nice -n 19 .venv/bin/python scripts/make_parity_fixture.py [--dir DIR] [--time-limit 60] [--mem-gb 4]
    .venv/bin/python scripts/make_parity_fixture.py --compact     # progress file -> fixture only

pabutools is slow and hungry on big elections, so each (election, rule) runs in its own forked process
with a CPU-time limit and an address-space cap, one at a time, smallest files first. A pair that runs out
of time or memory is recorded as such in the fixture and skipped by the tests.

Where pabutools' whole Add1 loop (``mes-pabutools-add1``) is out of reach (its thousands of exact MES runs
take hours on the largest files), ``--last-steps`` runs pabutools' own loop from the step before the one
where ours stopped: key ``mes-pabutools-add1-last/<sat>``, with that step. It checks, with pabutools' code,
the outcome at the decisive budgets and that the loop stops there (``make_parity_fixture.py --last-steps``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import signal
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = Path(os.environ.get("KENESH_PABULIB_DIR", REPO.parent / "shared" / "pabulib"))
FIXTURE = REPO / "tests" / "tally" / "fixtures" / "parity.json"
PROGRESS = REPO / "build" / "parity-progress.jsonl"
GZIP_ABOVE = 2_000_000

SAT_CLASSES = {
    "cost": "Cost_Sat",
    "card": "Cardinality_Sat",
    "additive": "Additive_Cardinal_Sat",
    "borda": "Additive_Borda_Sat",
}


def default_sat(vote_type: str) -> str:
    return {"approval": "cost", "choose-1": "cost", "cumulative": "additive", "scoring": "additive"}.get(
        vote_type, "borda"
    )


def fitting_sats(vote_type: str) -> list[str]:
    """The satisfactions that make sense for a vote type, the default first."""
    if vote_type in ("approval", "choose-1"):
        return ["cost", "card"]
    if vote_type in ("cumulative", "scoring"):
        return ["additive", "cost", "card"]
    return ["borda", "cost", "card"]


def tasks_for(vote_type: str) -> list[str]:
    """Fixture keys ("rule/sat", or "phragmen") with a pabutools counterpart, cheapest first."""
    sat = default_sat(vote_type)
    keys = [f"utilitarian-greedy/{s}" for s in fitting_sats(vote_type)]
    keys.append(f"max-welfare/{sat}")
    if vote_type in ("approval", "choose-1"):
        keys.append("phragmen")
    keys.append(f"mes/{sat}")
    if vote_type in ("approval", "choose-1"):
        keys.append("mes/card")
    keys.append(f"mes-greedy/{sat}")
    keys.append(f"mes-pabutools-add1/{sat}")
    return keys


def read_meta(path: Path) -> dict[str, str]:
    """The META section, read without pabutools (cheap, for ordering and task lists)."""
    meta: dict[str, str] = {}
    with open(path, encoding="utf-8-sig") as f:
        section = ""
        for line in f:
            row = line.strip().split(";")
            head = row[0].strip().lower()
            if head in ("meta", "projects", "votes"):
                if section == "meta":
                    break
                section = head
                next(f, None)
                continue
            if section == "meta" and len(row) >= 2:
                meta[row[0].strip()] = row[1].strip()
    return meta


def compute(instance: Any, profile: Any, key: str, from_step: int = 0) -> dict[str, Any]:
    """One pabutools outcome: sorted selected ids, and the welfare for max-welfare.

    ``mes-pabutools-add1-last`` is pabutools' Add1 loop started ``from_step`` budget units per voter above
    its usual start (what ``method_of_equal_shares(voter_budget_increment=1)`` does after that many steps).
    """
    from pabutools.election import satisfaction as sats
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        max_additive_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    rule, _, sat = key.partition("/")
    sat_class = getattr(sats, SAT_CLASSES[sat]) if sat else None
    if rule == "utilitarian-greedy":
        alloc = greedy_utilitarian_welfare(instance, profile, sat_class=sat_class)
    elif rule == "mes":
        alloc = method_of_equal_shares(instance, profile, sat_class=sat_class)
    elif rule == "mes-pabutools-add1":
        alloc = method_of_equal_shares(instance, profile, sat_class=sat_class, voter_budget_increment=1)
    elif rule == "mes-pabutools-add1-last":
        alloc = _add1_from_step(instance, profile, sat_class, from_step)
    elif rule == "mes-greedy":
        alloc = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat_class}, {"sat_class": sat_class}],
        )
    elif rule == "phragmen":
        alloc = sequential_phragmen(instance, profile)
    elif rule == "max-welfare":
        alloc = max_additive_utilitarian_welfare(instance, profile, sat_class=sat_class)
    else:
        raise ValueError(key)
    result: dict[str, Any] = {"selected": sorted(str(p.name) for p in alloc)}
    if rule == "mes-pabutools-add1-last":
        result["from_step"] = from_step
    if rule == "max-welfare":
        sat_profile = profile.as_sat_profile(sat_class=sat_class)
        welfare = sum((Fraction(str(s.sat(alloc))) for s in sat_profile), Fraction(0))
        result["welfare"] = str(welfare)
    return result


def _add1_from_step(instance: Any, profile: Any, sat_class: Any, from_step: int) -> Any:
    """pabutools' iterated MES as ``method_of_equal_shares`` sets it up, from a later per-voter budget."""
    from pabutools.election import AbstractApprovalProfile
    from pabutools.fractions import frac
    from pabutools.rules.budgetallocation import BudgetAllocation
    from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme
    from pabutools.tiebreaking import lexico_tie_breaking

    return method_of_equal_shares_scheme(
        instance,
        profile,
        profile.as_sat_profile(sat_class=sat_class),
        frac(instance.budget_limit, profile.num_ballots()) + from_step,
        BudgetAllocation(),
        lexico_tie_breaking,
        resoluteness=True,
        voter_budget_increment=1,
        binary_sat=isinstance(profile, AbstractApprovalProfile),
    )


def our_last_step(path: Path, sat: str) -> int:
    """The step before the one where our ``mes-pabutools-add1`` stopped (0 when it stopped at once)."""
    sys.path.insert(0, str(REPO))
    from kenesh.tally.pabulib import read_pabulib
    from kenesh.tally.rules import run_rule

    outcome = run_rule(read_pabulib(path), "mes-pabutools-add1", sat=sat)
    return max(int(outcome.details.get("add1_steps", 0)) - 1, 0)


def last_step_keys(name: str, vote_type: str, done: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    """``mes-pabutools-add1-last`` where pabutools' whole Add1 loop gave nothing (yet)."""
    keys = []
    for key in tasks_for(vote_type):
        if key.startswith("mes-pabutools-add1/"):
            row = done.get((name, key))
            last = key.replace("mes-pabutools-add1/", "mes-pabutools-add1-last/")
            if (row is None or row["status"] != "ok") and (name, last) not in done:
                keys.append(last)
    return keys


def run_forked(fn: Any, seconds: int, mem_bytes: int) -> dict[str, Any]:
    """Run fn() in a forked child under a CPU-time limit and an address-space cap.

    Returns fn's dict plus "status" (ok, timeout, memory, error), "seconds" (wall time, unless fn gave its
    own) and "peak_mb" (the child's peak resident memory, which includes what it inherited).

    CPU time, not wall time, so that a busy shared machine does not turn slow runs into timeouts; a
    wall-clock alarm at three times the limit still catches a child that sleeps.
    """
    fd, out = tempfile.mkstemp(prefix="parity-", suffix=".json")
    os.close(fd)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # child: SIGXCPU's and SIGALRM's default actions kill it, whatever Python is doing
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
            used = resource.getrusage(resource.RUSAGE_SELF)
            cpu = int(used.ru_utime + used.ru_stime) + seconds
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
            signal.alarm(3 * seconds)
            try:
                payload: dict[str, Any] = {"status": "ok", **fn()}
            except MemoryError:
                payload = {"status": "memory"}
            except Exception as exc:  # recorded, not fatal: the fixture says what pabutools could not do
                payload = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300]}
            with open(out, "w") as f:
                json.dump(payload, f)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    elapsed = round(time.monotonic() - start, 3)
    try:
        with open(out) as f:
            text = f.read()
        result = json.loads(text) if text else None
    finally:
        os.unlink(out)
    if result is None:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGALRM, signal.SIGXCPU):
            result = {"status": "timeout"}
        elif os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGKILL, signal.SIGABRT):
            # SIGABRT: GMP (under pabutools' fractions) aborts when the address-space cap refuses memory
            result = {"status": "memory"}
        else:
            result = {"status": "error", "error": f"child exit status {status}"}
    result.setdefault("seconds", elapsed)
    result["peak_mb"] = round(usage.ru_maxrss / 1024)  # Linux reports KiB
    return result


def load_progress(path: Path, fixture: Path = FIXTURE) -> dict[tuple[str, str], dict[str, Any]]:
    """Finished pairs, from the progress file (started from the committed fixture when it is missing)."""
    done: dict[tuple[str, str], dict[str, Any]] = {}
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(row) + "\n" for row in _from_fixture(fixture).values()))
    for line in path.read_text().splitlines():
        try:
            row = json.loads(line)
        except ValueError:  # a line cut short when a run was stopped
            continue
        done[(row["file"], row["key"])] = row
    return done


def _from_fixture(fixture: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The fixture's outcomes as progress rows (a fresh clone has the fixture but no build/)."""
    gz = fixture.with_suffix(".json.gz")
    if fixture.exists():
        data = json.loads(fixture.read_text())
    elif gz.exists():
        with gzip.open(gz, "rt") as f:
            data = json.load(f)
    else:
        return {}
    done: dict[tuple[str, str], dict[str, Any]] = {}
    for name, outcomes in data["elections"].items():
        for key, value in outcomes.items():
            if isinstance(value, dict):  # mes-pabutools-add1-last: {"from_step", "selected"}
                done[(name, key)] = {"file": name, "key": key, "status": "ok", **value}
                continue
            field = "welfare" if key.startswith("max-welfare") else "selected"
            done[(name, key)] = {"file": name, "key": key, "status": "ok", field: value}
    for name, failed in data["not_computed"].items():
        for key, status in failed.items():
            done[(name, key)] = {"file": name, "key": key, "status": status}
    return done


def _after_failed_mes(
    name: str, key: str, done: dict[tuple[str, str], dict[str, Any]], progress: Any
) -> bool:
    """Record and skip a rule that runs MES first when plain MES already ran out of time or memory."""
    rule, _, sat = key.partition("/")
    if rule not in ("mes-greedy", "mes-pabutools-add1"):
        return False
    mes_row = done.get((name, f"mes/{sat}"))
    if not mes_row or mes_row["status"] not in ("timeout", "memory"):
        return False
    row = {"file": name, "key": key, "status": "skipped", "error": f"mes {mes_row['status']}", "seconds": 0}
    progress.write(json.dumps(row) + "\n")
    progress.flush()
    return True


def run_election(path: Path, keys: list[str], args: argparse.Namespace, progress: Any) -> None:
    """Parse once in a child, then fork one grandchild per rule so each gets its own limits."""
    mem = int(args.mem_gb * 2**30)

    def election_worker() -> dict[str, Any]:
        from pabutools.election import parse_pabulib

        instance, profile = parse_pabulib(str(path))
        signal.alarm(0)  # the limits bound the parse; each rule gets fresh ones
        resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        skip_rest: str | None = None
        for key in keys:
            if skip_rest and key.startswith(("mes-greedy", "mes-pabutools-add1")):
                # both run MES first: no point waiting for a second timeout
                row = {"status": "skipped", "error": f"mes {skip_rest}", "seconds": 0}
            else:
                step = (
                    our_last_step(path, key.partition("/")[2])
                    if key.startswith("mes-pabutools-add1-last")
                    else 0
                )
                row = run_forked(lambda k=key, s=step: compute(instance, profile, k, s), args.time_limit, mem)
                if key.startswith("mes/") and row["status"] in ("timeout", "memory"):
                    skip_rest = row["status"]
            progress.write(json.dumps({"file": path.name, "key": key, **row}) + "\n")
            progress.flush()
            print(f"  {key}: {row['status']} {row['seconds']}s", flush=True)
        return {}

    # the alarm bounds the parse only: the worker cancels it once parsed
    result = run_forked(election_worker, args.parse_limit, mem)
    if result["status"] != "ok":
        print(f"  election worker: {result}", flush=True)
        for key in keys:  # a parse that failed or timed out fails every rule of the election
            progress.write(
                json.dumps({"file": path.name, "key": key, "status": "parse-" + result["status"]}) + "\n"
            )
        progress.flush()


def compact(progress_path: Path, fixture: Path, folder: Path | None = None) -> None:
    """Progress rows -> {"elections": {file: {key: selected | welfare}}, "not_computed": {...}}."""
    done = load_progress(progress_path)
    elections: dict[str, dict[str, Any]] = {}
    not_computed: dict[str, dict[str, str]] = {}
    for (name, key), row in sorted(done.items()):
        if row["status"] == "ok":
            value = row["welfare"] if "welfare" in row else row["selected"]
            if "from_step" in row:
                value = {"from_step": row["from_step"], "selected": row["selected"]}
            elections.setdefault(name, {})[key] = value
        else:
            not_computed.setdefault(name, {})[key] = row["status"]
    not_reached: dict[str, int] = {}  # rule -> elections the run did not get to (stopped early)
    for path in sorted(folder.glob("*.pb")) if folder and folder.is_dir() else []:
        for key in tasks_for(read_meta(path).get("vote_type", "approval")):
            if (path.name, key) not in done:
                rule = key.partition("/")[0]
                not_reached[rule] = not_reached.get(rule, 0) + 1
    data = {
        "pabutools": "1.2.3",
        "made_by": "scripts/make_parity_fixture.py",
        "format": "selected: sorted project ids; max-welfare: the optimal welfare, an exact fraction string",
        "elections": elections,
        "not_computed": not_computed,
        "not_reached": not_reached,
    }
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    fixture.parent.mkdir(parents=True, exist_ok=True)
    if len(text) > GZIP_ABOVE:
        with gzip.open(fixture.with_suffix(".json.gz"), "wt") as f:
            f.write(text)
        fixture.unlink(missing_ok=True)
    else:
        fixture.write_text(text + "\n")
    ok = sum(len(v) for v in elections.values())
    bad = sum(len(v) for v in not_computed.values())
    print(
        f"fixture: {len(elections)} elections, {ok} outcomes, {bad} not computed (out of time or memory), "
        f"{sum(not_reached.values())} not reached",
        file=sys.stderr,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--time-limit", type=int, default=60, help="seconds per (election, rule)")
    parser.add_argument("--parse-limit", type=int, default=120, help="seconds for pabutools to parse a file")
    parser.add_argument("--mem-gb", type=float, default=4.0)
    parser.add_argument("--progress", type=Path, default=PROGRESS)
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    parser.add_argument(
        "--compact", action="store_true", help="only rewrite the fixture from the progress file"
    )
    parser.add_argument("--only", nargs="*", help="election file names to (re)run")
    parser.add_argument(
        "--keys", nargs="*", help="only keys starting with these (run cheap rules on every election first)"
    )
    parser.add_argument(
        "--last-steps",
        action="store_true",
        help="only mes-pabutools-add1-last, where pabutools' whole Add1 loop gave nothing",
    )
    args = parser.parse_args()

    if not args.compact:
        files = sorted(args.dir.glob("*.pb"), key=lambda p: p.stat().st_size)
        if args.only:
            files = [p for p in files if p.name in set(args.only)]
        done = load_progress(args.progress)
        args.progress.parent.mkdir(parents=True, exist_ok=True)
        with open(args.progress, "a") as progress:
            for i, path in enumerate(files, 1):
                vote_type = read_meta(path).get("vote_type", "approval")
                keys = [k for k in tasks_for(vote_type) if (path.name, k) not in done]
                if args.last_steps:
                    keys = last_step_keys(path.name, vote_type, done)
                if args.keys:
                    keys = [k for k in keys if k.startswith(tuple(args.keys))]
                keys = [k for k in keys if not _after_failed_mes(path.name, k, done, progress)]
                if not keys:
                    continue
                print(
                    f"[{i}/{len(files)}] {path.name} ({vote_type}, {path.stat().st_size} bytes)", flush=True
                )
                run_election(path, keys, args, progress)
                compact(args.progress, args.fixture, args.dir)
    compact(args.progress, args.fixture, args.dir)


if __name__ == "__main__":
    main()
