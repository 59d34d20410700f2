"""The certified float MES engine's inner loops, in plain Python that Numba compiles (``_mes_jit``).

A run at Warszawa size evaluates a few hundred prices over about a thousand supporters each, round after
round, and Add1 repeats runs hundreds of times. Written with NumPy, each evaluation was some twenty array
calls of a microsecond or two: the engine spent most of its time in call overhead, not in arithmetic.
Here each evaluation is one pass of compiled loops, and a whole run is one call until it needs an exact
decision (a close tie), which Python makes with fractions (``_mes_core``).

Nothing here decides by a float alone. A price ``rho`` is accepted only inside an interval [lo, hi] whose
ends are checked against the cost with a rigorous bound on every rounding error (budgets carry their own
error bounds, ``error``); what cannot be certified returns NEED_EXACT and the run is redone with exact
rationals. Sums run left to right, so their rounding error is bounded by ``sum_error`` (m terms: m
roundings of the products and m of the additions, each at most half an ulp).

The arrays travel in two named tuples (Numba compiles attribute access on them to a field load), built by
``_mes_core``: the election as :class:`Supports` (``E``) and the run as :class:`RunState` (``S``).

This module does not import Numba: run as Python it costs nothing to load, which is what a small election
needs (a count in tens of milliseconds, where importing Numba alone takes a third of a second and compiling
these loops ten seconds and more). ``_mes_jit`` compiles the same functions; ``_mes_core`` chooses.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

EPS = float(np.finfo(np.float64).eps)

OK, UNAFFORDABLE, NEED_EXACT = 0, 1, 2
"""What an evaluation found."""
DONE, TIE = 0, 1
"""How a run stopped (or NEED_EXACT): finished, or at a round whose winner only an exact comparison tells."""


class Supports(NamedTuple):
    """The election as the loops read it (``E``); every array is read only."""

    sup_ptr: np.ndarray
    """Supporters of project j are entries sup_ptr[j]:sup_ptr[j+1] of the next three arrays."""
    sup_voter: np.ndarray
    """The merged voter of each entry."""
    sup_w: np.ndarray
    """Its weight (the number of voters it stands for), as a float."""
    sup_u: np.ndarray
    """Its utility for the project, as a float."""
    cost: np.ndarray
    """Each project's cost in run units, as a float."""
    ov_ptr: np.ndarray
    """The projects whose price a purchase of j may change are ov_idx[ov_ptr[j]:ov_ptr[j+1]]."""
    ov_idx: np.ndarray


class RunState(NamedTuple):
    """One run's state (``S``), changed in place by the loops."""

    budget: np.ndarray
    """Each merged voter's budget (float)."""
    error: np.ndarray
    """A bound on the error of that budget."""
    zero: np.ndarray
    """Whether that budget is exactly zero."""
    alive: np.ndarray
    """Per project: still in the race."""
    lower: np.ndarray
    """Per project: a lower bound on its price."""
    cached: np.ndarray
    """Per project: whether c_lo, c_hi and c_rho still hold its price."""
    c_lo: np.ndarray
    """Per project: its last certified price interval [c_lo, c_hi] and the float price c_rho inside it."""
    c_hi: np.ndarray
    c_rho: np.ndarray
    bs: np.ndarray
    """Room for one project's supporters' budgets (as many as the most supported project has)."""
    es: np.ndarray
    """Room for their errors."""


KERNEL_FUNCTIONS = (
    "sum_error",
    "evaluate",
    "_pass_loop",
    "_gather_loop",
    "_price_by_sorting",
    "charge",
    "certainly_unaffordable",
    "_evaluate_cached",
    "_buy",
    "run_rounds",
    "verify_plateau",
    "overlaps_loop",
)
"""The loops ``_mes_jit`` compiles (each calls only these, NumPy, and the constants above); compiled,
``_pass_loop`` stands for ``_pass``, ``_gather_loop`` for ``_gather``, ``overlaps_loop`` for ``overlaps``."""


def sum_error(m: int, magnitude: float) -> float:
    """A bound on the rounding error of a left-to-right sum of m rounded products totalling ``magnitude``."""
    return (m + 24) * EPS * magnitude


def evaluate(E, S, j, start):
    """(status, lo, hi, rho): a certified interval for project j's price, or why there is none.

    ``start`` is a lower bound on the price (its value in an earlier round). The price comes from the
    poor/rich fixed point: from rho <= rho*, the voters who cannot pay rho * u are poor at rho* too, so
    the price at which the others cover the rest is again <= rho*; the poor set only grows and rho stops
    at rho* once it is stable (usually after two passes; a sort of the supporters if not after six).
    """
    sup_ptr, sup_w, sup_u, cost_all = E.sup_ptr, E.sup_w, E.sup_u, E.cost
    bs, es = S.bs, S.es
    a = sup_ptr[j]
    m = sup_ptr[j + 1] - a
    cost = cost_all[j]
    available, spread = _gather(E, S, a, m)
    err = 1.01 * spread + sum_error(m, available) + 2 * EPS * cost
    if available + err < cost:
        return UNAFFORDABLE, 0.0, 0.0, 0.0
    if available - err < cost:
        return NEED_EXACT, 0.0, 0.0, 0.0
    rho = start
    count, poor_wb, rich_wu, near, band = _pass(E, a, m, bs, es, rho)
    settled = False
    for _ in range(6):
        if rich_wu <= 0:
            break
        rho = max(rho, (cost - poor_wb) / rich_wu)
        before = count
        count, poor_wb, rich_wu, near, band = _pass(E, a, m, bs, es, rho)
        if count == before:
            settled = True
            break
    if not settled:
        rho = _price_by_sorting(E, a, m, bs, cost)
        count, poor_wb, rich_wu, near, band = _pass(E, a, m, bs, es, rho)
    # Only voters who may pay their whole budget near rho (``near``) carry their budget error into f(x):
    # the others certainly pay x * u at every x in [lo, hi], whatever their exact budget (tau <= 1e-3).
    err = 1.01 * near + 2 * EPS * cost
    tau = 4 * (err + sum_error(m, 2 * cost)) / (rho * rich_wu) + 16 * EPS
    for _ in range(3):
        if not tau <= 1e-3:  # also when tau is not a number
            break
        lo = rho * (1 - tau)
        hi = rho * (1 + tau)
        if band == 0:
            # Nobody's budget per utility lies within 2e-3 of rho: over [lo, hi] the poor pay their
            # budgets and the rich x * u, so f(x) = poor_wb + x * rich_wu (rounding bounded below).
            f_lo = poor_wb + lo * rich_wu
            f_hi = poor_wb + hi * rich_wu
            rounding = sum_error(m, poor_wb) + hi * sum_error(m, rich_wu) + 4 * EPS * (poor_wb + hi * rich_wu)
        else:
            f_lo = 0.0
            f_hi = 0.0
            for k in range(m):
                w = sup_w[a + k]
                u = sup_u[a + k]
                f_lo += w * min(bs[k], lo * u)
                f_hi += w * min(bs[k], hi * u)
            rounding = sum_error(m, max(f_hi, 2 * cost))
        if f_lo + err + rounding < cost and f_hi - err - rounding >= cost:
            return OK, lo, hi, rho
        tau *= 100
    return NEED_EXACT, 0.0, 0.0, 0.0


def _gather(E, S, a, m):
    """Copy the budgets and errors of the supporters a:a+m into bs, es; return what they hold in all and
    the bound on its error (NumPy, for the Python loops; ``_gather_loop`` compiled)."""
    voters = E.sup_voter[a : a + m]
    w = E.sup_w[a : a + m]
    S.bs[:m] = S.budget[voters]
    S.es[:m] = S.error[voters]
    if m == 0:
        return 0.0, 0.0
    return float(np.cumsum(w * S.bs[:m])[-1]), float(np.cumsum(w * S.es[:m])[-1])


def _gather_loop(E, S, a, m):
    sup_voter, sup_w, budget, error, bs, es = E.sup_voter, E.sup_w, S.budget, S.error, S.bs, S.es
    available = 0.0
    spread = 0.0
    for k in range(m):
        v = sup_voter[a + k]
        bs[k] = budget[v]
        es[k] = error[v]
        available += sup_w[a + k] * bs[k]
        spread += sup_w[a + k] * es[k]
    return available, spread


def _pass(E, a, m, bs, es, rho):
    """``_pass_loop`` in NumPy, for the Python loops (which spend most of their time here): the same
    products in the same order, summed left to right by ``cumsum``, so the same floats to the last bit."""
    if m == 0:
        return 0, 0.0, 0.0, 0.0, 0
    w = E.sup_w[a : a + m]
    u = E.sup_u[a : a + m]
    x = rho * u
    b = bs[:m]
    e = es[:m]
    poor = b < x
    poor_wb = np.cumsum((w * b) * poor)[-1]
    rich_wu = np.cumsum((w * u) * ~poor)[-1]
    near = np.cumsum((w * e) * (b - e < x * (1 + 2e-3)))[-1]
    band = np.count_nonzero((x * (1 - 2e-3) <= b) & (b < x * (1 + 2e-3)))
    return int(np.count_nonzero(poor)), float(poor_wb), float(rich_wu), float(near), int(band)


def _pass_loop(E, a, m, bs, es, rho):
    """One look at j's supporters at price rho: (poor count, what the poor hold, the rich's utility,
    the budget error of those near rho, how many have budget per utility within 2e-3 of rho).

    With tau <= 1e-3, the 2e-3 margins leave room for the rounding of these comparisons: a voter out of
    the band is poor at every x in [rho (1 - tau), rho (1 + tau)] or rich at every one, and a voter
    not near pays x * u there whatever its exact budget.
    """
    sup_w, sup_u = E.sup_w, E.sup_u
    count = 0
    poor_wb = 0.0
    rich_wu = 0.0
    near = 0.0
    band = 0
    for k in range(m):
        # Without branches (x * 1.0 and x * 0.0 are exact): the poor and the rich come in random order.
        w = sup_w[a + k]
        u = sup_u[a + k]
        x = rho * u
        b = bs[k]
        poor = b < x
        count += poor
        poor_wb += (w * b) * poor
        rich_wu += (w * u) * (not poor)
        near += (w * es[k]) * (b - es[k] < x * (1 + 2e-3))
        band += (x * (1 - 2e-3) <= b) & (b < x * (1 + 2e-3))
    return count, poor_wb, rich_wu, near, band


def _price_by_sorting(E, a, m, bs, cost):
    """rho from the supporters sorted by budget per utility: the first who can pay the equal-rate share."""
    sup_w, sup_u = E.sup_w, E.sup_u
    ratio = np.empty(m)
    total = 0.0
    for k in range(m):
        ratio[k] = bs[k] / sup_u[a + k]
        total += sup_w[a + k] * sup_u[a + k]
    paid = 0.0
    rho = cost / total
    for k in np.argsort(ratio, kind="mergesort"):
        rho = (cost - paid) / total
        if rho <= ratio[k]:
            return rho
        paid += sup_w[a + k] * bs[k]
        total -= sup_w[a + k] * sup_u[a + k]
    return rho


def charge(E, S, j):
    """Make j's supporters pay its cached price (in place); return whether every one of them certainly could.

    Certainly poor voters pay all they have: exactly zero is left. The others keep max(0, b - rho u),
    within error + u (hi - lo) + rounding of their exact budget.
    """
    sup_ptr, sup_voter, sup_u = E.sup_ptr, E.sup_voter, E.sup_u
    budget, error, zero = S.budget, S.error, S.zero
    lo, hi, rho = S.c_lo[j], S.c_hi[j], S.c_rho[j]
    all_rich = True
    for k in range(sup_ptr[j], sup_ptr[j + 1]):
        v = sup_voter[k]
        u = sup_u[k]
        b = budget[v]
        e = error[v]
        if not b - e >= hi * u * (1 + 4 * EPS):
            all_rich = False
        if zero[v] or b + e < lo * u * (1 - 4 * EPS):
            budget[v] = 0.0
            error[v] = 0.0
            zero[v] = True
        else:
            budget[v] = max(b - rho * u, 0.0)
            error[v] = e * (1 + 4 * EPS) + u * (hi - lo) * 1.01 + 4 * EPS * b
    return all_rich


def certainly_unaffordable(E, S, j):
    sup_ptr, sup_voter, sup_w, cost = E.sup_ptr, E.sup_voter, E.sup_w, E.cost[j]
    budget, error = S.budget, S.error
    available = 0.0
    spread = 0.0
    for k in range(sup_ptr[j], sup_ptr[j + 1]):
        available += sup_w[k] * budget[sup_voter[k]]
        spread += sup_w[k] * error[sup_voter[k]]
    err = 1.01 * spread + sum_error(sup_ptr[j + 1] - sup_ptr[j], available) + 2 * EPS * cost
    return available + err < cost


def _evaluate_cached(E, S, j):
    """Evaluate j unless its interval is still valid; on success cache it and raise its lower bound."""
    alive, lower, cached = S.alive, S.lower, S.cached
    if cached[j]:
        return OK
    status, lo, hi, rho = evaluate(E, S, j, lower[j])
    if status == UNAFFORDABLE:
        alive[j] = False
    elif status == OK:
        cached[j] = True
        S.c_lo[j], S.c_hi[j], S.c_rho[j] = lo, hi, rho
        lower[j] = max(lower[j], lo)
    return status


def _buy(E, S, j):
    """Charge j's supporters, take j out of the race and forget the prices its purchase may change."""
    all_rich = charge(E, S, j)
    S.alive[j] = False
    ov_ptr, ov_idx, cached = E.ov_ptr, E.ov_idx, S.cached
    for i in range(ov_ptr[j], ov_ptr[j + 1]):
        cached[ov_idx[i]] = False
    return all_rich


def run_rounds(E, S, bought, bought_rich, n_bought, forced, contenders):
    """Play MES rounds until the run ends or a round needs an exact comparison: (status, count).

    Buys ``forced`` first when it is a project (the winner Python chose in the last TIE). Purchases are
    appended to ``bought`` / ``bought_rich`` at n_bought[0]. On TIE the round's contenders (certified
    intervals that overlap the best) are ``contenders[:count]``; nothing of that round is bought yet.
    """
    alive, lower, c_lo, c_hi = S.alive, S.lower, S.c_lo, S.c_hi
    p = alive.shape[0]
    evaluated = np.empty(p, dtype=np.int64)
    seen = np.full(p, -1, dtype=np.int64)
    if forced >= 0:
        bought_rich[n_bought[0]] = _buy(E, S, forced)
        bought[n_bought[0]] = forced
        n_bought[0] += 1
    for round_ in range(p + 1):
        # Projects by their lower bound (ties: by index), each evaluated in turn, until the next
        # one's lower bound is above the best certified price found: it cannot win this round.
        best_hi = np.inf
        n_evaluated = 0
        while True:
            j = -1
            for k in range(p):
                if alive[k] and seen[k] != round_ and (j < 0 or lower[k] < lower[j]):
                    j = k
            if j < 0 or lower[j] > best_hi:
                break
            seen[j] = round_
            status = _evaluate_cached(E, S, j)
            if status == NEED_EXACT:
                return NEED_EXACT, 0
            if status == UNAFFORDABLE:
                continue
            evaluated[n_evaluated] = j
            n_evaluated += 1
            best_hi = min(best_hi, c_hi[j])
        if n_evaluated == 0:
            return DONE, 0
        count = 0
        for i in range(n_evaluated):
            j = evaluated[i]
            if c_lo[j] <= best_hi:
                contenders[count] = j
                count += 1
        if count > 1:
            return TIE, count
        winner = contenders[0]
        bought_rich[n_bought[0]] = _buy(E, S, winner)
        bought[n_bought[0]] = winner
        n_bought[0] += 1
    return DONE, 0  # pragma: no cover - every round buys a project or ends the run


def verify_plateau(E, S, label, least_rank, bought, theta, theta_rich, next_theta, next_rich):
    """The plateau proof of ``_mes_plateau`` at the run state S (a run at the far budget T, not started).

    Follows the purchase sequence ``bought``; round r's winner must beat every rival of its component:
    a rival is out when unaffordable at T, or when its price at T is above theta[r] (the winner's price
    bound at the near end), or, when the winner paid in full proportion there (theta_rich[r]), when its
    least possible price comes later in ``least_rank`` (cost / total utility, then the tie-break order).
    Fills the winners' price bounds at T into next_theta / next_rich. Returns whether the proof holds.
    """
    alive, lower, c_lo, c_hi = S.alive, S.lower, S.c_lo, S.c_hi
    p = alive.shape[0]
    for r in range(bought.shape[0]):
        winner = bought[r]
        if not alive[winner]:
            return False
        alive[winner] = False
        for j in range(p):
            if not alive[j] or label[j] != label[winner] or lower[j] > theta[r]:
                continue
            status = _evaluate_cached(E, S, j)
            if status == NEED_EXACT:
                return False
            if status == UNAFFORDABLE:
                continue
            if c_lo[j] <= theta[r] and not (theta_rich[r] and least_rank[j] > least_rank[winner]):
                return False
        if _evaluate_cached(E, S, winner) != OK:
            return False
        next_theta[r] = c_hi[winner]
        next_rich[r] = _buy(E, S, winner)
    # The run ended: nothing left may be affordable at T.
    for j in range(p):
        if alive[j] and not certainly_unaffordable(E, S, j):
            return False
    return True


def overlaps(vptr, vproj, p):
    """For each project j, the projects supported by one of its supporters (j among them), as CSR arrays
    (ptr, idx): those whose price a purchase of j may change. ``vproj[vptr[v]:vptr[v+1]]`` is voter v's
    ballot.

    In NumPy, for the Python loops (``overlaps_loop`` compiled): every pair of entries of each ballot
    marks its two projects; with very long ballots (more than ``_OVERLAP_PAIRS`` pairs), with B the voters
    x projects 0/1 matrix, j and k overlap when (B^T B)[j, k] > 0, summed over blocks of voters (float32
    counts of 0/1 products: a sum of nonnegative terms is never zero once one term is not).
    """
    n = vptr.shape[0] - 1
    lengths = np.diff(vptr)
    voter = np.repeat(np.arange(n, dtype=np.int64), lengths)
    seen = np.zeros((p, p), dtype=np.bool_)
    reps = lengths[voter]
    if int(reps.sum()) <= _OVERLAP_PAIRS:
        first = np.repeat(np.arange(vproj.shape[0], dtype=np.int64), reps)
        offset = np.arange(first.shape[0], dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps)
        seen[vproj[first], vproj[vptr[voter[first]] + offset]] = True
    else:
        counts = np.zeros((p, p), dtype=np.float32)
        rows = max(1, _OVERLAP_CELLS // max(p, 1))
        for start in range(0, n, rows):
            stop = min(n, start + rows)
            a, b = vptr[start], vptr[stop]
            block = np.zeros((stop - start, p), dtype=np.float32)
            block[voter[a:b] - start, vproj[a:b]] = 1.0
            counts += block.T @ block
        seen = counts > 0
    ptr = np.zeros(p + 1, dtype=np.int64)
    np.cumsum(np.count_nonzero(seen, axis=1), out=ptr[1:])
    return ptr, np.nonzero(seen)[1].astype(np.int64)


_OVERLAP_PAIRS = 8_000_000
"""Pairs of ballot entries up to which ``overlaps`` lists them (3 arrays of int64: 192 MB at most)."""
_OVERLAP_CELLS = 1 << 22
"""Cells of one block of the matrix product in ``overlaps`` (16 MB of float32)."""


def overlaps_loop(vptr, vproj, p):
    seen = np.zeros((p, p), dtype=np.bool_)
    for v in range(vptr.shape[0] - 1):
        for x in range(vptr[v], vptr[v + 1]):
            row = seen[vproj[x]]
            for y in range(vptr[v], vptr[v + 1]):
                row[vproj[y]] = True
    ptr = np.zeros(p + 1, dtype=np.int64)
    for j in range(p):
        ptr[j + 1] = ptr[j] + np.count_nonzero(seen[j])
    idx = np.empty(ptr[p], dtype=np.int64)
    for j in range(p):
        idx[ptr[j] : ptr[j + 1]] = np.flatnonzero(seen[j])
    return ptr, idx
