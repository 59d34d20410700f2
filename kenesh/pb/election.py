"""The counted election as plain data: projects and ballots become a kenesh.tally Election (no database).

Ballot formats map onto Pabulib vote types: approval and knapsack ballots are approval ballots (a knapsack
ballot is an approval ballot whose total cost was limited), cumulative ballots carry points, and ranked
(top-k) ballots are counted as points too: place 1 of k gets k points, place 2 gets k - 1, ..., place k
gets 1 (k = the process's max_choices, else the number of projects). Pabulib's ordinal satisfaction
(Borda, as pabutools: the last-ranked project gets 0) would make a ballot ranking one project count for
nothing; points keep every ranked project supported, the first most. The export says so in its META
`comment`, and is written as `vote_type;cumulative` with the points, so `--check` recounts exactly this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election

VOTE_TYPE_BY_FORMAT: dict[str, str] = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "ranked": "cumulative",
}
"""The Pabulib vote type of each BallotFormat value."""

TALLY_RULE_BY_RULE: dict[str, str] = {
    "equalshares/add1": "mes-add1",
    "greedy": "greedy",
}
"""The kenesh.tally rule of each CountingRule value (which is also its Pabulib META `rule`)."""

MONEY_PLACES = 2
"""Costs and budgets are Decimal(16, 2) som."""


class CountError(Exception):
    """The count cannot be made; ``code`` (stored on the Result) names why for the pages to translate."""

    def __init__(self, message: str, code: str = "engine"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CountProject:
    """A project on the ballot: its Pabulib id (the ballot number as text), cost and published fields."""

    project_id: str
    cost: Decimal
    name: str = ""
    category: str = ""


@dataclass(frozen=True)
class CountBallot:
    """One ballot as plain data: (project id, points) in the voter's order, and the profile snapshots.

    For ranked ballots the order is the ranking (first = most preferred) and `election_build` turns the
    places into points (their points here are ignored); points are 1 on approval and knapsack ballots.
    ``sex`` is "f", "m" or ""; ``age_group`` an AgeGroup value or "".
    """

    choices: tuple[tuple[str, int], ...]
    sex: str = ""
    age_group: str = ""


def vote_type_for(ballot_format: str) -> str:
    try:
        return VOTE_TYPE_BY_FORMAT[ballot_format]
    except KeyError:
        raise CountError(f"unknown ballot format {ballot_format!r}") from None


def tally_rule_for(rule: str) -> str:
    try:
        return TALLY_RULE_BY_RULE[rule]
    except KeyError:
        raise CountError(f"unknown counting rule {rule!r}") from None


def money_scale_for(amounts: Iterable[Decimal]) -> int:
    """1 when every amount is whole som, else 10 or 100 (the fewest decimal places that keep them exact)."""
    scale = 1
    for amount in amounts:
        while (amount * scale) % 1:
            scale *= 10
            if scale > 10**MONEY_PLACES:
                raise CountError(f"the amount {amount} has more than {MONEY_PLACES} decimal places")
    return scale


def election_build(
    *,
    ballot_format: str,
    budget: Decimal,
    projects: Sequence[CountProject],
    ballots: Sequence[CountBallot],
    meta: dict[str, str] | None = None,
    voter_ids: Sequence[str] | None = None,
    voter_columns: dict[str, list[str]] | None = None,
    ranked_top: int | None = None,
) -> Election:
    """A kenesh.tally Election from plain ballots, in the order given.

    Ranked ballots become points by place: ``ranked_top`` (k, default: the number of projects) for the
    first, k - 1 for the second, ..., 1 for place k (see `rank_points`).

    Choices naming a project not in ``projects``, and cumulative choices of 0 points, are left out (a
    ballot names only projects on the ballot: kenesh.pb.services checks that when it is cast). A project
    listed twice on one ballot keeps its first place. ``voter_columns`` are extra VOTES columns (sex,
    age) with one value per ballot; ``meta`` extra META keys in order (budget and vote_type are set here).
    """
    vote_type = vote_type_for(ballot_format)
    if not projects:
        raise CountError("no project is on the ballot", "no_projects")
    scale = money_scale_for([budget, *(p.cost for p in projects)])
    position = {p.project_id: j for j, p in enumerate(projects)}
    if len(position) != len(projects):
        raise CountError("two projects have the same number")
    with_points = vote_type == "cumulative"
    ranked = ballot_format == "ranked"
    top = ranked_top or len(projects)
    indptr = [0]
    indices: list[int] = []
    points: list[int] = []
    for ballot in ballots:
        seen: set[int] = set()
        for project_id, given in ballot.choices:
            j = position.get(project_id)
            value = rank_points(len(seen) + 1, top) if ranked else given
            if j is None or j in seen or (with_points and value <= 0):
                continue
            seen.add(j)
            indices.append(j)
            points.append(int(value))
        indptr.append(len(indices))
    full_meta: dict[str, str] = dict(meta or {})
    full_meta["budget"] = amount_text(budget)
    full_meta["vote_type"] = vote_type
    columns = {name: list(values) for name, values in (voter_columns or {}).items()}
    for name, values in columns.items():
        if len(values) != len(ballots):
            raise CountError(f"the VOTES column {name} has {len(values)} values for {len(ballots)} ballots")
    ids = list(voter_ids) if voter_ids is not None else [str(i) for i in range(1, len(ballots) + 1)]
    project_columns = ["project_id", "cost", "votes", *(["score"] if with_points else []), "name", "category"]
    project_columns.append("selected")
    votes = _vote_totals(len(projects), indices, None)
    scores = _vote_totals(len(projects), indices, points) if with_points else votes
    return Election(
        meta=full_meta,
        project_ids=[p.project_id for p in projects],
        costs=np.array([int(p.cost * scale) for p in projects], dtype=np.int64),
        budget_scaled=int(budget * scale),
        money_scale=scale,
        vote_type=vote_type,
        indptr=np.array(indptr, dtype=np.int64),
        indices=np.array(indices, dtype=np.int32),
        points=np.array(points, dtype=np.int64) if with_points else None,
        points_scale=1,
        weights=None,
        voter_ids=ids,
        project_columns=project_columns,
        project_fields=[
            {
                "project_id": p.project_id,
                "cost": amount_text(p.cost),
                "votes": str(votes[j]),
                **({"score": str(scores[j])} if with_points else {}),
                "name": one_line(p.name),
                "category": p.category,
                "selected": "0",
            }
            for j, p in enumerate(projects)
        ],
        voter_columns=["voter_id", "vote", *(["points"] if with_points else []), *columns],
        voter_fields=columns,
    )


def rank_points(place: int, top: int) -> int:
    """The points of a project ranked at `place` (1 = first) on a top-`top` ballot: top, top - 1, ..., 1.

    A ballot ranking more than `top` projects cannot be counted (`ballot_cast` never stores one).
    """
    if not 1 <= place <= top:
        raise CountError(f"a ranked ballot ranks more than {top} projects", "rank_beyond_top")
    return top + 1 - place


def ranked_top_of(process: Any, n_projects: int) -> int:
    """k of a ranked top-k ballot: the process's max_choices, else every project on the ballot."""
    return int(process.max_choices or n_projects)


def _vote_totals(n_projects: int, indices: list[int], points: list[int] | None) -> list[int]:
    totals = [0] * n_projects
    for k, j in enumerate(indices):
        totals[j] += points[k] if points is not None else 1
    return totals


def amount_text(amount: Decimal) -> str:
    """An amount without trailing zeros or exponent: Decimal("1500.00") -> "1500", "12.50" -> "12.5"."""
    text = format(amount.normalize(), "f")
    return text


def one_line(text: str) -> str:
    """Pabulib cannot carry a line break inside a value."""
    return " ".join(text.split())


def selected_mark(election: Election, selected: Iterable[str]) -> None:
    """Fill the PROJECTS `selected` column: 1 for the projects the rule chose, 0 for the others."""
    chosen = set(selected)
    for pid, fields in zip(election.project_ids, election.project_fields, strict=True):
        fields["selected"] = "1" if pid in chosen else "0"


def sha256_hex(text: str) -> str:
    """The SHA-256 digest of the export's UTF-8 bytes, as downloaded (what `sha256sum FILE` prints)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def som(value: Any) -> Decimal:
    """An exact engine amount (int, or "p/q") as som rounded to the tiyin (2 places) for display."""
    fraction = Fraction(value)
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(Decimal("0.01"))
