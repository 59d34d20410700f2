"""Add1 skips proven plateaus of MES outcomes: same results as stepping by one, on real and generated data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenesh.tally.model import Election
from kenesh.tally.pabulib import parse_pabulib, read_pabulib
from kenesh.tally.rules import mes as M
from kenesh.tally.rules._mes_core import mes_setup, run_exact, run_fast
from kenesh.tally.rules._mes_plateau import components, plateau_thetas, verify_plateau
from kenesh.tally.satisfaction import default_satisfaction
from tests.tally.conftest import pabulib_file, pabulib_files

SMALL_BYTES = 12_000
"""Shared elections up to this size are recounted both ways (stepping by one is the slow part)."""


def add1_both_ways(election: Election, sat: str) -> None:
    setup = mes_setup(election, sat)
    if setup.n_voters == 0:
        return
    fast, fast_steps = M._add1(setup)
    plain, plain_steps = M._add1(setup, jumps=False)
    assert (fast.per_voter, fast.selected, fast_steps) == (plain.per_voter, plain.selected, plain_steps)
    assert [p.rho for p in fast.purchases] == [p.rho for p in plain.purchases]
    jumped = M.mes_pabutools_add1(election, sat=sat)
    stepped = M.mes_pabutools_add1(election, sat=sat, jumps=False)
    assert (jumped.selected, jumped.details) == (stepped.selected, stepped.details)


def small_files() -> list[Path]:
    return [p for p in pabulib_files() if p.stat().st_size <= SMALL_BYTES]


@pytest.mark.parametrize("path", small_files(), ids=lambda p: p.name)
def test_plateaus_change_nothing_on_small_shared_elections(path: Path) -> None:
    election = read_pabulib(path)
    add1_both_ways(election, default_satisfaction(election.vote_type))


@pytest.mark.parametrize(
    "name",
    [
        "France_Toulouse_2022_4_-_Lapujade_Bonnefoy_Periole_Marengo_La_Colonne.pb",  # 7,197 steps, 4 outcomes
        "Poland_Krakow_2020_Stare_Miasto.pb",  # ordinal ballots (Borda)
    ],
)
def test_plateaus_change_nothing_on_long_add1_runs(name: str) -> None:
    election = read_pabulib(pabulib_file(name))
    add1_both_ways(election, default_satisfaction(election.vote_type))


@st.composite
def long_add1_texts(draw: st.DrawFn) -> str:
    """Elections with large costs and budgets (many Add1 steps) and voters split into districts."""
    vote_type = draw(st.sampled_from(("approval", "cumulative", "ordinal")))
    scale = draw(st.sampled_from((1, 37, 1000)))
    n_projects = draw(st.integers(1, 7))
    costs = [draw(st.integers(1, 12)) * scale + draw(st.integers(0, scale - 1)) for _ in range(n_projects)]
    budget = draw(st.integers(1, 40)) * scale + draw(st.integers(0, scale - 1))
    n_voters = draw(st.integers(1, 9))
    lines = ["META", "key;value", f"num_projects;{n_projects}", f"num_votes;{n_voters}", f"budget;{budget}"]
    lines += [f"vote_type;{vote_type}", "PROJECTS", "project_id;cost"]
    ids = [str(k) for k in (7, 10, 2, 11, 1, 30, 4)][:n_projects]
    lines += [f"{pid};{c}" for pid, c in zip(ids, costs, strict=True)]
    lines += ["VOTES", "voter_id;vote;points" if vote_type == "cumulative" else "voter_id;vote"]
    # Two districts when there is room: projects of one are never on a ballot of the other.
    cut = draw(st.integers(1, n_projects)) if n_projects > 1 else n_projects
    districts = [ids[:cut], ids[cut:] or ids[:cut]]
    for v in range(n_voters):
        pool = districts[draw(st.integers(0, 1))]
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
        if vote_type == "cumulative":
            points = [str(draw(st.integers(1, 4))) for _ in chosen]
            lines.append(f"{v};{','.join(chosen)};{','.join(points)}")
        else:
            lines.append(f"{v};{','.join(chosen)}")
    return "\n".join(lines) + "\n"


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(long_add1_texts(), st.sampled_from(("default", "cost", "card")))
def test_plateaus_change_nothing_on_generated_elections(text: str, which: str) -> None:
    election = parse_pabulib(text)
    sat = default_satisfaction(election.vote_type) if which == "default" else which
    add1_both_ways(election, sat)


@SETTINGS
@given(long_add1_texts(), st.integers(0, 8), st.integers(1, 24))
def test_a_proven_plateau_has_one_outcome_at_every_budget(text: str, start: int, length: int) -> None:
    # The proof itself, checked against the exact engine at every budget it covers.
    election = parse_pabulib(text)
    setup = mes_setup(election, default_satisfaction(election.vote_type))
    if setup.n_voters == 0:
        return
    step = setup.n_voters * election.money_scale
    per_voter = (election.budget_scaled // step + start) * step
    run = run_fast(setup, per_voter)
    proven = verify_plateau(setup, run, plateau_thetas(run), components(setup), per_voter + length * step)
    if proven is None:
        return
    label = components(setup).tolist()

    def by_component(selected: list[int]) -> dict[int, list[int]]:
        # MES on separate components interleaves their purchases by price: only each one's order counts.
        found: dict[int, list[int]] = {}
        for j in selected:
            found.setdefault(label[j], []).append(j)
        return found

    for k in range(length + 1):
        assert by_component(run_exact(setup, per_voter + k * step).selected) == by_component(run.selected), k
    # What it returns bounds the prices at the far end, from above.
    far = run_exact(setup, per_voter + length * step)
    bounds = dict(zip((p.project for p in run.purchases), proven, strict=True))
    for purchase in far.purchases:
        hi, all_rich = bounds[purchase.project]
        assert purchase.rho is not None and purchase.rho <= hi
        if all_rich:
            assert purchase.rho * setup.total_util[purchase.project] == setup.cost_n[purchase.project]


def test_components_follow_common_supporters() -> None:
    text = (
        "META\nkey;value\nnum_projects;4\nnum_votes;3\nbudget;10\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\na;5\nb;5\nc;5\nd;5\n"
        "VOTES\nvoter_id;vote\n1;a,b\n2;c\n3;b\n"
    )
    label = components(mes_setup(parse_pabulib(text), "cost")).tolist()
    assert label[0] == label[1] != label[2] != label[3] != label[0]
