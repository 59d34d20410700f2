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

At T the check follows the sequence with the certified float engine (``_mes_kernel.verify_plateau``:
budgets with rigorous error bounds), so a float rounding error can only make the check fail, never pass
wrongly. The winners' prices at T that it computes (upper bounds) are the thetas of the next plateau.
Exact ties go through cost / total utility: when the winner's price at the near end was its least
possible value (every supporter paid in full proportion), it stays there over the plateau, and a rival
loses when its own least price is higher, or equal with the rival later in the tie-break order (the usual
case: two projects whose supporters all pay in full proportion, as with equal numbers of supporters under
cost satisfaction).
"""

from __future__ import annotations

import time

import numpy as np

from kenesh.tally.rules import _mes_loops
from kenesh.tally.rules._mes_core import MesRun, MesSetup, float_state


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
    bought = np.array([p.project for p in run.purchases], dtype=np.int64)
    theta = np.array([t for t, _ in thetas], dtype=np.float64)
    theta_rich = np.array([rich for _, rich in thetas], dtype=bool)
    next_theta = np.zeros(len(bought))
    next_rich = np.zeros(len(bought), dtype=bool)
    state = float_state(setup, per_voter)
    loops = _mes_loops.choose(setup.work)
    began = time.perf_counter()
    proven = loops.verify_plateau(
        setup.kernel, state, label, setup.least_rank, bought, theta, theta_rich, next_theta, next_rich
    )
    _mes_loops.spent(loops, time.perf_counter() - began)
    return list(zip(next_theta.tolist(), next_rich.tolist(), strict=True)) if proven else None
