"""The MES loops as Python or compiled: the same outcomes, and Numba loaded only where it pays.

A small election (what most municipalities count) must not pay for importing Numba, let alone for
compiling the loops the first time after an install: it counts with the Python loops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kenesh.tally.pabulib import read_pabulib
from kenesh.tally.rules import _mes_jit, _mes_kernel, _mes_loops, run_rule
from kenesh.tally.rules._mes_core import mes_setup, run_fast
from tests.tally.conftest import pabulib_file

REPO = Path(__file__).resolve().parents[2]

COUNT_IN_A_FRESH_PROCESS = """
import json, sys
from kenesh.cli import main
code = main(["tally", sys.argv[1], "--rule", sys.argv[2], "--json"])
print(json.dumps({"code": code, "numba": sorted(m for m in sys.modules if m.split(".")[0] == "numba")}))
"""


def count_in_fresh_process(path: Path, rule: str, cache: Path) -> dict[str, object]:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    env.pop("KENESH_TALLY_LOOPS", None)
    result = subprocess.run(
        [sys.executable, "-c", COUNT_IN_A_FRESH_PROCESS, str(path), rule],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    last: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    outcome = json.loads("\n".join(result.stdout.strip().splitlines()[:-1]))
    last["selected"] = outcome["selected"]
    return last


@pytest.mark.parametrize("rule", ["mes", "mes-add1", "mes-pabutools-add1", "mes-greedy"])
def test_a_small_election_counts_without_loading_numba_or_filling_its_cache(
    tmp_path: Path, rule: str
) -> None:
    path = pabulib_file("Poland_Warszawa_2019_Ochota.pb")
    cache = tmp_path / "numba-cache"
    cache.mkdir()
    counted = count_in_fresh_process(path, rule, cache)
    assert counted["code"] == 0
    assert counted["numba"] == []
    assert list(cache.iterdir()) == []
    assert counted["selected"] == run_rule(read_pabulib(path), rule).as_json()["selected"]


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Zabrze_2020_Konczyce.pb",
        "Poland_Warszawa_2019_Ochota.pb",
        "Poland_Lodz_2022_Teofilow-Wielkopolska.pb",
        "France_Toulouse_2022_4_-_Lapujade_Bonnefoy_Periole_Marengo_La_Colonne.pb",
    ],
)
def test_python_and_compiled_loops_give_the_same_outcome(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    election = read_pabulib(pabulib_file(name))
    outcomes = {}
    for loops in ("python", "compiled"):
        monkeypatch.setenv("KENESH_TALLY_LOOPS", loops)
        outcomes[loops] = [
            run_rule(election, rule).as_json() for rule in ("mes", "mes-add1", "mes-pabutools-add1")
        ]
    assert outcomes["python"] == outcomes["compiled"]
    # And the same float prices, round by round (the same operations in the same order).
    setup = mes_setup(election, "cost")
    runs = {}
    for loops in ("python", "compiled"):
        monkeypatch.setenv("KENESH_TALLY_LOOPS", loops)
        run = run_fast(setup, election.budget_scaled)
        runs[loops] = [(p.project, p.rho, p.rho_float, p.rho_hi, p.all_rich) for p in run.purchases]
    assert runs["python"] == runs["compiled"] != []


def test_the_cache_counts_as_warm_once_the_loops_are_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Add1 here passes over proven plateaus: both compiled entry points run (and are cached).
    election = read_pabulib(
        pabulib_file("France_Toulouse_2022_4_-_Lapujade_Bonnefoy_Periole_Marengo_La_Colonne.pb")
    )
    monkeypatch.setenv("KENESH_TALLY_LOOPS", "compiled")
    run_rule(election, "mes-add1")
    assert _mes_jit.run_rounds.signatures and _mes_jit.verify_plateau.signatures
    assert _mes_loops.cache_is_warm()


@pytest.mark.parametrize("pairs", [8_000_000, 0])
def test_which_projects_overlap_is_the_same_in_numpy_and_compiled(
    pairs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both ways of the NumPy version: listing the pairs of ballot entries, and the blocked matrix product.
    monkeypatch.setattr(_mes_kernel, "_OVERLAP_PAIRS", pairs)
    monkeypatch.setattr(_mes_kernel, "_OVERLAP_CELLS", 1000)  # several blocks
    for name in ("Poland_Warszawa_2019_Ochota.pb", "Poland_Lodz_2022_Teofilow-Wielkopolska.pb"):
        setup = mes_setup(read_pabulib(pabulib_file(name)), "cost")
        p = setup.election.n_projects
        mine = _mes_kernel.overlaps(setup.vptr, setup.vproj, p)
        compiled = _mes_jit.overlaps(setup.vptr, setup.vproj, p)
        assert np.array_equal(mine[0], compiled[0]) and np.array_equal(mine[1], compiled[1])
