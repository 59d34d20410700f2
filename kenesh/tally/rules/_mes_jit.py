"""The loops of ``_mes_kernel`` compiled by Numba, for the elections where compiling pays.

Importing this module imports Numba (about a third of a second) and makes one Numba function per loop of
``_mes_kernel`` from the same code, with globals in which the loops' names are the compiled functions (so a
compiled loop calls compiled loops). Compiling happens at each loop's first call: ten seconds and more
without Numba's cache, a fraction of a second with it (``cache=True``: the cache lies in ``__pycache__``
beside ``_mes_kernel.py``, or under ``$NUMBA_CACHE_DIR``). ``_mes_loops`` decides when to import this.
"""

from __future__ import annotations

import types
from typing import Any

from numba import njit

from kenesh.tally.rules import _mes_kernel as source

_jit = njit(cache=True, error_model="numpy", nogil=True)


def _compiled() -> dict[str, Any]:
    namespace = dict(vars(source))
    for name in source.KERNEL_FUNCTIONS:
        python = getattr(source, name)
        namespace[name] = _jit(types.FunctionType(python.__code__, namespace, name, python.__defaults__))
    # The loops, not their NumPy twins (which serve the Python loops).
    namespace["_pass"] = namespace["_pass_loop"]
    namespace["_gather"] = namespace["_gather_loop"]
    namespace["overlaps"] = namespace["overlaps_loop"]
    return namespace


_LOOPS = _compiled()
run_rounds = _LOOPS["run_rounds"]
verify_plateau = _LOOPS["verify_plateau"]
overlaps = _LOOPS["overlaps"]
evaluate = _LOOPS["evaluate"]
charge = _LOOPS["charge"]
_pass = _LOOPS["_pass"]
_evaluate_cached = _LOOPS["_evaluate_cached"]
_buy = _LOOPS["_buy"]
certainly_unaffordable = _LOOPS["certainly_unaffordable"]
OK, UNAFFORDABLE, NEED_EXACT = source.OK, source.UNAFFORDABLE, source.NEED_EXACT
DONE, TIE = source.DONE, source.TIE
