"""Parity with pabutools 1.2.3 and with the cities' official outcomes, on every shared Pabulib election.

The pabutools outcomes come from ``tests/tally/fixtures/parity.json`` (made by
``scripts/make_parity_fixture.py``, which says how); a few small elections are also recounted by pabutools
live, so the fixture cannot silently drift from what pabutools does. The cities' own rules have no
pabutools counterpart and are compared with each file's `selected` column instead: the greedy ones in
test_official_selected.py, the Equal Shares ones (equalshares, equalshares/add1, ...) here, through the
`kenesh tally --check` machinery.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from kenesh.tally.checker import check_election, rule_for
from kenesh.tally.model import Election, PabulibError
from kenesh.tally.pabulib import read_pabulib
from kenesh.tally.rules import run_rule
from kenesh.tally.satisfaction import entry_utilities
from tests.ci import import_or_missing, missing
from tests.tally.conftest import pabulib_file, pabulib_path

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "parity.json"

KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}
"""(election, fixture key) -> why our outcome rightly differs from pabutools' (none so far)."""

KNOWN_OFFICIAL_DIFFERENCES: dict[str, str] = {}
"""election -> why our recount rightly differs from the file's `selected` column (none so far)."""


@cache
def fixture() -> dict[str, Any]:
    gz = FIXTURE.with_suffix(".json.gz")
    if gz.exists():
        with gzip.open(gz, "rt") as f:
            data: dict[str, Any] = json.load(f)
            return data
    if FIXTURE.exists():
        data = json.loads(FIXTURE.read_text())
        return data
    return {"elections": {}, "not_computed": {}}


def election_names() -> list[str]:
    names = set(fixture()["elections"]) | set(fixture()["not_computed"])
    if pabulib_path().is_dir():
        names |= {p.name for p in pabulib_path().glob("*.pb")}
    return sorted(names)


def load(name: str) -> Election:
    path = pabulib_file(name)
    try:
        return read_pabulib(path)
    except PabulibError as exc:
        # pabutools reads some files we reject (a project twice in one approval ballot): nothing to compare.
        pytest.skip(f"our reader rejects {name}: {exc}")


def welfare(election: Election, selected: list[str], sat: str) -> Fraction:
    """The utilitarian welfare of a set of projects, exactly, in som or points or plain counts."""
    chosen = np.zeros(election.n_projects, dtype=bool)
    position = {pid: j for j, pid in enumerate(election.project_ids)}
    chosen[[position[pid] for pid in selected]] = True
    mask = chosen[election.indices]
    rows = np.repeat(np.arange(election.n_ballots), np.diff(election.indptr))
    gains = entry_utilities(election, sat)[mask].astype(object) * election.ballot_weights()[rows][mask]
    scale = {"cost": election.money_scale, "additive": election.points_scale}.get(sat, 1)
    return Fraction(int(gains.sum()), scale)


def compare(election: Election, key: str, expected: Any) -> str | None:
    """None when our outcome equals pabutools' for a fixture key, else what differs."""
    rule, _, sat = key.partition("/")
    if rule == "mes-pabutools-add1-last":
        # pabutools' Add1 loop started at the step before the one where ours stopped (see the script).
        outcome = run_rule(election, "mes-pabutools-add1", sat=sat)
        step = max(int(outcome.details["add1_steps"]) - 1, 0)
        if step != expected["from_step"]:
            return f"{key}: pabutools was started at step {expected['from_step']}, we now stop after {step}"
        expected = expected["selected"]
    else:
        outcome = run_rule(election, rule, sat=sat or None)
    if rule == "max-welfare":
        ours = welfare(election, outcome.selected, sat)
        if ours != Fraction(expected):
            return f"{key}: our welfare {ours}, pabutools {expected}"
        return None
    if sorted(outcome.selected) != expected:
        missing = sorted(set(expected) - set(outcome.selected))
        extra = sorted(set(outcome.selected) - set(expected))
        return f"{key}: pabutools selects {missing} that we do not, we select {extra} that it does not"
    return None


def test_the_parity_fixture_is_there() -> None:
    # Without it every comparison with pabutools would skip, or not even be collected.
    if not fixture()["elections"]:
        missing(f"the parity fixture {FIXTURE} (or its .gz) is absent or empty")
    assert len(fixture()["elections"]) > 300


@pytest.mark.slow
@pytest.mark.parametrize("name", election_names())
def test_same_outcome_as_pabutools(name: str) -> None:
    expected = fixture()["elections"].get(name)
    if not expected:
        if not fixture()["elections"]:
            missing(f"the parity fixture {FIXTURE} (or its .gz) is absent or empty")
        pytest.skip(f"pabutools computed nothing for {name}: {fixture()['not_computed'].get(name)}")
    election = load(name)
    problems = []
    for key, value in sorted(expected.items()):
        if (name, key) in KNOWN_DIFFERENCES:
            continue
        problem = compare(election, key, value)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("name", election_names())
def test_same_outcome_as_the_city_under_equal_shares(name: str) -> None:
    election = load(name)
    meta_rule = election.meta.get("rule", "").strip()
    rule, why_not = rule_for(meta_rule)
    if not meta_rule.startswith("equalshares"):
        pytest.skip(f"META rule {meta_rule!r} is not Equal Shares (greedy: test_official_selected.py)")
    if rule is None or "selected" not in election.project_columns:
        pytest.skip(why_not or "no selected column")
    if name in KNOWN_OFFICIAL_DIFFERENCES:
        pytest.xfail(KNOWN_OFFICIAL_DIFFERENCES[name])
    check = check_election(election)
    assert check.status == "match", f"{rule}: missing {check.missing}, extra {check.extra}"


def fixture_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_parity_fixture", REPO / "scripts" / "make_parity_fixture.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LIVE = [
    "Poland_Warszawa_2019_Ochota.pb",  # approval, 2751 voters
    "Poland_Zabrze_2020_Konczyce.pb",  # choose-1
    "Poland_Czestochowa_2020_Grabowka.pb",  # cumulative, 201 voters
    "Worldwide_Mechanical_Turk_Ranking_value_6.pb",  # ordinal, 78 voters
]


@pytest.mark.parametrize("name", LIVE)
def test_same_outcome_as_pabutools_run_now(name: str) -> None:
    import_or_missing("pabutools")
    from pabutools.election import parse_pabulib

    election = load(name)
    script = fixture_script()
    instance, profile = parse_pabulib(str(pabulib_file(name)))
    problems = []
    for key in script.tasks_for(election.vote_type):
        if key.startswith("mes-pabutools-add1"):
            continue  # pabutools needs minutes for it even on small elections; the fixture has it
        expected = script.compute(instance, profile, key)
        problem = compare(election, key, expected.get("welfare", expected["selected"]))
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["Poland_Zabrze_2020_Konczyce.pb", "Poland_Czestochowa_2020_Grabowka.pb"])
def test_pabutools_add1_from_our_last_step_is_its_whole_loop(name: str) -> None:
    # The fixture's mes-pabutools-add1-last starts pabutools' loop late; on small elections its whole
    # loop runs in a second, and both must agree with each other and with us.
    import_or_missing("pabutools")
    from pabutools.election import parse_pabulib

    election = load(name)
    script = fixture_script()
    instance, profile = parse_pabulib(str(pabulib_file(name)))
    sat = script.default_sat(election.vote_type)
    whole = script.compute(instance, profile, f"mes-pabutools-add1/{sat}")
    step = script.our_last_step(pabulib_file(name), sat)
    late = script.compute(instance, profile, f"mes-pabutools-add1-last/{sat}", step)
    assert step > 0 and late == {"selected": whole["selected"], "from_step": step}
    assert compare(election, f"mes-pabutools-add1-last/{sat}", late) is None
