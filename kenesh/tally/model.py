"""The election model: an instance (budget, projects, costs) and a profile (ballots) as NumPy arrays.

Ballots are stored CSR-like, never as one Python object per ballot: ballot ``i`` lists the project
indices ``indices[indptr[i]:indptr[i+1]]`` in the order the voter gave them (which is the ranking for
ordinal ballots), with ``points`` aligned to ``indices`` for cumulative and scoring ballots. Identical
ballots may be merged into one row with a larger ``weights[i]``; every rule must give the same outcome
on a merged profile.

Money is exact: every cost and the budget are integers in units of ``1/money_scale`` som (``money_scale``
is a power of ten chosen so that the file's fractional amounts become whole). ``budget`` and
``project_cost(j)`` give the exact :class:`fractions.Fraction` back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")


class TallyError(Exception):
    """Base class of every error the counting engine raises on purpose."""


class PabulibError(TallyError):
    """A Pabulib file is malformed. ``line`` is 1-based (None when the problem is not on one line)."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass
class Election:
    """One participatory-budgeting election: META, PROJECTS and VOTES of a Pabulib file."""

    meta: dict[str, str]
    """META key/value pairs in file order, as strings (budget, vote_type, rule, ...)."""

    project_ids: list[str]
    """Project ids as strings, in file order; a project's index is its position here."""

    costs: np.ndarray
    """int64 costs in units of 1/money_scale, aligned with project_ids."""

    budget_scaled: int
    """The budget limit in units of 1/money_scale (a Python int: never overflows)."""

    money_scale: int
    """Power of ten by which file amounts were multiplied to become integers."""

    vote_type: str
    """One of VOTE_TYPES."""

    indptr: np.ndarray
    """int64, length n_ballots + 1."""

    indices: np.ndarray
    """int32 project indices, ballot after ballot, in the order the voter listed them."""

    points: np.ndarray | None = None
    """int64 points aligned with indices (cumulative/scoring), in units of 1/points_scale; else None."""

    points_scale: int = 1

    weights: np.ndarray | None = None
    """int64 multiplicity of each ballot row; None means every row counts once."""

    voter_ids: list[str] = field(default_factory=list)
    """Voter ids in file order (empty after merging identical ballots)."""

    project_columns: list[str] = field(default_factory=list)
    """PROJECTS header in file order (project_id, cost, and every optional column)."""

    project_fields: list[dict[str, str]] = field(default_factory=list)
    """Per project, every PROJECTS column as the file wrote it (kept for round-trip)."""

    voter_columns: list[str] = field(default_factory=list)
    """VOTES header in file order (voter_id, vote, points, age, sex, ...)."""

    voter_fields: dict[str, list[str]] = field(default_factory=dict)
    """Per optional VOTES column, the value of each ballot as written (after csv unquoting): not voter_id
    nor vote, nor points for cumulative and scoring votes (another vote type's points column is kept here)."""

    @property
    def n_projects(self) -> int:
        return len(self.project_ids)

    @property
    def n_ballots(self) -> int:
        """Number of ballot rows (merged rows count once; see n_voters)."""
        return len(self.indptr) - 1

    @property
    def n_voters(self) -> int:
        """Number of voters, counting the weight of merged rows."""
        return int(self.weights.sum()) if self.weights is not None else self.n_ballots

    @property
    def budget(self) -> Fraction:
        return Fraction(self.budget_scaled, self.money_scale)

    def project_cost(self, j: int) -> Fraction:
        return Fraction(int(self.costs[j]), self.money_scale)

    def ballot_weights(self) -> np.ndarray:
        """The int64 weight of every ballot row (ones when nothing was merged)."""
        if self.weights is None:
            return np.ones(self.n_ballots, dtype=np.int64)
        return self.weights

    def ballot(self, i: int) -> np.ndarray:
        """Project indices of ballot row i, in the voter's order."""
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def __eq__(self, other: object) -> bool:
        # The generated dataclass __eq__ would compare NumPy arrays with ``==`` and fail on their truth value.
        if not isinstance(other, Election):
            return NotImplemented
        return (
            self.meta == other.meta
            and list(self.meta) == list(other.meta)
            and self.project_ids == other.project_ids
            and _same_array(self.costs, other.costs)
            and self.budget_scaled == other.budget_scaled
            and self.money_scale == other.money_scale
            and self.vote_type == other.vote_type
            and _same_array(self.indptr, other.indptr)
            and _same_array(self.indices, other.indices)
            and _same_array(self.points, other.points)
            and self.points_scale == other.points_scale
            and _same_array(self.weights, other.weights)
            and self.voter_ids == other.voter_ids
            and self.project_columns == other.project_columns
            and self.project_fields == other.project_fields
            and self.voter_columns == other.voter_columns
            and self.voter_fields == other.voter_fields
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value


@dataclass
class Outcome:
    """The result of one rule on one election.

    ``selected`` lists project ids in the order the rule bought them. ``explanation`` is plain data (dicts,
    lists, strings, ints and Fractions-as-strings) that the web pages render in Kyrgyz and Russian and the
    CLI prints as JSON; its shape is documented in ``kenesh.tally.explain``.
    """

    rule: str
    selected: list[str]
    total_cost: Fraction
    budget: Fraction
    explanation: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "selected": list(self.selected),
            "total_cost": exact_json(self.total_cost),
            "budget": exact_json(self.budget),
        }
        data.update(self.details)
        if self.explanation is not None:
            data["explanation"] = self.explanation
        return data


def _same_array(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.shape == b.shape and bool(np.array_equal(a, b))


def exact_json(x: Fraction | int) -> int | str:
    """An exact JSON value: an int when whole, else the fraction 'p/q' as a string."""
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else str(x)
