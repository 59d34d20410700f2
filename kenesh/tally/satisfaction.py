"""Satisfaction measures, as pabutools defines them, as one exact integer per ballot entry.

``entry_utilities(election, sat)`` returns an int64 array aligned with ``election.indices``: what a voter
gains from the project at that position of their ballot. Every measure here is additive, so a voter's
satisfaction with a set of projects is the sum of these over the projects of the set on their ballot.
"""

from __future__ import annotations

import numpy as np

from kenesh.tally.model import Election, TallyError

SATISFACTIONS = ("cost", "card", "additive", "borda")
"""cost: the project's cost (pabutools Cost_Sat); card: 1 per project (Cardinality_Sat); additive: the
points given (Additive_Cardinal_Sat); borda: len(ballot) - position - 1 (Additive_Borda_Sat)."""


def default_satisfaction(vote_type: str) -> str:
    """pabutools' usual choice: cost for approval and choose-1, points for cumulative and scoring,
    Borda for ordinal."""
    if vote_type in ("approval", "choose-1"):
        return "cost"
    if vote_type in ("cumulative", "scoring"):
        return "additive"
    if vote_type == "ordinal":
        return "borda"
    raise TallyError(f"unknown vote type {vote_type!r}")


def entry_utilities(election: Election, sat: str) -> np.ndarray:
    """int64 utility of each ballot entry (units: 1/money_scale som for cost, 1/points_scale for points)."""
    if sat == "cost":
        return election.costs[election.indices].astype(np.int64)
    if sat == "card":
        return np.ones(len(election.indices), dtype=np.int64)
    if sat == "additive":
        if election.points is None:
            raise TallyError("the additive satisfaction needs points (a cumulative or scoring vote)")
        return election.points.astype(np.int64)
    if sat == "borda":
        lengths = np.diff(election.indptr)
        starts = np.repeat(election.indptr[:-1], lengths)
        position = np.arange(len(election.indices), dtype=np.int64) - starts
        return np.repeat(lengths, lengths).astype(np.int64) - position - 1
    raise TallyError(f"unknown satisfaction {sat!r}; expected one of {', '.join(SATISFACTIONS)}")


def utility_unit(election: Election, sat: str) -> int:
    """How many utility units make one unit of satisfaction (a som of cost, a point, a Borda point)."""
    if sat == "cost":
        return election.money_scale
    if sat == "additive":
        return election.points_scale
    return 1
