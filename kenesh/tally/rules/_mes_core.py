"""The Method of Equal Shares engine: one run at a given per-voter budget, fast and exact.

A run follows pabutools' ``method_of_equal_shares`` (1.2.3) step by step. Every voter starts with the same
budget; in each round the project with the smallest price per unit of satisfaction ``rho`` is bought (ties:
smallest project id as a string), where ``rho`` is the least price at which the supporters can pay the
cost, each paying ``min(budget, rho * utility)``; a project whose supporters hold less than its cost is
out for good. Projects nobody supports never take part; a supported project that costs nothing is bought
first (pabutools puts it in the initial allocation).

Money is measured in units of ``1/(money_scale * n)`` som, where ``n`` is the number of voters, so that
the per-voter budget ``V/n`` (``V`` the virtual total in units of 1/money_scale) is the integer ``V`` and a
cost ``c`` is the integer ``c * n``.

Two engines give the same result:

- ``run_exact`` keeps every budget as a :class:`fractions.Fraction`, with voters grouped by equal budget
  (voters who supported the same bought projects usually hold the same amount). It is the reference.
- ``run_fast`` keeps budgets as float64 and tracks a rigorous bound on their error. Every decision a
  rounding error could flip is certified: a project's ``rho`` is enclosed in an interval by evaluating
  the supporters' payment function at both ends with its error bound; when two intervals overlap the
  prices are compared exactly (``rho = cost / sum of the paying supporters' utilities`` whenever every
  supporter either pays in full proportion or has exactly nothing left, the usual case of an exact tie);
  when anything cannot be certified, the run is redone by ``run_exact``. So floats choose nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from kenesh.tally.model import Election
from kenesh.tally.satisfaction import entry_utilities

_EPS = float(np.finfo(np.float64).eps)
_INT64_SAFE = 2**62
_TAUS = (1e-12, 1e-9, 1e-6)
"""Relative half-widths tried, in turn, for the certified interval around a float rho."""


class NeedExact(Exception):
    """A float decision could not be certified: the run must be redone exactly."""


@dataclass
class MesSetup:
    """Everything a run needs that does not depend on the budget, computed once per election and sat.

    Voters are ballot rows merged by what MES sees of them (the projects they support and their utility
    for each): such voters always hold the same budget, so a merged row with weight w is w voters.
    """

    election: Election
    sat: str
    n_voters: int
    ballot_voter: np.ndarray
    """For each ballot row of the election, its merged voter."""
    weights: np.ndarray
    """int64 weight (number of voters) of each merged voter."""
    vptr: np.ndarray
    """Merged voter v supports the projects vproj[vptr[v]:vptr[v+1]]."""
    vproj: np.ndarray
    sup_ptr: np.ndarray
    """Supporters of project j are entries sup_ptr[j]:sup_ptr[j+1] of the sup_* arrays."""
    sup_voter: np.ndarray
    sup_u: np.ndarray
    """int64 utility (> 0) of the supporter for the project."""
    sup_w: np.ndarray
    sup_uf: np.ndarray
    sup_wf: np.ndarray
    cost_n: list[int]
    """cost * n (exact ints), the cost in run units."""
    total_util: list[int]
    """Exact sum of weight * utility over each project's supporters."""
    supporters: list[int]
    """Number of supporting voters (weights counted)."""
    rank: list[int]
    """Position of each project in the tie-break order (project id as a string)."""
    eligible: list[int]
    """Projects MES may buy in rounds: somebody supports them and they cost something."""
    free: list[int]
    """Supported projects that cost nothing: bought before the first round, in file order."""
    int64_ok: list[bool]
    """Whether weight * utility sums of the project fit in int64."""
    umax: list[float]
    overlap: list[np.ndarray]
    """overlap[j]: the projects sharing a supporter with j (whose rho may change when j is bought)."""


_MERGE_CELLS = 20_000_000
"""Ballots are merged through a padded matrix of at most this many cells (else left unmerged)."""


def mes_setup(election: Election, sat: str) -> MesSetup:
    util = entry_utilities(election, sat)
    n_rows = election.n_ballots
    lengths = np.diff(election.indptr)
    row = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
    project = election.indices.astype(np.int64)
    p = election.n_projects
    # A project listed twice on one ballot counts once (pabutools reads ballots as sets or dicts).
    _, first = np.unique(row * max(p, 1) + project, return_index=True)
    keep = np.zeros(len(row), dtype=bool)
    keep[first] = True
    keep &= util > 0
    row, project, util = row[keep], project[keep], util[keep]
    order = np.lexsort((project, row))
    row, project, util = row[order], project[order], util[order]
    row_weights = election.ballot_weights().astype(np.int64)
    ballot_voter, rep = _merge_rows(row, project, util, n_rows, sat)
    n_merged = len(rep)
    weights = np.zeros(n_merged, dtype=np.int64)
    np.add.at(weights, ballot_voter, row_weights)
    # The merged voters' entries: those of each group's first row.
    is_rep = np.zeros(n_rows, dtype=bool)
    is_rep[rep] = True
    take = is_rep[row]
    voter = ballot_voter[row[take]]
    project, util = project[take], util[take]
    order = np.lexsort((project, voter))
    voter, project, util = voter[order], project[order], util[order]
    vptr = np.zeros(n_merged + 1, dtype=np.int64)
    np.cumsum(np.bincount(voter, minlength=n_merged), out=vptr[1:])
    vproj = project.copy()
    order = np.lexsort((voter, project))
    voter, project, util = voter[order], project[order], util[order]
    w = weights[voter]
    sup_ptr = np.zeros(p + 1, dtype=np.int64)
    np.cumsum(np.bincount(project, minlength=p), out=sup_ptr[1:])
    n = election.n_voters
    cost_n = [int(c) * n for c in election.costs]
    total_util: list[int] = []
    supporters: list[int] = []
    int64_ok: list[bool] = []
    umax: list[float] = []
    for j in range(p):
        a, b = int(sup_ptr[j]), int(sup_ptr[j + 1])
        uj, wj = util[a:b], w[a:b]
        if b > a:
            ok = int(uj.max()) * int(wj.sum()) < _INT64_SAFE
            total = int(np.dot(uj, wj)) if ok else sum(int(x) * int(y) for x, y in zip(uj, wj, strict=True))
            umax.append(float(uj.max()))
        else:
            ok, total = True, 0
            umax.append(0.0)
        int64_ok.append(ok)
        total_util.append(total)
        supporters.append(int(wj.sum()))
    ids = election.project_ids
    rank = [0] * p
    for pos, j in enumerate(sorted(range(p), key=lambda j: ids[j])):
        rank[j] = pos
    return MesSetup(
        election=election,
        sat=sat,
        n_voters=n,
        ballot_voter=ballot_voter,
        weights=weights,
        vptr=vptr,
        vproj=vproj,
        sup_ptr=sup_ptr,
        sup_voter=voter,
        sup_u=util,
        sup_w=w,
        sup_uf=util.astype(np.float64),
        sup_wf=w.astype(np.float64),
        cost_n=cost_n,
        total_util=total_util,
        supporters=supporters,
        rank=rank,
        eligible=[j for j in range(p) if total_util[j] > 0 and int(election.costs[j]) > 0],
        free=[j for j in range(p) if total_util[j] > 0 and int(election.costs[j]) == 0],
        int64_ok=int64_ok,
        umax=umax,
        overlap=_overlaps(vptr, vproj, voter, sup_ptr, p),
    )


def _merge_rows(
    row: np.ndarray, project: np.ndarray, util: np.ndarray, n_rows: int, sat: str
) -> tuple[np.ndarray, np.ndarray]:
    """Group ballot rows with the same (project, utility) entries: (group of each row, first row of each)."""
    lengths = np.bincount(row, minlength=n_rows)
    width = int(lengths.max()) if n_rows else 0
    if n_rows == 0 or n_rows * max(width, 1) > _MERGE_CELLS:
        ident = np.arange(n_rows, dtype=np.int64)
        return ident, ident
    if sat in ("cost", "card"):
        code = project
    else:
        _, code = np.unique(np.stack([project, util], axis=1), axis=0, return_inverse=True)
        code = code.reshape(-1).astype(np.int64)
    starts = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    matrix = np.full((n_rows, max(width, 1)), -1, dtype=np.int64)
    matrix[row, np.arange(len(row)) - starts[row]] = code
    # Sort rows (lexsort is stable: a group's first row in sorted order is its first in the file).
    order = np.lexsort(matrix.T[::-1])
    ordered = matrix[order]
    starts_group = np.ones(n_rows, dtype=bool)
    starts_group[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    group = np.empty(n_rows, dtype=np.int64)
    group[order] = np.cumsum(starts_group) - 1
    return group, order[starts_group].astype(np.int64)


def _overlaps(
    vptr: np.ndarray, vproj: np.ndarray, sup_voter: np.ndarray, sup_ptr: np.ndarray, p: int
) -> list[np.ndarray]:
    """For each project, the projects supported by at least one of its supporters."""
    result: list[np.ndarray] = []
    for j in range(p):
        sup = sup_voter[int(sup_ptr[j]) : int(sup_ptr[j + 1])]
        result.append(np.unique(vproj[_entries_of(vptr, sup)]))
    return result


def _entries_of(vptr: np.ndarray, voters: np.ndarray) -> np.ndarray:
    """Positions in vproj of all entries of the given merged voters, voter after voter."""
    starts = vptr[voters]
    lens = vptr[voters + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lens) - lens
    return np.repeat(starts - offsets, lens) + np.arange(total, dtype=np.int64)


@dataclass
class Purchase:
    """One round of a run: what was bought and at which exact price per unit of satisfaction."""

    project: int
    rho: Fraction | None
    """Exact rho in run money units per unit of utility (None: only known approximately, see rho_float)."""
    rho_float: float
    rho_hi: float = math.inf
    """A certified upper bound on the exact rho (as a float)."""
    all_rich: bool = False
    """Certainly every supporter paid rho * utility: rho is exactly cost / total utility, its least value."""


@dataclass
class MesRun:
    """The outcome of one run at one per-voter budget."""

    per_voter: int
    """The per-voter budget in run units (= the virtual total in units of 1/money_scale)."""
    selected: list[int]
    """Projects in the order bought (free projects first)."""
    purchases: list[Purchase]
    exact: bool
    """True when computed by run_exact (every rho is then exact)."""
    final_cls: np.ndarray | None = None
    """run_exact only: each merged voter's budget class at the end, indexing final_budgets."""
    final_budgets: list[Fraction] = field(default_factory=list)


# --- exact engine ----------------------------------------------------------------------------------------


class _ExactState:
    """Voters grouped by budget: cls[i] indexes budgets, a list of distinct exact amounts."""

    def __init__(self, setup: MesSetup, per_voter: int):
        self.setup = setup
        self.cls = np.zeros(len(setup.weights), dtype=np.int64)
        self.budgets: list[Fraction] = [Fraction(per_voter)]
        self.index: dict[Fraction, int] = {self.budgets[0]: 0}

    def class_of(self, amount: Fraction) -> int:
        k = self.index.get(amount)
        if k is None:
            k = len(self.budgets)
            self.budgets.append(amount)
            self.index[amount] = k
        return k

    def groups(self, j: int) -> tuple[np.ndarray, list[Fraction], list[int], list[int]]:
        """Supporters of j grouped by (budget class, utility): inverse map, budgets, utilities, weights."""
        s = self.setup
        a, b = int(s.sup_ptr[j]), int(s.sup_ptr[j + 1])
        cls = self.cls[s.sup_voter[a:b]]
        u = s.sup_u[a:b]
        if u.min() == u.max():
            keys, inverse = np.unique(cls, return_inverse=True)
            us = [int(u[0])] * len(keys)
            cl = keys.tolist()
        else:
            pairs, inverse = np.unique(np.stack([cls, u], axis=1), axis=0, return_inverse=True)
            cl = pairs[:, 0].tolist()
            us = [int(x) for x in pairs[:, 1]]
        inverse = inverse.reshape(-1)
        ws = np.bincount(inverse, weights=s.sup_wf[a:b], minlength=len(cl))
        if float(ws.sum()) < 2**52:
            wl = [int(x) for x in ws]
        else:
            wl = [0] * len(cl)
            for g, wv in zip(inverse.tolist(), s.sup_w[a:b].tolist(), strict=True):
                wl[g] += wv
        return inverse, [self.budgets[c] for c in cl], us, wl


def exact_rho(cost: int, budgets: list[Fraction], utils: list[int], weights: list[int]) -> Fraction | None:
    """The least rho with sum(w * min(b, rho * u)) = cost, or None when the supporters cannot pay."""
    if sum((w * b for b, w in zip(budgets, weights, strict=True)), Fraction(0)) < cost:
        return None
    order = sorted(range(len(budgets)), key=lambda g: budgets[g] / utils[g])
    paid = Fraction(0)
    denominator = sum(w * u for u, w in zip(utils, weights, strict=True))
    for g in order:
        rho = (cost - paid) / denominator
        if rho * utils[g] <= budgets[g]:
            return rho
        paid += weights[g] * budgets[g]
        denominator -= weights[g] * utils[g]
    raise AssertionError("an affordable project always has a price")  # pragma: no cover


def run_exact(setup: MesSetup, per_voter: int, *, trace: list[dict[str, object]] | None = None) -> MesRun:
    """MES with exact rationals. With ``trace``, append per round what explanations need."""
    state = _ExactState(setup, per_voter)
    remaining = set(setup.eligible)
    lower = {j: Fraction(setup.cost_n[j], setup.total_util[j]) for j in remaining}
    purchases: list[Purchase] = []
    while remaining:
        best: Fraction | None = None
        tied: list[int] = []
        found: dict[int, tuple[np.ndarray, list[Fraction], list[int], list[int]]] = {}
        for j in sorted(remaining, key=lambda j: (lower[j], setup.rank[j])):
            if best is not None and lower[j] > best:
                break
            groups = state.groups(j)
            rho = exact_rho(setup.cost_n[j], groups[1], groups[2], groups[3])
            if rho is None:
                remaining.discard(j)
                continue
            lower[j] = rho
            found[j] = groups
            if best is None or rho < best:
                best, tied = rho, [j]
            elif rho == best:
                tied.append(j)
        if best is None:
            break
        winner = min(tied, key=lambda j: setup.rank[j])
        if trace is not None:
            trace.append(_trace_round(setup, state, winner, best))
        inverse, budgets, utils, _ = found[winner]
        new_class = [
            state.class_of(max(Fraction(0), b - best * u)) for b, u in zip(budgets, utils, strict=True)
        ]
        a, b = int(setup.sup_ptr[winner]), int(setup.sup_ptr[winner + 1])
        state.cls[setup.sup_voter[a:b]] = np.asarray(new_class, dtype=np.int64)[inverse]
        remaining.discard(winner)
        all_rich = best * setup.total_util[winner] == setup.cost_n[winner]
        purchases.append(Purchase(winner, best, float(best), float(best) * (1 + 4 * _EPS), all_rich))
    selected = list(setup.free) + [p.project for p in purchases]
    return MesRun(per_voter, selected, purchases, True, state.cls, state.budgets)


def _trace_round(setup: MesSetup, state: _ExactState, winner: int, rho: Fraction) -> dict[str, object]:
    """Exact budgets of every voter class at the start of a round (for explanations)."""
    budgets = list(state.budgets)
    as_float = np.asarray([float(b) for b in budgets])
    return {
        "winner": winner,
        "rho": rho,
        "cls": state.cls.copy(),
        "budgets": budgets,
        "budgets_float": as_float,
    }


# --- fast engine -----------------------------------------------------------------------------------------


@dataclass
class _Eval:
    lo: float
    hi: float
    rho: float
    exact: Fraction | None = None
    exact_tried: bool = False


def run_fast(setup: MesSetup, per_voter: int) -> MesRun:
    """MES with float budgets and certified decisions; falls back to run_exact when it cannot certify."""
    try:
        return _run_fast(setup, per_voter)
    except NeedExact:
        return run_exact(setup, per_voter)


@dataclass
class FloatStart:
    """The state of a certified float run before its first round (shared with _mes_plateau's check)."""

    budget: np.ndarray
    error: np.ndarray
    """error[i] bounds |budget[i] - exact budget of voter i|."""
    zero: np.ndarray
    """zero[i]: the exact budget of voter i is 0."""
    alive: np.ndarray
    lower: np.ndarray
    """A lower bound on each project's rho (cost / total utility at the start)."""


def float_start(s: MesSetup, per_voter: int) -> FloatStart:
    p = s.election.n_projects
    b0 = float(per_voter)
    alive = np.zeros(p, dtype=bool)
    alive[s.eligible] = True
    lower = np.full(p, math.inf)
    for j in s.eligible:
        lower[j] = s.cost_n[j] / s.total_util[j] * (1 - 4 * _EPS)
    return FloatStart(
        budget=np.full(len(s.weights), b0),
        error=np.full(len(s.weights), 0.0 if per_voter < 2**53 else _EPS * b0),
        zero=np.zeros(len(s.weights), dtype=bool),
        alive=alive,
        lower=lower,
    )


def charge_supporters(
    s: MesSetup, winner: int, ev: _Eval, budget: np.ndarray, error: np.ndarray, zero: np.ndarray
) -> bool:
    """Make the winner's supporters pay rho (in place); return whether every one of them certainly could.

    Certainly poor voters pay all they have: exactly zero is left. The others keep max(0, b - pay), within
    error + u * (hi - lo) + rounding of their exact budget.
    """
    a, b = int(s.sup_ptr[winner]), int(s.sup_ptr[winner + 1])
    sup = s.sup_voter[a:b]
    u = s.sup_uf[a:b]
    bs = budget[sup]
    es = error[sup]
    poor = (bs + es < ev.lo * u * (1 - 4 * _EPS)) | zero[sup]
    all_rich = bool((bs - es >= ev.hi * u * (1 + 4 * _EPS)).all())
    budget[sup] = np.where(poor, 0.0, np.maximum(bs - ev.rho * u, 0.0))
    error[sup] = np.where(poor, 0.0, es * (1 + 4 * _EPS) + u * (ev.hi - ev.lo) * 1.01 + 4 * _EPS * bs)
    zero[sup] = poor
    return all_rich


def _run_fast(setup: MesSetup, per_voter: int) -> MesRun:
    s = setup
    start = float_start(s, per_voter)
    budget, error, zero, alive, lower = start.budget, start.error, start.zero, start.alive, start.lower
    cache: dict[int, _Eval] = {}
    purchases: list[Purchase] = []
    while True:
        candidates = np.flatnonzero(alive)
        if len(candidates) == 0:
            break
        best_hi = math.inf
        evaluated: list[int] = []
        for j in candidates[np.argsort(lower[candidates], kind="stable")].tolist():
            if lower[j] > best_hi:
                break
            ev = cache.get(j)
            if ev is None:
                ev = _evaluate(s, j, budget, error, float(lower[j]))
                if ev is None:
                    alive[j] = False
                    continue
                cache[j] = ev
                lower[j] = max(lower[j], ev.lo)
            evaluated.append(j)
            best_hi = min(best_hi, ev.hi)
        if not evaluated:
            break
        contenders = [j for j in evaluated if cache[j].lo <= best_hi]
        if len(contenders) == 1:
            winner = contenders[0]
        else:
            exacts = {}
            for j in contenders:
                ex = _exact_from_certificate(s, j, cache[j], budget, error, zero)
                if ex is None:
                    raise NeedExact
                exacts[j] = ex
            least = min(exacts.values())
            winner = min((j for j in contenders if exacts[j] == least), key=lambda j: s.rank[j])
        ev = cache[winner]
        all_rich = charge_supporters(s, winner, ev, budget, error, zero)
        alive[winner] = False
        purchases.append(Purchase(winner, ev.exact, ev.rho, ev.hi, all_rich))
        for k in s.overlap[winner].tolist():
            cache.pop(k, None)
    return MesRun(per_voter, list(s.free) + [p.project for p in purchases], purchases, False)


def _sum_error(m: int, magnitude: float) -> float:
    """A bound on the rounding error of NumPy's pairwise sum of m products of magnitude sum `magnitude`."""
    return (math.log2(m + 1) + 24) * _EPS * magnitude


def _evaluate(s: MesSetup, j: int, budget: np.ndarray, error: np.ndarray, start: float) -> _Eval | None:
    """Certified interval for project j's rho, or None when its supporters certainly cannot pay.

    ``start`` is a lower bound on rho (its value at an earlier round).
    """
    a, b = int(s.sup_ptr[j]), int(s.sup_ptr[j + 1])
    m = b - a
    sup = s.sup_voter[a:b]
    w = s.sup_wf[a:b]
    u = s.sup_uf[a:b]
    bs = budget[sup]
    es = error[sup]
    cost = float(s.cost_n[j])
    wb = w * bs
    available = float(wb.sum())
    err = 1.01 * float(np.dot(w, es)) + _sum_error(m, available) + 2 * _EPS * cost
    if available + err < cost:
        return None
    if available - err < cost:
        raise NeedExact
    wu = w * u
    found = _price_by_iteration(cost, bs, u, wb, wu, start)
    rho, slope = found if found is not None else _price_by_sorting(cost, bs, u, w)
    # Only voters who may pay their whole budget near rho carry their budget error into f(rho).
    near = bs - es < rho * u * (1 + 2e-3)
    err = 1.01 * float(np.dot(w[near], es[near])) + _sum_error(m, 2 * cost) + 2 * _EPS * cost
    tau = 4 * err / (rho * slope) + 16 * _EPS
    for _ in range(3):
        if tau > 1e-3:
            break
        lo, hi = rho * (1 - tau), rho * (1 + tau)
        f_lo = float(np.sum(w * np.minimum(bs, lo * u)))
        f_hi = float(np.sum(w * np.minimum(bs, hi * u)))
        if f_lo + err < cost and f_hi - err >= cost:
            return _Eval(lo, hi, rho)
        tau *= 100
    raise NeedExact


def _price_by_iteration(
    cost: float, b: np.ndarray, u: np.ndarray, wb: np.ndarray, wu: np.ndarray, start: float
) -> tuple[float, float] | None:
    """(rho, slope) by the poor/rich fixed point from a lower bound, or None if it does not settle soon.

    From rho <= rho*, the voters who cannot pay rho * u are poor at rho* too, so the price at which the
    others cover the rest is again <= rho*; the poor set only grows and rho stops at rho* once it is
    stable. Usually two or three passes, against a sort of all supporters.
    """
    rho = start
    total = float(wu.sum())
    slope = total
    count = -1
    for _ in range(6):
        poor = b < rho * u
        now = int(np.count_nonzero(poor))
        if now == count:
            return rho, slope
        count = now
        slope = total - float(wu[poor].sum()) if now else total
        if slope <= 0:
            return None
        rho = max(rho, (cost - float(wb[poor].sum())) / slope)
    return None


def _price_by_sorting(cost: float, b: np.ndarray, u: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """(rho, slope): supporters by budget per utility, the first who can pay the equal-rate share."""
    ratio = b / u
    order = np.argsort(ratio, kind="stable")
    ws, us, bb, rs = w[order], u[order], b[order], ratio[order]
    wb = ws * bb
    paid = np.cumsum(wb) - wb
    denom = np.cumsum((ws * us)[::-1])[::-1]
    rhos = (cost - paid) / denom
    k = int(np.argmax(rhos <= rs))
    return float(rhos[k]), float(denom[k])


def _exact_from_certificate(
    s: MesSetup, j: int, ev: _Eval, budget: np.ndarray, error: np.ndarray, zero: np.ndarray
) -> Fraction | None:
    """Exact rho when every supporter certainly pays rho * utility or has exactly nothing left."""
    if ev.exact_tried:
        return ev.exact
    ev.exact_tried = True
    a, b = int(s.sup_ptr[j]), int(s.sup_ptr[j + 1])
    sup = s.sup_voter[a:b]
    u = s.sup_uf[a:b]
    rich = budget[sup] - error[sup] >= ev.hi * u * (1 + 4 * _EPS)
    if not (rich | zero[sup]).all():
        return None
    if s.int64_ok[j]:
        paying = int(np.dot(s.sup_u[a:b][rich], s.sup_w[a:b][rich]))
    else:
        paying = sum(int(x) * int(y) for x, y in zip(s.sup_u[a:b][rich], s.sup_w[a:b][rich], strict=True))
    ev.exact = Fraction(s.cost_n[j], paying)
    return ev.exact
