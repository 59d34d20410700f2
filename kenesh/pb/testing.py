"""Helpers for tests of participatory budgeting: a process, proposals on its ballot, voters and ballots.

from kenesh.pb.testing import process_make, proposal_make, ballot_make, voter_make
process = process_make(phase=Phase.VOTING, budget=Decimal(1000))
a, b = proposal_make(process, cost=600), proposal_make(process, cost=500)
ballot_make(process, [a, b])                      # stored directly, no validation (for counting tests)
ballot_make(process, {a: 3, b: 7})                # cumulative points
ballot_make(process, [b, a], ranked=True)         # ranks 1, 2
voter = voter_make(process)                       # a verified resident allowed to vote
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from kenesh.accounts.models import AgeGroup, User
from kenesh.accounts.testing import person_make
from kenesh.pb.ballots import voter_key_of
from kenesh.pb.models import (
    Ballot,
    BallotChoice,
    BallotFormat,
    Channel,
    Participation,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
)
from kenesh.territory.models import Level, Municipality, Settlement, Unit

_numbers = itertools.count(1)


def _municipality_default() -> Municipality:
    """A fresh municipality in a rayon of its own: each call takes the next free rayon code.

    The number goes into the rayon's digits of the СОАТЕ code (positions 5-8), so two defaults never
    share a rayon code (the rayon is a Unit with a unique code too); "4179…" is no real oblast.
    """
    from kenesh.territory.testing import municipality_make

    while True:
        coate = f"4179{next(_numbers) % 10_000:04d}810000"
        if not Unit.objects.filter(coate__in=(coate, f"{coate[:8]}000000")).exists():
            return municipality_make(coate, f"Test municipality {coate[4:8]}")


def village_make(municipality: Municipality, name: str = "") -> Settlement:
    """A current village of `municipality`."""
    number = next(_numbers)
    village = Settlement(
        coate=f"{municipality.coate[:10]}{number % 10_000:04d}",
        level=Level.SETTLEMENT,
        name_ky=name or f"Айыл {number}",
        name_ru=name or f"Село {number}",
        parent=municipality,
    )
    village.save()
    return village


def process_make(
    municipality: Municipality | None = None,
    *,
    phase: Phase | str = Phase.VOTING,
    budget: Decimal | int | str = Decimal("1000000"),
    ballot_format: BallotFormat | str = BallotFormat.APPROVAL,
    **fields: Any,
) -> Process:
    """A process in `phase` (no phase log: tests of phases use `process_phase_move`)."""
    fields.setdefault("title_ky", "Демилгелүү бюджет")
    fields.setdefault("title_ru", "Инициативный бюджет")
    fields.setdefault("title_en", "Participatory budget")
    return Process.objects.create(
        municipality=municipality or _municipality_default(),
        phase=phase,
        budget=Decimal(budget),
        ballot_format=ballot_format,
        **fields,
    )


def proposal_make(
    process: Process,
    *,
    cost: Decimal | int | str = Decimal("100000"),
    status: ProposalStatus | str = ProposalStatus.ON_BALLOT,
    number: int | None = None,
    **fields: Any,
) -> Proposal:
    """A proposal of `process`, on its ballot by default, numbered after the last one."""
    if number is None:
        last = process.proposals.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    fields.setdefault("title_ky", f"Долбоор {number}")
    fields.setdefault("title_ru", f"Проект {number}")
    if status == ProposalStatus.REJECTED:
        fields.setdefault("rejection_reason_ru", "Не входит в полномочия")
    return Proposal.objects.create(
        process=process, number=number, estimated_cost=Decimal(cost), status=status, **fields
    )


def process_with_proposals(**fields: Any) -> Process:
    """A process (as `process_make`, budget 1000 by default) with three proposals costing 600, 500 and 300."""
    fields.setdefault("budget", 1000)
    process = process_make(**fields)
    for cost in (600, 500, 300):
        proposal_make(process, cost=cost)
    return process


def voter_make(process: Process, *, age_group: str = AgeGroup.Y30_44, **fields: Any) -> User:
    """A person verified as a resident of the process's municipality (and village, if it has one)."""
    fields.setdefault("village", process.village)
    return person_make(resident_of=process.municipality, verified=True, age_group=age_group, **fields)


def ballot_make(
    process: Process,
    choices: Iterable[Proposal] | Mapping[Proposal, int],
    *,
    ranked: bool = False,
    channel: Channel | str = Channel.WEB,
    identity: str | None = None,
    user: User | None = None,
    **snapshot: Any,
) -> Ballot:
    """A ballot stored directly, without `ballot_cast`'s checks: for tests of counting and results.

    A list approves (or, with `ranked`, ranks in its order); a mapping gives points per proposal. With `user`
    the ballot is that person's (identity "user:<id>") and their participation is recorded too.
    """
    if user is not None:
        identity = f"user:{user.pk}"
    ballot = Ballot.objects.create(
        process=process,
        channel=channel,
        voter_key=voter_key_of(identity or f"test:{next(_numbers)}"),
        **snapshot,
    )
    if isinstance(choices, Mapping):
        rows = [BallotChoice(ballot=ballot, proposal=p, points=points) for p, points in choices.items()]
    else:
        rows = [
            BallotChoice(ballot=ballot, proposal=p, rank=(index if ranked else None))
            for index, p in enumerate(choices, start=1)
        ]
    BallotChoice.objects.bulk_create(rows)
    if user is not None:
        Participation.objects.create(process=process, user=user, channel=channel)
    return ballot
