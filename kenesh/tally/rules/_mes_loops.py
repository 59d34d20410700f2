"""Which loops a float MES run uses: ``_mes_kernel`` as Python, or compiled by Numba (``_mes_jit``).

Both give the same outcome (the same float operations in the same order, and every decision certified
either way); they differ in what they cost. Run as Python, the loops cost nothing to load and about a
microsecond per supporter looked at: a small election counts in milliseconds. Compiled, they run some
hundred times faster, but importing Numba costs about 0.4 s, loading the compiled loops from Numba's
cache about 0.2 s, and compiling them when the cache is empty (the first count after an install) 10-30 s.
So (see ``choose``):

- once loaded in this process, the compiled loops are used for everything;
- with the cache warm, they are loaded for an election whose runs would take Python longer than loading
  them (``WARM_WORK``: supporter entries times projects in the race);
- with the cache empty, they are compiled only once this process has spent as long in the Python loops
  as compiling takes (``COMPILE_SECONDS``), as a ski renter buys skis once the rent paid equals their
  price: never more than twice the better choice made in hindsight. A large election (``COLD_WORK``)
  compiles at once. Either way the cache is then warm for the next count.

``KENESH_TALLY_LOOPS=python`` or ``=compiled`` forces one (tests, benchmarks); Python is used when Numba
cannot be imported.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from kenesh.tally.rules import _mes_kernel

WARM_WORK = 5_000_000
"""Supporter entries x projects in the race above which loading the cached compiled loops pays (one MES
run as Python: Ochota 2019, 0.3 million, 0.08 s; Ursynów 2020, 13 million, 0.7 s; Łódź 2022, 18 million,
0.4 s; loading Numba and the loops, about 0.5 s; and Add1 repeats the run)."""
COLD_WORK = 500_000_000
"""Above this, compiling pays within one run (the Python loops would take about as long as compiling)."""
COMPILE_SECONDS = 10.0
"""Seconds in the Python loops after which this process compiles them (about what compiling costs)."""

_python_seconds = 0.0
_JIT_MODULE = "kenesh.tally.rules._mes_jit"


def cache_dir() -> Path:
    """Where Numba caches the compiled loops: its rule for a source file in a writable directory."""
    folder = os.path.dirname(os.path.abspath(_mes_kernel.__file__))
    root = os.environ.get("NUMBA_CACHE_DIR")
    if root:
        # Imported here, not above: hashlib loads OpenSSL (10-50 ms), which a small count never needs.
        from hashlib import sha1

        digest = sha1(folder.encode(), usedforsecurity=False).hexdigest()
        return Path(root) / f"{os.path.basename(folder)}_{digest}"
    return Path(folder) / "__pycache__"


def cache_is_warm() -> bool:
    """Whether Numba's cache holds the compiled loops for the current ``_mes_kernel.py`` (no Numba import).

    Numba names an index ``<module>.<function>-<line>.py<version>.nbi`` and drops it when the source
    changes; an index older than the source counts as cold.
    """
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}"
    try:
        source = os.stat(_mes_kernel.__file__).st_mtime
        for name in ("run_rounds", "verify_plateau"):
            found = list(cache_dir().glob(f"_mes_kernel.{name}-*.{tag}*.nbi"))
            if not any(f.stat().st_mtime >= source for f in found):
                return False
    except OSError:
        return False
    return True


def _forced() -> str | None:
    value = os.environ.get("KENESH_TALLY_LOOPS", "").strip().lower()
    return value if value in ("python", "compiled") else None


def _compiled() -> ModuleType | None:
    try:
        return importlib.import_module(_JIT_MODULE)
    except ImportError:  # Numba missing or broken: the Python loops give the same outcome
        return None


def choose(work: int) -> Any:
    """The module whose ``run_rounds`` and ``verify_plateau`` to call for runs of this much work."""
    forced = _forced()
    if forced == "python":
        return _mes_kernel
    loaded = sys.modules.get(_JIT_MODULE)
    if loaded is not None:
        return loaded
    if (
        forced == "compiled"
        or work >= COLD_WORK
        or _python_seconds >= COMPILE_SECONDS
        or (work >= WARM_WORK and cache_is_warm())
    ):
        return _compiled() or _mes_kernel
    return _mes_kernel


def spent(loops: Any, seconds: float) -> None:
    """Count time spent in the Python loops (towards compiling them)."""
    global _python_seconds
    if loops is _mes_kernel:
        _python_seconds += seconds


def work_of(supporter_entries: int, projects: int) -> int:
    return supporter_entries * max(projects, 1)
