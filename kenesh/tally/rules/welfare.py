"""Maximum utilitarian welfare: the affordable set of projects with the largest total satisfaction, exactly.

pabutools (``max_additive_utilitarian_welfare``) hands this 0/1 knapsack to an ILP solver, whose choice
among equally good sets is arbitrary; ours is deterministic:

- a project that adds no satisfaction (nobody supports it) is never bought (reason ``no_support``);
- among the sets of maximal welfare we take the one that, going through the projects by id (as strings),
  includes each project whenever some maximal set that agrees with the earlier decisions includes it.

Two exact solvers: dynamic programming over cost when costs share a divisor that makes the budget a
small number of steps, otherwise depth-first branch and bound with the (integer-floored) LP bound.
Welfare values are Python ints (NumPy int64 in the DP only when no sum can overflow). Explanation rows
(shape in ``kenesh.tally.rules.greedy``) list the bought projects first, by id, with ``score`` the
satisfaction each brings; ``money_left_before`` is None, as the rule buys the set at once.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_right
from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election, Outcome, exact_json
from kenesh.tally.rules._common import (
    build_outcome,
    lex_rank,
    money_json,
    project_totals,
    welfare_details,
)
from kenesh.tally.satisfaction import default_satisfaction, entry_utilities, utility_unit

_DP_CELLS = 4_000_000
"""Largest DP table (items x capacity steps) we build; beyond it branch and bound is used."""

_INT64_SAFE = 2**62


def max_welfare(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """The budget-feasible set maximising the sum of the voters' satisfaction ``sat``."""
    sat = sat or default_satisfaction(election.vote_type)
    values = project_totals(election, entry_utilities(election, sat))
    costs = [int(c) for c in election.costs]
    rank = lex_rank(election)
    budget = election.budget_scaled
    # Candidates in tie-break order; free supported projects are in every optimum.
    candidates = sorted(
        (j for j in range(election.n_projects) if values[j] > 0 and costs[j] <= budget),
        key=lambda j: rank[j],
    )
    free = [j for j in candidates if costs[j] == 0]
    paid = [j for j in candidates if costs[j] > 0]
    chosen = set(free) | set(
        solve_knapsack([costs[j] for j in paid], [values[j] for j in paid], budget, paid)
    )
    selected = [j for j in candidates if j in chosen]
    unit = utility_unit(election, sat)
    rows: list[dict[str, Any]] = []
    if explain:
        rest = sorted((j for j in range(election.n_projects) if j not in chosen), key=lambda j: rank[j])
        for j in selected + rest:
            if j in chosen:
                reason = "selected"
            elif values[j] <= 0:
                reason = "no_support"
            elif costs[j] > budget:
                reason = "exceeds_budget"
            else:
                reason = "not_in_optimum"
            rows.append(
                {
                    "project": election.project_ids[j],
                    "selected": j in chosen,
                    "rank": len(rows) + 1,
                    "score": exact_json(Fraction(values[j], unit)),
                    "cost": money_json(election, costs[j]),
                    "money_left_before": None,
                    "reason": reason,
                }
            )
    return build_outcome(
        election,
        "max-welfare",
        selected,
        rows=rows,
        explain=explain,
        details=welfare_details(election, sat, values, selected),
    )


def solve_knapsack(costs: list[int], values: list[int], capacity: int, labels: list[int]) -> list[int]:
    """The labels of the lexicographically-first maximal-value subset (costs > 0, values > 0, both ints).

    Items are given in tie-break order; the subset includes item i whenever some optimal subset agreeing
    with the decisions on items 0..i-1 does.
    """
    n = len(costs)
    if n == 0:
        return []
    step = 0
    for c in costs:
        step = math.gcd(step, c)
    steps = capacity // step
    if n * (steps + 1) <= _DP_CELLS and sum(values) < _INT64_SAFE:
        picked = _dp([c // step for c in costs], values, steps)
    else:
        picked = _lexicographic_bb(costs, values, capacity)
    return [labels[i] for i in picked]


def _dp(costs: list[int], values: list[int], capacity: int) -> list[int]:
    n = len(costs)
    # best[i][x]: the most value items i.. can bring within capacity x.
    best = np.zeros((n + 1, capacity + 1), dtype=np.int64)
    for i in range(n - 1, -1, -1):
        best[i] = best[i + 1]
        c = costs[i]
        if c <= capacity:
            np.maximum(best[i, c:], best[i + 1, : capacity + 1 - c] + values[i], out=best[i, c:])
    picked = []
    x = capacity
    for i in range(n):
        if costs[i] <= x and int(best[i + 1, x - costs[i]]) + values[i] == int(best[i, x]):
            picked.append(i)
            x -= costs[i]
    return picked


def _lexicographic_bb(costs: list[int], values: list[int], capacity: int) -> list[int]:
    n = len(costs)
    target, current = _BranchAndBound(costs, values, list(range(n))).solve(capacity, None)
    decided_in: list[int] = []
    room = capacity
    need = target
    chosen = set(current)
    for i in range(n):
        if i not in chosen:
            if costs[i] > room:
                continue
            later = list(range(i + 1, n))
            found = _BranchAndBound(costs, values, later).solve(room - costs[i], need - values[i])
            if found[0] < need - values[i]:
                continue
            chosen = set(decided_in) | {i} | set(found[1])
        decided_in.append(i)
        room -= costs[i]
        need -= values[i]
    return decided_in


class _BranchAndBound:
    """Depth-first 0/1 knapsack over `items` (indices into costs/values), best value per cost first."""

    def __init__(self, costs: list[int], values: list[int], items: list[int]):
        order = sorted(items, key=lambda i: (-Fraction(values[i], costs[i]), i))
        self.items = order
        self.c = [costs[i] for i in order]
        self.w = [values[i] for i in order]
        self.pc = [0]
        self.pw = [0]
        for c, w in zip(self.c, self.w, strict=True):
            self.pc.append(self.pc[-1] + c)
            self.pw.append(self.pw[-1] + w)

    def bound(self, k: int, room: int) -> int:
        """Integer upper bound on what items k.. add within `room` (the LP relaxation, floored)."""
        t = bisect_right(self.pc, self.pc[k] + room) - 1
        value = self.pw[t] - self.pw[k]
        if t < len(self.c):
            value += self.w[t] * (room - (self.pc[t] - self.pc[k])) // self.c[t]
        return value

    def solve(self, capacity: int, goal: int | None) -> tuple[int, list[int]]:
        """The best (value, items) within capacity; with a goal, stop once it is reached and give up on
        branches that cannot reach it (then the value returned may be below the goal: none reaches it)."""
        n = len(self.c)
        best_value = -1
        best_set: list[int] = []
        path: list[int] = []
        floor = -1 if goal is None else goal - 1
        if self.bound(0, capacity) <= floor:
            return -1, []

        def visit(k: int, room: int, value: int) -> bool:
            nonlocal best_value, best_set, floor
            if value > best_value:
                best_value, best_set = value, list(path)
                if goal is not None and value >= goal:
                    return True
                floor = max(floor, value)
            if k == n or value + self.bound(k, room) <= floor:
                return False
            if self.c[k] <= room:
                path.append(self.items[k])
                if visit(k + 1, room - self.c[k], value + self.w[k]):
                    return True
                path.pop()
            return visit(k + 1, room, value)

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, n + 100))
        try:
            visit(0, capacity, 0)
        finally:
            sys.setrecursionlimit(limit)
        return best_value, best_set
