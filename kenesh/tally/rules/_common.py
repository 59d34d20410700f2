"""Helpers shared by the rule modules: tie-break order, exact per-project totals, outcome building."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election, Outcome, exact_json
from kenesh.tally.satisfaction import utility_unit

_INT64_SAFE = 2**62

REASONS = (
    "selected",
    "skipped_does_not_fit",
    "stopped_does_not_fit",
    "stopped_before",
    "below_threshold",
    "exceeds_budget",
    "no_support",
    "not_in_optimum",
)
"""Every reason code a greedy, Phragmén or max-welfare explanation row may carry (meanings in
``kenesh.tally.rules.greedy``; MES has its own, in ``kenesh.tally.explain``)."""


def lex_rank(election: Election) -> list[int]:
    """rank[j] = position of project j when ids are sorted as strings (the tie-break: smaller goes first)."""
    order = sorted(range(election.n_projects), key=lambda j: election.project_ids[j])
    rank = [0] * election.n_projects
    for position, j in enumerate(order):
        rank[j] = position
    return rank


def entry_weights(election: Election) -> np.ndarray:
    """int64 weight of each ballot entry: the multiplicity of the ballot row it belongs to."""
    lengths = np.diff(election.indptr)
    return np.repeat(election.ballot_weights(), lengths)


def project_totals(election: Election, values: np.ndarray) -> list[int]:
    """Exact weighted sum per project of an int64 value per ballot entry, as Python ints.

    Adds in int64 when no partial sum can overflow, otherwise in Python ints (slow, but never wrong).
    """
    weights = entry_weights(election)
    n = election.n_projects
    if len(values) == 0:
        return [0] * n
    bound = int(np.abs(values).max()) * int(weights.sum())
    if bound < _INT64_SAFE:
        totals = np.zeros(n, dtype=np.int64)
        np.add.at(totals, election.indices, values.astype(np.int64) * weights)
        return [int(x) for x in totals]
    exact = [0] * n
    for j, v, w in zip(election.indices.tolist(), values.tolist(), weights.tolist(), strict=True):
        exact[j] += v * w
    return exact


def support_counts(election: Election) -> list[int]:
    """Number of voters (counting merged weights) whose ballot lists each project."""
    return project_totals(election, np.ones(len(election.indices), dtype=np.int64))


def money_json(election: Election, scaled: int) -> int | str:
    """An amount in units of 1/money_scale, as exact som."""
    return exact_json(Fraction(scaled, election.money_scale))


def welfare_details(
    election: Election, sat: str, totals: list[int], selected: Sequence[int]
) -> dict[str, Any]:
    """``Outcome.details`` of a rule that measures satisfaction: the measure, and the exact total
    satisfaction of the projects bought (``totals`` per project, in units of ``utility_unit``)."""
    welfare = Fraction(sum(totals[j] for j in selected), utility_unit(election, sat))
    return {"sat": sat, "welfare": exact_json(welfare)}


def build_outcome(
    election: Election,
    rule: str,
    selected: Sequence[int],
    *,
    rows: list[dict[str, Any]] | None = None,
    explain: bool = False,
    details: dict[str, Any] | None = None,
) -> Outcome:
    """An Outcome for project indices `selected` (in purchase order); rows become the explanation."""
    total = sum(int(election.costs[j]) for j in selected)
    explanation = None
    if explain:
        explanation = {"rule": rule, "projects": rows or []}
    return Outcome(
        rule=rule,
        selected=[election.project_ids[j] for j in selected],
        total_cost=Fraction(total, election.money_scale),
        budget=election.budget,
        explanation=explanation,
        details=dict(details or {}),
    )
