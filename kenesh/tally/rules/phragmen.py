"""Sequential Phragmén, as pabutools ``sequential_phragmen`` computes it, with every comparison exact.

Voters earn virtual money continuously; a project is bought as soon as its supporters together hold its
cost, and each of them is then charged so that all carry the same load. In each round the project whose
purchase leads to the smallest maximal load is bought; the rule stops (it does not skip) as soon as one
of the projects tied for that smallest load does not fit in what is left of the budget. Projects dearer
than the whole budget are never considered; projects nobody approves come last, at an infinite load.

Loads are exact fractions. All voters of one "load group" (those whose last purchase was the same project)
share one value, so a round computes each project's load in floating point (vectorised over ballots),
keeps only the projects that rounding could make the best, and decides among them with Fractions.
Explanation rows (see ``kenesh.tally.rules.greedy`` for the common shape) add ``max_load``: the load, in
som per voter, that buying the project would give its supporters (the value at which it was bought).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election, Outcome, TallyError, exact_json
from kenesh.tally.rules._common import build_outcome, lex_rank, money_json, support_counts

# A project whose float load is within this relative distance of the smallest is checked exactly. A float
# sum of k non-negative terms is within k * 2**-53 of the truth (relative), far inside this for k below
# 10**6; _Phragmen widens it for larger profiles.
_TOLERANCE = 1e-9


def phragmen(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """Sequential Phragmén (approval and choose-1 ballots only; ``sat`` is not used)."""
    if election.vote_type not in ("approval", "choose-1"):
        raise TallyError(f"sequential Phragmén needs approval ballots, not {election.vote_type}")
    return _Phragmen(election).run(explain)


class _Phragmen:
    def __init__(self, election: Election):
        self.e = election
        self.costs = [int(c) for c in election.costs]
        self.scores = support_counts(election)
        self.rank = lex_rank(election)
        self.weights = election.ballot_weights()
        lengths = np.diff(election.indptr)
        entry_ballot = np.repeat(np.arange(election.n_ballots, dtype=np.int64), lengths)
        # Ballot rows supporting each project, one project after the other, for every per-project sum.
        by_project = np.argsort(election.indices, kind="stable")
        self.supporters_flat = entry_ballot[by_project]
        self.supporters_ptr = np.searchsorted(
            election.indices[by_project], np.arange(election.n_projects + 1)
        )
        self.float_weights = self.weights.astype(np.float64)
        self.supported = np.flatnonzero(np.diff(self.supporters_ptr) > 0)
        self.group = np.zeros(election.n_ballots, dtype=np.int64)
        self.group_value: list[Fraction] = [Fraction(0)]
        self.group_float = np.zeros(1, dtype=np.float64)
        self.tolerance = max(_TOLERANCE, 8 * (len(election.indices) + 2) * 2.0**-53)

    def supporters(self, j: int) -> np.ndarray:
        return self.supporters_flat[self.supporters_ptr[j] : self.supporters_ptr[j + 1]]

    def exact_load(self, j: int) -> Fraction | None:
        """The maximal load buying j gives its supporters (None: nobody approves j, an infinite load)."""
        if self.scores[j] == 0:
            return None
        ballots = self.supporters(j)
        counts = np.bincount(self.group[ballots], weights=self.weights[ballots], minlength=1)
        held = sum((int(c) * self.group_value[g] for g, c in enumerate(counts.tolist()) if c), Fraction(0))
        return (held + self.costs[j]) / self.scores[j]

    def float_loads(self, remaining: list[int]) -> np.ndarray:
        ballot_load = self.group_float[self.group] * self.float_weights
        held = np.zeros(self.e.n_projects, dtype=np.float64)
        if len(self.supported):
            sums = np.add.reduceat(ballot_load[self.supporters_flat], self.supporters_ptr[self.supported])
            held[self.supported] = sums
        idx = np.array(remaining, dtype=np.int64)
        scores = np.array([self.scores[j] for j in remaining], dtype=np.float64)
        costs = np.array([self.costs[j] for j in remaining], dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            loads = (held[idx] + costs) / scores
        loads[scores == 0] = np.inf
        return loads

    def best(self, remaining: list[int]) -> tuple[Fraction | None, list[int]]:
        """The smallest exact load among `remaining` and the projects reaching it (in tie-break order)."""
        loads = self.float_loads(remaining)
        low = float(loads.min())
        if low == np.inf:
            tied = list(remaining)
            value: Fraction | None = None
        else:
            close = [remaining[k] for k in np.flatnonzero(loads <= low + low * self.tolerance).tolist()]
            exact = {j: self.exact_load(j) for j in close}
            finite = [v for v in exact.values() if v is not None]
            value = min(finite)
            tied = [j for j in close if exact[j] == value]
        tied.sort(key=lambda j: self.rank[j])
        return value, tied

    def run(self, explain: bool) -> Outcome:
        e = self.e
        remaining = [j for j in range(e.n_projects) if self.costs[j] <= e.budget_scaled]
        left = e.budget_scaled
        selected: list[int] = []
        rows: list[dict[str, Any]] = []
        stop_rows: list[dict[str, Any]] = []
        while remaining:
            value, tied = self.best(remaining)
            if any(self.costs[j] > left for j in tied):
                stop_rows = self.stop_rows(remaining, tied, left) if explain else []
                break
            j = tied[0]
            if explain:
                rows.append(self.row(j, len(rows) + 1, value, left, "selected"))
            if value is not None:
                self.group[self.supporters(j)] = len(self.group_value)
                self.group_value.append(value)
                self.group_float = np.append(self.group_float, float(value))
            selected.append(j)
            remaining.remove(j)
            left -= self.costs[j]
        if explain:
            rows.extend(stop_rows)
            too_dear = sorted(
                (j for j in range(e.n_projects) if self.costs[j] > e.budget_scaled),
                key=lambda j: self.rank[j],
            )
            for j in too_dear:
                rows.append(self.row(j, len(rows) + 1, None, None, "exceeds_budget"))
            for position, row in enumerate(rows, start=1):
                row["rank"] = position
        return build_outcome(e, "phragmen", selected, rows=rows, explain=explain)

    def stop_rows(self, remaining: list[int], tied: list[int], left: int) -> list[dict[str, Any]]:
        """Rows for the projects not bought when the rule stops, by the load they would have given."""
        loads = {j: self.exact_load(j) for j in remaining}
        order = sorted(remaining, key=lambda j: (loads[j] is None, loads[j] or 0, self.rank[j]))
        rows = []
        for j in order:
            if j in tied and self.costs[j] > left:
                rows.append(self.row(j, 0, loads[j], left, "stopped_does_not_fit"))
            else:
                rows.append(self.row(j, 0, loads[j], None, "stopped_before"))
        return rows

    def row(self, j: int, rank: int, load: Fraction | None, left: int | None, reason: str) -> dict[str, Any]:
        e = self.e
        return {
            "project": e.project_ids[j],
            "selected": reason == "selected",
            "rank": rank,
            "score": self.scores[j],
            "max_load": None
            if reason == "exceeds_budget"
            else "inf"
            if load is None
            else exact_json(load / e.money_scale),
            "cost": money_json(e, self.costs[j]),
            "money_left_before": None if left is None else money_json(e, left),
            "reason": reason,
        }
