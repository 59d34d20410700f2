"""Benchmark of the counting engine against pabutools 1.2.3 on shared Pabulib elections (`make bench`).

    .venv/bin/python bench/run.py                 # the ladder: small elections up to Łódź 2022, both engines
    .venv/bin/python bench/run.py --all           # every rule of ours on all shared elections, timed
    .venv/bin/python bench/run.py --add1-plateaus # Add1 stepping by one against skipping plateaus
    .venv/bin/python bench/run.py --elections Poland_Warszawa_2019_Ochota.pb --time-limit 60
    .venv/bin/python bench/run.py --processes     # only whole `kenesh tally` processes, first and later run

Each engine reads each election once in its own process; each rule then runs in a forked child of that
process, so "peak MB" is the peak resident memory of a process that has read the election and run the
rule (the interpreter and imports included: see the baseline line). Ours: median of --repeat runs;
pabutools: one run, under a CPU-time limit and an address-space cap, so the benchmark always finishes.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_DIR = Path(os.environ.get("KENESH_PABULIB_DIR", REPO.parent / "shared" / "pabulib"))

LADDER = [
    "Poland_Zabrze_2020_Konczyce.pb",
    "Poland_Warszawa_2019_Ochota.pb",
    "Poland_Warszawa_2020_Ursynow.pb",
    "Poland_Lodz_2022_Teofilow-Wielkopolska.pb",
    "Poland_Lodz_2022.pb",
]

PABUTOOLS_KEY = {
    "utilitarian-greedy": "utilitarian-greedy/{sat}",
    "mes": "mes/{sat}",
    "mes-greedy": "mes-greedy/{sat}",
    "mes-pabutools-add1": "mes-pabutools-add1/{sat}",
    "phragmen": "phragmen",
    "max-welfare": "max-welfare/{sat}",
}
"""Our rule -> the parity script's pabutools recipe (rules without one are the cities' own)."""


def _script(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PARITY = _script("make_parity_fixture", REPO / "scripts" / "make_parity_fixture.py")
run_forked: Callable[..., dict[str, Any]] = PARITY.run_forked


def parse_bound_seconds(path: Path, repeat: int) -> float:
    """The parse lower bound (read + tokenise) of bench/parse_bound.py, median of `repeat` runs.

    Measured in a forked child so that importing it (and our reader with it) does not weigh on the memory
    of the processes forked later from this one.
    """

    def measure() -> dict[str, Any]:
        bound = _script("parse_bound", Path(__file__).with_name("parse_bound.py"))
        return {"seconds": bound.median_ms(bound.read_and_tokenise, path, repeat) / 1000}

    done = run_forked(measure, 600, 8 * 2**30)
    return float(done["seconds"]) if done["status"] == "ok" else float("nan")


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_ours(path: Path, rules: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """Our engine on one election: read time, and per rule time and peak memory."""
    mem = int(args.mem_gb * 2**30)

    def worker() -> dict[str, Any]:
        from kenesh.tally.model import TallyError
        from kenesh.tally.pabulib import read_pabulib
        from kenesh.tally.rules import run_rule

        election = read_pabulib(path)
        read = _median(lambda: read_pabulib(path), args.repeat)
        results: dict[str, Any] = {"read": read, "voters": election.n_voters, "vote_type": election.vote_type}
        for rule in rules:

            def timed(rule: str = rule) -> dict[str, Any]:
                try:
                    run_rule(election, rule)
                except TallyError:  # e.g. greedy-threshold without a threshold in META
                    return {"status": "n/a"}
                return {"seconds": _median(lambda: run_rule(election, rule), args.repeat)}

            results[rule] = run_forked(timed, args.time_limit, mem)
        return {"results": results}

    done = run_forked(worker, args.time_limit * (len(rules) + 1), mem)
    return done.get("results", {"error": done})


def run_pabutools(path: Path, keys: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """pabutools on one election: parse time, and per rule time and peak memory (one run each)."""
    mem = int(args.mem_gb * 2**30)

    def worker() -> dict[str, Any]:
        from pabutools.election import parse_pabulib

        start = time.perf_counter()
        instance, profile = parse_pabulib(str(path))
        results: dict[str, Any] = {"read": time.perf_counter() - start}
        import resource
        import signal

        signal.alarm(0)  # the parse is done: each rule gets its own limits
        resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        for rule, key in keys.items():

            def timed(key: str = key) -> dict[str, Any]:
                start = time.perf_counter()
                PARITY.compute(instance, profile, key)
                return {"seconds": time.perf_counter() - start}

            results[rule] = run_forked(timed, args.time_limit, mem)
            print(f"    pabutools {rule}: {_cell(results[rule], args)}", file=sys.stderr, flush=True)
        return {"results": results}

    done = run_forked(worker, args.time_limit, mem)
    return done.get("results", {"error": done})


def _cell(row: dict[str, Any] | None, args: argparse.Namespace) -> str:
    if row is None:
        return "—"
    status = row.get("status")
    if status == "ok":
        return _seconds(row["seconds"])
    if status == "timeout":
        return f"> {args.time_limit} s"
    if status == "memory":
        return f"> {args.mem_gb:g} GB"
    if status == "n/a":
        return "n/a"
    if status == "skipped":
        return f"> {args.time_limit} s (skipped)"
    print(f"    error: {row.get('error')}", file=sys.stderr)
    return "error"


def _seconds(s: float) -> str:
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def _peak(row: dict[str, Any] | None) -> str:
    if not row or "peak_mb" not in row or row.get("status") == "skipped":
        return "—"
    return str(row["peak_mb"])


def warm_numba_cache(args: argparse.Namespace) -> None:
    """Compile the MES loops into Numba's cache first, as a server has after its first large count.

    Without it, a fresh checkout's cache is empty and the ladder would time the Python loops (and, in
    the child that passes 10 s in them, compiling) where it means to time the compiled ones.
    """
    from kenesh.tally.rules._mes_loops import cache_is_warm

    if cache_is_warm():
        return
    print("compiling the MES loops into Numba's cache ...", file=sys.stderr, flush=True)
    env = {**os.environ, "KENESH_TALLY_LOOPS": "compiled", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "kenesh.cli", "tally", str(args.dir / LADDER[0]), "--rule", "mes-add1"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def ladder(args: argparse.Namespace) -> None:
    from kenesh.tally.rules import RULE_NAMES
    from kenesh.tally.satisfaction import default_satisfaction

    rules = [r for r in (args.rules or RULE_NAMES) if r in RULE_NAMES]
    gave_up: dict[str, str] = {}  # pabutools rule -> status on a smaller election
    warm_numba_cache(args)
    baseline = run_forked(lambda: {}, 60, int(args.mem_gb * 2**30))["peak_mb"]
    print(f"Baseline: a forked child of this process peaks at {baseline} MB before doing anything.\n")
    print("| election | voters | rule | ours | ours peak MB | pabutools | pabutools peak MB | ratio |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name in args.elections or LADDER:
        path = args.dir / name
        if not path.exists():
            print(f"| {name} | missing | | | | | | |")
            continue
        print(f"{name} ...", file=sys.stderr, flush=True)
        ours = run_ours(path, rules, args)
        if "error" in ours:
            print(f"| {name} | | our engine failed: {ours['error']} | | | | | |")
            continue
        sat = default_satisfaction(ours["vote_type"])
        keys = {}
        skipped: dict[str, dict[str, Any]] = {}
        for rule in rules:
            if rule not in PABUTOOLS_KEY or (
                rule == "phragmen" and ours["vote_type"] not in ("approval", "choose-1")
            ):
                continue
            if rule in gave_up:
                skipped[rule] = {"status": "skipped"}
            else:
                keys[rule] = PABUTOOLS_KEY[rule].format(sat=sat)
        pabu = run_pabutools(path, keys, args) if not args.no_pabutools else {}
        pabu.update(skipped)
        for rule, row in pabu.items():
            if isinstance(row, dict) and row.get("status") in ("timeout", "memory"):
                gave_up[rule] = row["status"]
        bound = parse_bound_seconds(path, args.repeat)
        voters = f"{ours['voters']:,}"
        pabu_read = pabu.get("read")
        read_cell = _seconds(pabu_read) if isinstance(pabu_read, float) else "—"
        ratio = f"{pabu_read / ours['read']:.0f}×" if isinstance(pabu_read, float) else ""
        print(
            f"| {name} | {voters} | *read the file* (bound: {_seconds(bound)}; ours "
            f"{ours['read'] / bound:.1f}× it) | {_seconds(ours['read'])} "
            f"| | {read_cell} | | {ratio} |"
        )
        for rule in rules:
            mine = ours.get(rule)
            theirs = pabu.get(rule)
            ratio = ""
            if mine and mine.get("status") == "ok" and theirs and theirs.get("status") == "ok":
                ratio = f"{theirs['seconds'] / max(mine['seconds'], 1e-9):,.0f}×"
            elif mine and mine.get("status") == "ok" and theirs and theirs.get("status") == "timeout":
                ratio = f"> {args.time_limit / max(mine['seconds'], 1e-9):,.0f}×"
            print(
                f"| {name} | {voters} | {rule} | {_cell(mine, args)} | {_peak(mine)} "
                f"| {_cell(theirs, args)} | {_peak(theirs)} | {ratio} |",
                flush=True,
            )


PROCESS_PABUTOOLS = """
import json, sys, importlib.util
spec = importlib.util.spec_from_file_location("parity", sys.argv[1])
parity = importlib.util.module_from_spec(spec)
spec.loader.exec_module(parity)
from pabutools.election import parse_pabulib
instance, profile = parse_pabulib(sys.argv[2])
print(json.dumps(parity.compute(instance, profile, sys.argv[3])["selected"]))
"""
"""pabutools' whole process for one rule: import, parse, count, print the selection."""


def _limits(seconds: int, mem_gb: float) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        cap = int(mem_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


def _process(command: list[str], env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """CPU time (user + system) of one whole process, its wall time, and its output's selection (sorted
    ids), or why it failed. CPU time, because the machine is shared: waiting for a core is not the count's."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=args.time_limit * 2,
            preexec_fn=_limits(args.time_limit, args.mem_gb),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout"}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            return {"status": "timeout"}
        if "MemoryError" in done.stderr or "Cannot allocate memory" in done.stderr:
            return {"status": "memory"}
        return {"status": "error", "error": done.stderr.strip().splitlines()[-1:]}
    out = done.stdout.strip()
    selected = json.loads(out.splitlines()[-1]) if out.startswith("[") else json.loads(out)["selected"]
    return {"status": "ok", "seconds": seconds, "wall": wall, "selected": sorted(str(x) for x in selected)}


def processes(args: argparse.Namespace) -> None:
    """Whole processes, as a person runs them: `kenesh tally FILE --rule R --json` against pabutools.

    Ours first with an empty Numba cache (NUMBA_CACHE_DIR a new temporary folder: the first count after
    `pip install .`), then again with the cache that run left (a later count: median of --repeat).
    pabutools: import, parse, count (median of --repeat when a run takes under 2 s, else one run).
    """
    rules = [r for r in (args.rules or PABUTOOLS_KEY) if r in PABUTOOLS_KEY]
    # As `pip install .` does: byte-compile the package, so that no process pays for compiling our sources
    # (pabutools' are compiled in site-packages). PYTHONDONTWRITEBYTECODE would otherwise leave them not.
    compileall.compile_dir(REPO / "kenesh", quiet=1)
    base = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "KENESH_TALLY_LOOPS")}
    base["PYTHONPATH"] = str(REPO)
    gave_up: set[str] = set()
    print(
        "| election | voters | rule | ours, first run | ours, later run | pabutools "
        "| first / pabutools | later / pabutools | same selection |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    for name in args.elections or LADDER:
        path = args.dir / name
        if not path.exists():
            continue
        voters = _voters(path)
        for rule in rules:
            if rule == "phragmen" and _vote_type(path) not in ("approval", "choose-1"):
                continue
            print(f"{name} {rule} ...", file=sys.stderr, flush=True)
            ours_cmd = [sys.executable, "-m", "kenesh.cli", "tally", str(path), "--rule", rule, "--json"]
            with tempfile.TemporaryDirectory() as cache:
                env = {**base, "NUMBA_CACHE_DIR": cache}
                first = _process(ours_cmd, env, args)
                later_runs = [_process(ours_cmd, env, args) for _ in range(args.repeat)]
            later = _median_run(later_runs)
            sat = _default_sat(path)
            key = PABUTOOLS_KEY[rule].format(sat=sat)
            pabu_cmd = [sys.executable, "-c", PROCESS_PABUTOOLS, str(PARITY.__file__), str(path), key]
            if rule in gave_up:
                theirs: dict[str, Any] = {"status": "skipped"}
            else:
                theirs = _process(pabu_cmd, base, args)
                if theirs["status"] == "ok" and theirs["seconds"] < 2:
                    theirs = _median_run(
                        [theirs] + [_process(pabu_cmd, base, args) for _ in range(args.repeat - 1)]
                    )
                if theirs["status"] in ("timeout", "memory"):
                    gave_up.add(rule)
            same = ""
            if first.get("status") == "ok" and theirs.get("status") == "ok":
                same = "yes" if first["selected"] == theirs["selected"] == later.get("selected") else "NO"
            print(
                f"| {name} | {voters:,} | {rule} | {_cell(first, args)} | {_cell(later, args)} "
                f"| {_cell(theirs, args)} | {_ratio(first, theirs, args)} | {_ratio(later, theirs, args)} "
                f"| {same} |",
                flush=True,
            )


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    done = [r for r in runs if r.get("status") == "ok"]
    if len(done) < len(runs):
        return next(r for r in runs if r.get("status") != "ok")
    done.sort(key=lambda r: float(r["seconds"]))
    return done[len(done) // 2]


def _ratio(ours: dict[str, Any], theirs: dict[str, Any], args: argparse.Namespace) -> str:
    """Our time over pabutools' (under 1: we are faster), or a bound when pabutools did not finish."""
    if ours.get("status") != "ok":
        return ""
    if theirs.get("status") == "ok":
        return f"{ours['seconds'] / theirs['seconds']:.2f}"
    if theirs.get("status") == "timeout":
        return f"< {ours['seconds'] / args.time_limit:.2f}"
    return ""  # pabutools ran out of memory, or was not run: no time to compare with


def _header(path: Path) -> dict[str, str]:
    from kenesh.tally.pabulib import read_pabulib

    election = read_pabulib(path)
    return {"voters": str(election.n_voters), "vote_type": election.vote_type}


def _voters(path: Path) -> int:
    return int(_header(path)["voters"])


def _vote_type(path: Path) -> str:
    return _header(path)["vote_type"]


def _default_sat(path: Path) -> str:
    from kenesh.tally.satisfaction import default_satisfaction

    return default_satisfaction(_vote_type(path))


class _RuleTimeout(Exception):
    pass


ADD1_SLOW = [
    "Hungary_Budapest_2024_VIII_Jozsefvaros.pb",
    "Hungary_Budapest_2025_VIII_Jozsefvaros.pb",
    "France_Toulouse_2022.pb",
    "France_Toulouse_2024.pb",
    "France_Toulouse_2022_4_-_Lapujade_Bonnefoy_Periole_Marengo_La_Colonne.pb",
    "US_Stanford_Dataset_SF_Tenderloin_December_2022_vote_knapsacks.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Warszawa_2020_Ursynow.pb",
]
"""The slowest elections for the Add1 loops (the most +1 steps, or the slowest MES runs)."""


def _add1_count(M: Any, election: Any, setup: Any, rule: str, jumps: bool) -> tuple[list[Any], int]:
    """(selected, +1 steps) of an Add1 rule, stepping by one or skipping plateaus."""
    if rule == "mes-add1":
        run, steps = M._add1(setup, jumps=jumps)
        return run.selected, steps
    out = M.mes_pabutools_add1(election, jumps=jumps)
    return out.selected, int(out.details["add1_steps"])


def add1_plateaus(args: argparse.Namespace) -> None:
    """Add1 stepping by one (as before plateaus were skipped) against skipping proven plateaus.

    Both in this process, one after the other per election and rule, so that they see the same load;
    stepping by one runs once (it is the slow one), skipping the median of --repeat runs.
    """
    from kenesh.tally.pabulib import read_pabulib
    from kenesh.tally.rules import mes as M

    print("| election | rule | +1 steps | step by one | skip plateaus | speed-up | same outcome |")
    print("|---|---|---:|---:|---:|---:|---|")
    for name in args.elections or ADD1_SLOW:
        election = read_pabulib(args.dir / name)
        setup = M._setup(election, None)
        for rule in ("mes-add1", "mes-pabutools-add1"):
            found: dict[bool, tuple[float, tuple[list[Any], int]]] = {}
            for jumps in (False, True):
                times: list[float] = []
                result: tuple[list[Any], int] = ([], 0)
                for _ in range(args.repeat if jumps else 1):
                    began = time.perf_counter()
                    result = _add1_count(M, election, setup, rule, jumps)
                    times.append(time.perf_counter() - began)
                found[jumps] = (statistics.median(times), result)
            (slow, (chosen, steps)), (fast, (chosen_fast, _)) = found[False], found[True]
            print(
                f"| {name} | {rule} | {steps:,} | {_seconds(slow)} | {_seconds(fast)} "
                f"| {slow / max(fast, 1e-9):,.0f}× | {'yes' if chosen == chosen_fast else 'NO'} |",
                flush=True,
            )


def every_election(args: argparse.Namespace) -> None:
    """Every rule of ours on every shared election, one run each, in this process."""
    from kenesh.tally.model import TallyError
    from kenesh.tally.pabulib import read_pabulib
    from kenesh.tally.rules import RULE_NAMES, run_rule

    rules = [r for r in (args.rules or RULE_NAMES) if r in RULE_NAMES]
    files = sorted(args.dir.glob("*.pb"))
    total = {rule: 0.0 for rule in rules}
    cpu = {rule: 0.0 for rule in rules}
    slowest: dict[str, tuple[float, str]] = {rule: (0.0, "") for rule in rules}
    runs = {rule: 0 for rule in rules}
    refused: dict[str, int] = {rule: 0 for rule in rules}
    read_total = 0.0
    unreadable = []
    timed_out: list[str] = []

    def interrupt(signum: int, frame: Any) -> None:
        raise _RuleTimeout

    signal.signal(signal.SIGALRM, interrupt)
    start_all = time.perf_counter()
    start_all_cpu = time.process_time()
    for path in files:
        start = time.perf_counter()
        try:
            election = read_pabulib(path)
        except TallyError as exc:
            unreadable.append(f"{path.name}: {exc}")
            continue
        read_total += time.perf_counter() - start
        for rule in rules:
            start = time.perf_counter()
            start_cpu = time.process_time()
            signal.alarm(args.rule_limit)
            try:
                run_rule(election, rule)
            except TallyError:  # e.g. phragmen on points ballots: the rule does not apply
                refused[rule] += 1
                continue
            except _RuleTimeout:
                timed_out.append(f"{path.name} {rule}")
                total[rule] += args.rule_limit
                cpu[rule] += time.process_time() - start_cpu
                print(f"  {path.name} {rule}: > {args.rule_limit} s", file=sys.stderr, flush=True)
                continue
            finally:
                signal.alarm(0)
            elapsed = time.perf_counter() - start
            cpu[rule] += time.process_time() - start_cpu
            if elapsed > 1:
                print(f"  {path.name} {rule}: {elapsed:.1f} s", file=sys.stderr, flush=True)
            total[rule] += elapsed
            runs[rule] += 1
            if elapsed > slowest[rule][0]:
                slowest[rule] = (elapsed, path.name)
    wall = time.perf_counter() - start_all
    print(f"{len(files)} elections; read {len(files) - len(unreadable)} in {read_total:.1f} s\n")
    print("| rule | elections counted | not applicable | total wall | total CPU | slowest election |")
    print("|---|---:|---:|---:|---:|---|")
    for rule in rules:
        worst, where = slowest[rule]
        print(
            f"| {rule} | {runs[rule]} | {refused[rule]} | {total[rule]:.1f} s | {cpu[rule]:.1f} s "
            f"| {_seconds(worst)} ({where}) |"
        )
    print(
        f"\nAll rules on all elections, reading included: {wall:.1f} s wall, "
        f"{time.process_time() - start_all_cpu:.1f} s CPU."
    )
    if timed_out:
        print(f"\nStopped after {args.rule_limit} s (counted as {args.rule_limit} s in the totals):")
        for line in timed_out:
            print(f"- {line}")
    for line in unreadable:
        print(f"- not read: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--all", action="store_true", help="time every rule of ours on every election")
    parser.add_argument(
        "--add1-plateaus", action="store_true", help="Add1 stepping by one against skipping plateaus"
    )
    parser.add_argument("--elections", nargs="*", help="file names (default: the ladder)")
    parser.add_argument("--rules", nargs="*", help="our rule names (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours per measure (median)")
    # 60 s keeps the ladder near 10 minutes; a pabutools rule that runs out of it shows as "> 60 s".
    parser.add_argument("--time-limit", type=int, default=60, help="CPU seconds per pabutools rule")
    parser.add_argument("--mem-gb", type=float, default=4.0, help="address-space cap per process")
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--rule-limit", type=int, default=60, help="--all: seconds before a rule is stopped")
    parser.add_argument(
        "--processes",
        action="store_true",
        help="only the whole processes, first and later runs, beside pabutools",
    )
    parser.add_argument("--no-processes", action="store_true", help="the ladder without the whole processes")
    args = parser.parse_args()
    if not args.dir.is_dir():
        parser.error(f"no shared Pabulib elections at {args.dir} (set KENESH_PABULIB_DIR or --dir)")
    if args.add1_plateaus:
        add1_plateaus(args)
    elif args.all:
        every_election(args)
    elif args.processes:
        processes(args)
    else:
        ladder(args)
        if not args.no_pabutools and not args.no_processes:
            print("\nWhole processes:\n")
            processes(args)


if __name__ == "__main__":
    main()
