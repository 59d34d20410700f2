"""The compiled price evaluation of the float MES engine: what it certifies holds for the exact budgets.

``_mes_kernel.evaluate`` sees float budgets with error bounds. Whatever it answers must be true of every
exact budget within those bounds: an interval [lo, hi] holds the exact price, "unaffordable" means the
supporters hold less than the cost. (NEED_EXACT claims nothing: the run is then redone exactly.) The loops
run as Python or compiled by Numba (``_mes_jit``): every check here runs both and requires the same answer.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kenesh.tally.rules import _mes_jit as compiled
from kenesh.tally.rules import _mes_kernel as kernel
from kenesh.tally.rules._mes_core import exact_rho
from kenesh.tally.rules._mes_kernel import RunState, Supports

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Budgets from a few shared values (voters who paid alike) and free ones; errors from none to large.
BUDGETS = st.one_of(st.sampled_from([0.0, 1.0, 7.5, 100.0, 1e6]), st.floats(0, 1e6, allow_nan=False))
ERRORS = st.one_of(st.just(0.0), st.floats(0, 1e-6), st.floats(0, 1.0))
SUPPORTER = st.tuples(BUDGETS, ERRORS, st.integers(1, 1000), st.integers(1, 5), st.fractions(-1, 1))


Supporters = list[tuple[float, float, int, int, Fraction]]


def one_project(supporters: Supporters, cost: float, start: float) -> tuple[Supports, RunState]:
    """The kernel's election and run state for one project with these supporters."""
    m = len(supporters)
    budget = np.array([s[0] for s in supporters])
    error = np.array([s[1] for s in supporters])
    election = Supports(
        np.array([0, m], dtype=np.int64),
        np.arange(m, dtype=np.int64),
        np.array([float(s[3]) for s in supporters]),
        np.array([float(s[2]) for s in supporters]),
        np.array([cost]),
        np.array([0, 1], dtype=np.int64),
        np.array([0], dtype=np.int64),
    )
    state = RunState(
        budget,
        error,
        np.zeros(m, dtype=bool),
        np.ones(1, dtype=bool),
        np.array([start]),
        np.zeros(1, dtype=bool),
        np.zeros(1),
        np.zeros(1),
        np.zeros(1),
        np.empty(m),
        np.empty(m),
    )
    return election, state


def evaluate(supporters: Supporters, cost: float, start: float) -> tuple[int, float, float]:
    """The kernel's evaluation of one project with these supporters: (status, lo, hi)."""
    status, lo, hi, rho = kernel.evaluate(*one_project(supporters, cost, start), 0, start)
    assert compiled.evaluate(*one_project(supporters, cost, start), 0, start) == (status, lo, hi, rho)
    return status, lo, hi


def band_at(supporters: Supporters, rho: float) -> int:
    """How many supporters hold a budget per utility within 2e-3 of rho (the kernel's pass)."""
    election, state = one_project(supporters, 1.0, 0.0)
    found = kernel._pass(election, 0, len(supporters), state.budget, state.error, rho)
    assert compiled._pass(election, 0, len(supporters), state.budget, state.error, rho) == found
    return int(found[4])


def exact_budgets(supporters: Supporters) -> list[Fraction]:
    """Exact budgets within each float budget's error bound (where the perturbation puts them)."""
    return [max(Fraction(0), Fraction(b) + t * Fraction(e)) for b, e, _, _, t in supporters]


@SETTINGS
@given(st.lists(SUPPORTER, min_size=1, max_size=40), st.fractions(0, 2), st.fractions(0, Fraction(999, 1000)))
def test_a_certified_price_interval_holds_the_exact_price(
    supporters: Supporters, share: Fraction, start_share: Fraction
) -> None:
    budgets = exact_budgets(supporters)
    utils = [s[2] for s in supporters]
    weights = [s[3] for s in supporters]
    held = sum((w * b for w, b in zip(weights, budgets, strict=True)), Fraction(0))
    cost = float(share * held) or 1.0
    rho = exact_rho(Fraction(cost), budgets, utils, weights)
    least = Fraction(cost) / sum(u * w for u, w in zip(utils, weights, strict=True))
    start = float((rho if rho is not None else least) * start_share)
    status, lo, hi = evaluate(supporters, cost, start)
    event(f"status {status}")
    if status == kernel.OK:
        assert rho is not None and Fraction(lo) <= rho <= Fraction(hi)
    elif status == kernel.UNAFFORDABLE:
        assert rho is None


def test_both_ways_of_certifying_are_used_and_right() -> None:
    # Everybody rich (nobody's budget per utility near the price): f(x) from the pass's sums.
    rich = [(100.0, 0.0, 10, 1, Fraction(0))] * 30
    assert band_at(rich, 1.0) == 0
    status, lo, hi = evaluate(rich, 300.0, 0.0)
    assert status == kernel.OK and Fraction(lo) <= 1 <= Fraction(hi)
    # A voter holding exactly rho * u: f(x) summed voter by voter.
    edge = [(100.0, 0.0, 10, 1, Fraction(0))] * 29 + [(10.0, 0.0, 10, 1, Fraction(0))]
    assert band_at(edge, 1.0) == 1
    status, lo, hi = evaluate(edge, 300.0, 0.0)
    assert status == kernel.OK and Fraction(lo) <= 1 <= Fraction(hi)
    # Exactly the cost held in all: floats cannot tell "just enough", so no claim is made.
    short = [(10.0, 0.0, 10, 1, Fraction(0))] * 30
    assert evaluate(short, 300.0, 0.0)[0] == kernel.NEED_EXACT
    assert evaluate(short, 300.5, 0.0)[0] == kernel.UNAFFORDABLE


# A few projects over a few voters: ballots as sets of project indices, with utilities and weights.
BALLOT = st.tuples(
    st.sets(st.integers(0, 4), min_size=1, max_size=2), st.integers(1, 5), st.integers(1, 3), BUDGETS
)


def election_of(
    ballots: list[tuple[set[int], int, int, float]], costs: list[float]
) -> tuple[Supports, RunState]:
    """The kernel's election and run state (no errors yet) for these ballots and costs."""
    p, n = len(costs), len(ballots)
    vproj = [sorted(b[0] & set(range(p))) for b in ballots]
    vptr = np.zeros(n + 1, dtype=np.int64)
    vptr[1:] = np.cumsum([len(v) for v in vproj])
    supporters = [[v for v in range(n) if j in vproj[v]] for j in range(p)]
    sup_ptr = np.zeros(p + 1, dtype=np.int64)
    sup_ptr[1:] = np.cumsum([len(s) for s in supporters])
    sup_voter = np.array([v for s in supporters for v in s], dtype=np.int64)
    election = Supports(
        sup_ptr,
        sup_voter,
        np.array([float(ballots[v][2]) for v in sup_voter]),
        np.array([float(ballots[v][1]) for v in sup_voter]),
        np.array(costs),
        *kernel.overlaps(vptr, np.array([j for v in vproj for j in v], dtype=np.int64), p),
    )
    state = RunState(
        np.array([b[3] for b in ballots]),
        np.zeros(n),
        np.zeros(n, dtype=bool),
        np.ones(p, dtype=bool),
        np.zeros(p),
        np.zeros(p, dtype=bool),
        np.zeros(p),
        np.zeros(p),
        np.zeros(p),
        np.empty(n),
        np.empty(n),
    )
    return election, state


@SETTINGS
@given(
    st.lists(BALLOT, min_size=1, max_size=12),
    st.lists(st.floats(1, 1e6, allow_nan=False), min_size=2, max_size=5),
    st.lists(st.fractions(-1, 1), min_size=12, max_size=12),
)
def test_a_price_kept_in_the_cache_after_a_purchase_still_holds(
    ballots: list[tuple[set[int], int, int, float]], costs: list[float], shift: list[Fraction]
) -> None:
    election, state = election_of(ballots, costs)
    _, twin = election_of(ballots, costs)
    p = len(costs)
    statuses = [kernel._evaluate_cached(election, state, j) for j in range(p)]
    assert [compiled._evaluate_cached(election, twin, j) for j in range(p)] == statuses
    bought = next((j for j in range(p) if statuses[j] == kernel.OK), None)
    if bought is None:
        return
    assert compiled._buy(election, twin, bought) == kernel._buy(election, state, bought)
    for mine, its in zip(state, twin, strict=True):
        if mine is not state.bs and mine is not state.es:  # scratch space
            assert np.array_equal(mine, its)
    budget, error, cached, c_lo, c_hi = state.budget, state.error, state.cached, state.c_lo, state.c_hi
    sup_ptr, sup_voter, sup_w, sup_u = election.sup_ptr, election.sup_voter, election.sup_w, election.sup_u
    moved = zip(budget, error, shift[: len(budget)], strict=True)
    exact = [max(Fraction(0), Fraction(b) + t * Fraction(e)) for b, e, t in moved]
    for q in range(p):
        if not cached[q]:
            continue
        event("a price stays cached")
        voters = sup_voter[sup_ptr[q] : sup_ptr[q + 1]]
        rho = exact_rho(
            Fraction(costs[q]),
            [exact[v] for v in voters],
            [int(u) for u in sup_u[sup_ptr[q] : sup_ptr[q + 1]]],
            [int(w) for w in sup_w[sup_ptr[q] : sup_ptr[q + 1]]],
        )
        assert rho is not None and Fraction(c_lo[q]) <= rho <= Fraction(c_hi[q])
