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
- ``run_fast`` keeps budgets as float64 and tracks a rigorous bound on their error, in loops compiled by
  Numba (``_mes_kernel``, ``_mes_jit``); the exact comparison of a close tie is made here. Every decision a
  rounding error could flip is certified: a project's ``rho`` is enclosed in an interval by evaluating
  the supporters' payment function at both ends with its error bound; when two intervals overlap the
  prices are compared exactly (``rho = cost / sum of the paying supporters' utilities`` whenever every
  supporter either pays in full proportion or has exactly nothing left, the usual case of an exact tie);
  when anything cannot be certified, the run is redone by ``run_exact``. So floats choose nothing. The
  loops run as Python or compiled, whichever costs less for the election (``_mes_loops``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from kenesh.tally.model import Election
from kenesh.tally.rules import _mes_kernel as kernel
from kenesh.tally.rules import _mes_loops
from kenesh.tally.rules._mes_kernel import RunState, Supports
from kenesh.tally.satisfaction import entry_utilities

_EPS = float(np.finfo(np.float64).eps)
_INT64_SAFE = 2**62


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
    least_price: np.ndarray
    """A float lower bound on each eligible project's rho: cost / total utility (inf for the others)."""
    least_rank: np.ndarray
    """Position of each eligible project by exact cost / total utility, then the tie-break order."""
    most_supporters: int
    """The longest list of supporters of a project (merged voters)."""
    kernel: Supports
    """The election as ``_mes_kernel`` reads it (its E): supporters, costs, and overlaps."""
    work: int
    """How much a float run has to look at (``_mes_loops.work_of``): what decides Python or compiled."""


_MERGE_CELLS = 20_000_000
"""Ballots are merged through a padded matrix of at most this many cells (else left unmerged)."""


def mes_setup(election: Election, sat: str) -> MesSetup:
    util = entry_utilities(election, sat)
    n_rows = election.n_ballots
    lengths = np.diff(election.indptr)
    row = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
    project = election.indices.astype(np.int64)
    p = election.n_projects
    # Row by row, each row's projects in order (usually so already in the file).
    key = row * max(p, 1) + project
    if len(key) > 1 and not bool(np.all(key[1:] >= key[:-1])):
        order = np.argsort(key, kind="stable")
        row, project, util = row[order], project[order], util[order]
    # A project listed twice on one ballot counts once (pabutools reads ballots as sets or dicts).
    keep = util > 0
    keep[1:] &= (row[1:] != row[:-1]) | (project[1:] != project[:-1])
    row, project, util = row[keep], project[keep], util[keep]
    row_weights = election.ballot_weights().astype(np.int64)
    ballot_voter, rep = _merge_rows(row, project, util, n_rows, sat)
    n_merged = len(rep)
    weights = np.zeros(n_merged, dtype=np.int64)
    np.add.at(weights, ballot_voter, row_weights)
    # The merged voters' entries, voter after voter: those of each group's first row.
    row_ptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n_rows), out=row_ptr[1:])
    starts, lengths = row_ptr[rep], row_ptr[rep + 1] - row_ptr[rep]
    vptr = np.zeros(n_merged + 1, dtype=np.int64)
    np.cumsum(lengths, out=vptr[1:])
    entries = np.repeat(starts - vptr[:-1], lengths) + np.arange(int(vptr[-1]), dtype=np.int64)
    vproj, util = project[entries], util[entries]
    voter = np.repeat(np.arange(n_merged, dtype=np.int64), lengths)
    # Project after project, voters in order within each (a stable radix sort when ids fit in 16 bits).
    order = np.argsort(vproj.astype(np.int16) if p < 2**15 else vproj, kind="stable")
    voter, project, util = voter[order], vproj[order], util[order]
    w = weights[voter]
    sup_ptr = np.zeros(p + 1, dtype=np.int64)
    np.cumsum(np.bincount(project, minlength=p), out=sup_ptr[1:])
    n = election.n_voters
    cost_n = [int(c) * n for c in election.costs]
    total_util: list[int] = []
    supporters: list[int] = []
    int64_ok: list[bool] = []
    for j in range(p):
        a, b = int(sup_ptr[j]), int(sup_ptr[j + 1])
        uj, wj = util[a:b], w[a:b]
        if b > a:
            ok = int(uj.max()) * int(wj.sum()) < _INT64_SAFE
            total = int(np.dot(uj, wj)) if ok else sum(int(x) * int(y) for x, y in zip(uj, wj, strict=True))
        else:
            ok, total = True, 0
        int64_ok.append(ok)
        total_util.append(total)
        supporters.append(int(wj.sum()))
    ids = election.project_ids
    rank = [0] * p
    for pos, j in enumerate(sorted(range(p), key=lambda j: ids[j])):
        rank[j] = pos
    eligible = [j for j in range(p) if total_util[j] > 0 and int(election.costs[j]) > 0]
    least_price = np.full(p, math.inf)
    least_rank = np.full(p, p, dtype=np.int64)
    for j in eligible:
        least_price[j] = cost_n[j] / total_util[j] * (1 - 4 * _EPS)
    for pos, j in enumerate(sorted(eligible, key=lambda j: (Fraction(cost_n[j], total_util[j]), rank[j]))):
        least_rank[j] = pos
    sup_uf, sup_wf = util.astype(np.float64), w.astype(np.float64)
    work = _mes_loops.work_of(len(voter), len(eligible))
    ov_ptr, ov_idx = _mes_loops.choose(work).overlaps(vptr, vproj, p)
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
        sup_uf=sup_uf,
        sup_wf=sup_wf,
        cost_n=cost_n,
        total_util=total_util,
        supporters=supporters,
        rank=rank,
        eligible=eligible,
        free=[j for j in range(p) if total_util[j] > 0 and int(election.costs[j]) == 0],
        int64_ok=int64_ok,
        least_price=least_price,
        least_rank=least_rank,
        most_supporters=int(np.diff(sup_ptr).max()) if p else 0,
        kernel=Supports(
            sup_ptr=sup_ptr,
            sup_voter=voter,
            sup_w=sup_wf,
            sup_u=sup_uf,
            cost=np.array([float(c) for c in cost_n]),
            ov_ptr=ov_ptr,
            ov_idx=ov_idx,
        ),
        work=work,
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


def run_fast(setup: MesSetup, per_voter: int) -> MesRun:
    """MES with float budgets and certified decisions; falls back to run_exact when it cannot certify."""
    try:
        return _run_fast(setup, per_voter)
    except NeedExact:
        return run_exact(setup, per_voter)


def float_state(s: MesSetup, per_voter: int) -> RunState:
    """The float engine's run state before the first round (``_mes_kernel``'s S) at a per-voter budget."""
    p = s.election.n_projects
    voters = len(s.weights)
    b0 = float(per_voter)
    alive = np.zeros(p, dtype=bool)
    alive[s.eligible] = True
    return RunState(
        budget=np.full(voters, b0),
        error=np.full(voters, 0.0 if per_voter < 2**53 else _EPS * b0),
        zero=np.zeros(voters, dtype=bool),
        alive=alive,
        lower=s.least_price.copy(),
        cached=np.zeros(p, dtype=bool),
        c_lo=np.zeros(p),
        c_hi=np.zeros(p),
        c_rho=np.zeros(p),
        bs=np.empty(s.most_supporters),
        es=np.empty(s.most_supporters),
    )


def _run_fast(s: MesSetup, per_voter: int) -> MesRun:
    state = float_state(s, per_voter)
    p = s.election.n_projects
    bought = np.zeros(p, dtype=np.int64)
    bought_rich = np.zeros(p, dtype=bool)
    n_bought = np.zeros(1, dtype=np.int64)
    contenders = np.zeros(p, dtype=np.int64)
    exact_at: dict[int, Fraction] = {}
    forced = -1
    loops = _mes_loops.choose(s.work)
    while True:
        began = time.perf_counter()
        status, count = loops.run_rounds(s.kernel, state, bought, bought_rich, n_bought, forced, contenders)
        _mes_loops.spent(loops, time.perf_counter() - began)
        if status == kernel.DONE:
            break
        if status == kernel.NEED_EXACT:
            raise NeedExact
        # A close tie: the contenders' prices compared exactly.
        exacts = {}
        for j in contenders[:count].tolist():
            exact = _exact_from_certificate(s, j, state)
            if exact is None:
                raise NeedExact
            exacts[j] = exact
        least = min(exacts.values())
        forced = min((j for j in exacts if exacts[j] == least), key=lambda j: s.rank[j])
        exact_at[int(n_bought[0])] = least
    rho, hi = state.c_rho, state.c_hi
    purchases = [
        Purchase(j, exact_at.get(k), float(rho[j]), float(hi[j]), bool(bought_rich[k]))
        for k, j in enumerate(bought[: int(n_bought[0])].tolist())
    ]
    return MesRun(per_voter, list(s.free) + [p.project for p in purchases], purchases, False)


def _exact_from_certificate(s: MesSetup, j: int, state: RunState) -> Fraction | None:
    """Exact rho when every supporter certainly pays rho * utility or has exactly nothing left."""
    budget, error, zero, hi = state.budget, state.error, state.zero, float(state.c_hi[j])
    a, b = int(s.sup_ptr[j]), int(s.sup_ptr[j + 1])
    sup = s.sup_voter[a:b]
    u = s.sup_uf[a:b]
    rich = budget[sup] - error[sup] >= hi * u * (1 + 4 * _EPS)
    if not (rich | zero[sup]).all():
        return None
    if s.int64_ok[j]:
        paying = int(np.dot(s.sup_u[a:b][rich], s.sup_w[a:b][rich]))
    else:
        paying = sum(int(x) * int(y) for x, y in zip(s.sup_u[a:b][rich], s.sup_w[a:b][rich], strict=True))
    return Fraction(s.cost_n[j], paying)
