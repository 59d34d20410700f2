"""The anonymised Pabulib export of a count: shuffled ballots, random voter ids, k-anonymous profile columns.

What the file may tell about a voter: nothing but the ballot, and sex and age group only where every
group of ballots sharing the published values holds at least K_ANONYMITY ballots (so nobody can be singled
out by what neighbours know about them). The combination (sex, age group) is tried first, then sex alone,
then age group alone, then neither: a column that would make a group smaller than K_ANONYMITY is
dropped. Ballots without the value ("" in the file) form a group of their own and must be large enough
too. Village, channel and date are never exported. Ballots are shuffled with the system's CSPRNG and get
random ids, so the file's order says nothing about when or how a ballot was cast.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kenesh.pb.election import CountBallot, CountProject, election_build
from kenesh.tally.model import Election
from kenesh.tally.pabulib import write_pabulib

K_ANONYMITY = 5
"""The least number of ballots that may share a published profile (the results page uses it too)."""

PROFILE_COLUMNS = ("sex", "age_group")
"""VOTES columns the export may carry, in the order they are tried together (then one by one)."""

PABULIB_SEX = {"f": "F", "m": "M"}
"""Pabulib writes sex as F and M."""

VOTER_ID_BYTES = 5


@dataclass(frozen=True)
class ExportInfo:
    """META of the export (Pabulib's required keys and ours), as plain data."""

    description: str
    unit: str
    instance: str
    rule: str
    date_begin: str = ""
    date_end: str = ""
    subunit: str = ""
    extra: tuple[tuple[str, str], ...] = ()


def profile_value(ballot: CountBallot, column: str) -> str:
    if column == "sex":
        return PABULIB_SEX.get(ballot.sex, "")
    if column == "age_group":
        return ballot.age_group
    raise KeyError(column)


def k_anonymous_columns(ballots: Sequence[CountBallot], k: int = K_ANONYMITY) -> tuple[str, ...]:
    """The profile columns that keep every group of ballots with equal published values at k or more."""
    # A column nobody filled in tells nothing and is not published.
    filled = tuple(c for c in PROFILE_COLUMNS if any(profile_value(b, c) for b in ballots))
    candidates: list[tuple[str, ...]] = [filled, *((c,) for c in filled)] if filled else []
    for columns in candidates:
        groups = Counter(tuple(profile_value(b, c) for c in columns) for b in ballots)
        if all(size >= k for size in groups.values()):
            return columns
    return ()


def random_voter_ids(n: int) -> list[str]:
    """n distinct random ids (10 hex digits each)."""
    ids: set[str] = set()
    while len(ids) < n:
        ids.add(secrets.token_hex(VOTER_ID_BYTES))
    out = list(ids)
    secrets.SystemRandom().shuffle(out)
    return out


def export_election(
    *,
    info: ExportInfo,
    ballot_format: str,
    budget: Decimal,
    projects: Sequence[CountProject],
    ballots: Sequence[CountBallot],
    limits: dict[str, str] | None = None,
    ranked_top: int | None = None,
) -> Election:
    """The election to publish: ballots shuffled, random voter ids, k-anonymous profile columns.

    ``limits`` are the ballot's META limits (min_length, max_length, max_sum_cost, max_sum_points, ...).
    Ranked ballots are published as the points they were counted with (see kenesh.pb.election), and the
    META comment says how places became points (``ranked_top`` = k, default: the number of projects).
    """
    shuffled = list(ballots)
    secrets.SystemRandom().shuffle(shuffled)
    columns = k_anonymous_columns(shuffled)
    meta: dict[str, str] = {
        "description": info.description,
        "country": "Kyrgyzstan",
        "unit": info.unit,
    }
    if info.subunit:
        meta["subunit"] = info.subunit
    meta.update(
        {
            "instance": info.instance,
            "num_projects": str(len(projects)),
            "num_votes": str(len(shuffled)),
            "budget": "",
            "vote_type": "",
            "rule": info.rule,
            "date_begin": info.date_begin,
            "date_end": info.date_end,
            "currency": "KGS",
            "language": "ky,ru",
            "comment": "Anonymised by Kenesh: ballots shuffled, random voter ids; "
            f"sex and age group only where every group keeps at least {K_ANONYMITY} ballots."
            + (ranked_comment(ranked_top or len(projects)) if ballot_format == "ranked" else ""),
        }
    )
    meta.update(limits or {})
    meta.update(dict(info.extra))
    # Pabulib leaves out what is not known (a date not planned) rather than writing an empty value.
    meta = {key: value for key, value in meta.items() if value or key in ("budget", "vote_type")}
    return election_build(
        ballot_format=ballot_format,
        budget=budget,
        projects=projects,
        ballots=shuffled,
        meta=meta,
        voter_ids=random_voter_ids(len(shuffled)),
        voter_columns={c: [profile_value(b, c) for b in shuffled] for c in columns},
        ranked_top=ranked_top,
    )


def ranked_comment(top: int) -> str:
    """How a ranked ballot's places became the exported points (Pabulib has no top-k ordinal scoring)."""
    return (
        f" Ranked ballots (top {top}) are published and counted as points: place 1 = {top} points, "
        f"place 2 = {top - 1}, ..., place {top} = 1 (vote_type cumulative)."
        if top > 1
        else " Ranked ballots (top 1) are published and counted as points: place 1 = 1 point."
    )


def export_text(election: Election) -> str:
    """The Pabulib text of an export (UTF-8, ``\\n`` line ends)."""
    return write_pabulib(election)
