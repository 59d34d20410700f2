"""Certified plateaus of MES over the per-voter budget: the Add1 loops skip budgets whose outcome cannot move.

Add1 reruns MES at per-voter budgets V, V + step, V + 2 step, ... and usually sees the same outcome many
times in a row (Budapest VIII 2024: about 51,000 steps, two changes of outcome in the first 5,000). This
module proves, for a run at budget V and a larger budget T, that every budget in [V, T] gives the run's
outcome, at the cost of about one MES run at T. Nothing is guessed: when the proof does not go through,
the caller simply steps by one as before, so the proof only ever saves work.

Why the proof holds (everything per connected component of the projects linked by common supporters, as
MES on disjoint components is the union of MES on each):

1. Follow the run's purchase sequence w_1, w_2, ... at any budget t. Each voter's budget before round r is
   a non-decreasing function of t: a price rho(b) = min{rho : sum w min(b_i, rho u_i) >= cost} does not
   increase when budgets grow, and what a voter keeps, max(0, b_i - rho u_i), then does not decrease.
   So, with b^r(t) the budgets before round r, b^r(V) <= b^r(t) <= b^r(T) for V <= t <= T.
2. Let theta_r be (an upper bound on) the price of w_r at V. At t, w_r is affordable (its supporters hold
   at least what they held at V) and its price is at most theta_r. Every other project j still in the
   race in the component either costs more than its supporters hold at T (so also at t), or has a price
   at T above theta_r (so also at t, prices falling as budgets grow). Hence w_r wins round r at t too.
3. After the last purchase, every project left is unaffordable at T, hence at t: the run at t ends alike.

At T the check follows the sequence with the certified float engine of ``_mes_core`` (budgets with
rigorous error bounds), so a float rounding error can only make the check fail, never pass wrongly. The
winners' prices at T that it computes (upper bounds) are the thetas of the next plateau.
"""

from __future__ import annotations

import numpy as np

from kenesh.tally.rules._mes_core import (
    _EPS,
    MesRun,
    MesSetup,
    NeedExact,
    _Eval,
    _evaluate,
    _sum_error,
    charge_supporters,
    float_start,
)


def components(setup: MesSetup) -> np.ndarray:
    """A label per project: projects linked through common supporters share a label (the least index)."""
    p = setup.election.n_projects
    label = np.arange(p, dtype=np.int64)
    vptr, vproj = setup.vptr, setup.vproj
    sup_ptr, sup_voter = setup.sup_ptr, setup.sup_voter
    voters = np.flatnonzero(np.diff(vptr) > 0)
    projects = np.flatnonzero(np.diff(sup_ptr) > 0)
    if len(voters) == 0 or len(projects) == 0:
        return label
    voter_label = np.zeros(len(setup.weights), dtype=np.int64)
    while True:
        # Label propagation on the voter-project graph: the least label of a component spreads over it.
        voter_label[voters] = np.minimum.reduceat(label[vproj], vptr[voters])
        spread = np.minimum.reduceat(voter_label[sup_voter], sup_ptr[projects])
        new = label.copy()
        new[projects] = np.minimum(label[projects], spread)
        if np.array_equal(new, label):
            return label
        label = new


Theta = tuple[float, bool]
"""An upper bound on a winner's price, and whether that price is exactly cost / total utility."""


def plateau_thetas(run: MesRun) -> list[Theta]:
    """The thetas of the proof for a run's purchases, in order."""
    return [(p.rho_hi, p.all_rich) for p in run.purchases]


def verify_plateau(
    setup: MesSetup, run: MesRun, thetas: list[Theta], label: np.ndarray, per_voter: int
) -> list[Theta] | None:
    """Whether every budget from ``run.per_voter`` to ``per_voter`` gives the run's outcome (see above).

    Returns the winners' price bounds at ``per_voter`` (the next thetas), or None when not proven.
    """
    try:
        return _verify(setup, run, thetas, label, per_voter)
    except NeedExact:
        return None


def _verify(
    s: MesSetup, run: MesRun, thetas: list[Theta], label: np.ndarray, per_voter: int
) -> list[Theta] | None:
    start = float_start(s, per_voter)
    budget, error, zero, alive, lower = start.budget, start.error, start.zero, start.alive, start.lower
    cache: dict[int, _Eval] = {}
    next_thetas: list[Theta] = []
    for purchase, (theta, all_rich) in zip(run.purchases, thetas, strict=True):
        winner = purchase.project
        if not alive[winner]:
            return None
        alive[winner] = False
        rivals = np.flatnonzero(alive & (label == label[winner]) & (lower <= theta))
        for j in rivals.tolist():
            ev = cache.get(j)
            if ev is None:
                ev = _evaluate(s, j, budget, error, float(lower[j]))
                if ev is None:
                    alive[j] = False
                    continue
                cache[j] = ev
                lower[j] = max(lower[j], ev.lo)
            if ev.lo <= theta and not _beaten_exactly(s, winner, j, all_rich):
                return None
        ev = cache.get(winner) or _evaluate(s, winner, budget, error, float(lower[winner]))
        if ev is None:  # pragma: no cover - its supporters hold at least what they held at the run
            return None
        rich = charge_supporters(s, winner, ev, budget, error, zero)
        next_thetas.append((ev.hi, rich))
        for k in s.overlap[winner].tolist():
            cache.pop(k, None)
    # The run ended: nothing left may be affordable at per_voter.
    for j in np.flatnonzero(alive).tolist():
        if not _certainly_unaffordable(s, j, budget, error):
            return None
    return next_thetas


def _beaten_exactly(s: MesSetup, winner: int, j: int, all_rich: bool) -> bool:
    """Exact ties: whether j's least possible price, cost / total utility, cannot beat the winner's.

    With ``all_rich`` the winner's price at the plateau's start was its own least possible value, so it
    stays there over the plateau; j then loses when its least price is higher, or equal with j after the
    winner in the tie-break order (the usual case: two projects whose supporters all pay in full
    proportion, rho = cost / total utility, as with equal numbers of supporters under cost satisfaction).
    """
    if not all_rich:
        return False
    mine = s.cost_n[j] * s.total_util[winner]
    theirs = s.cost_n[winner] * s.total_util[j]
    return mine > theirs or (mine == theirs and s.rank[winner] < s.rank[j])


def _certainly_unaffordable(s: MesSetup, j: int, budget: np.ndarray, error: np.ndarray) -> bool:
    a, b = int(s.sup_ptr[j]), int(s.sup_ptr[j + 1])
    sup = s.sup_voter[a:b]
    w = s.sup_wf[a:b]
    cost = float(s.cost_n[j])
    available = float(np.dot(w, budget[sup]))
    err = 1.01 * float(np.dot(w, error[sup])) + _sum_error(b - a, available) + 2 * _EPS * cost
    return available + err < cost
