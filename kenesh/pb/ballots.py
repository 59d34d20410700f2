"""Casting a ballot: the one service every channel (web, code, paper, SMS) goes through.

`ballot_cast` checks everything (phase, eligibility, the format's rules, the projects), then writes the
ballot, its choices and the participation record in one transaction, or raises `BallotRejected` with a
message for the voter and writes nothing. Choices are given by proposal number, the number printed on
the ballot and sent by SMS: {number: value}, where value is 1 for approval and knapsack ballots, the
points for cumulative ballots and the rank (1 = first) for ranked ballots.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kenesh.accounts.models import AgeGroup, User
from kenesh.ops.metrics import ballot_counted
from kenesh.pb.models import (
    Ballot,
    BallotChoice,
    BallotFormat,
    Channel,
    DeskVoter,
    Participation,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
)
from kenesh.pb.phases import Action, allows
from kenesh.pb.receipts import receipt_hash, receipt_make
from kenesh.web.l10n import format_number


def voter_key_of(identity: str) -> str:
    """The keyed hash that stands for a voter on a ballot: HMAC-SHA256 of "user:<id>" or "desk:<id>"."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"pb-voter:" + identity.encode(), hashlib.sha256).hexdigest()


def register_key(*, process: Process, fingerprint: str) -> str:
    """The keyed hash that stands for a person's PIN in one process's desk register (kenesh.pb.desk), made
    from the PIN's fingerprint (kenesh.accounts.pins), so that an account verified with that PIN finds it."""
    message = f"pb-pin:{process.pk}:{fingerprint}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class BallotRejected(Exception):
    """A ballot that was not stored, with the reason to show (or text) the voter; `code` names the case."""

    def __init__(self, message: str | Promise, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Identity:
    """Who casts a ballot, as one string per person ("user:12", "desk:5").

    A person with an account votes as "user:<id>" on the web, by SMS, and with a code or a paper ballot
    handed to them at the desk, so every channel shares one ballot. A person without an account, recorded
    at the desk by their personal identification number, votes as "desk:<id>" (kenesh.pb.desk).
    `user` is set for accounts: their participation is recorded by name for staff. `desk`: the person
    was checked at the desk (ID card: residence and age), so the online eligibility checks are not
    repeated. `hashed`: the voter key itself, where only that is known (a paper ballot, which keeps no
    link to its person).
    """

    key: str
    user: User | None = None
    desk: bool = False
    hashed: str = ""

    @classmethod
    def of_user(cls, user: User) -> Identity:
        return cls(key=f"user:{user.pk}", user=user)

    @property
    def voter_key(self) -> str:
        return self.hashed or voter_key_of(self.key)


@dataclass(frozen=True)
class VoterProfile:
    """What is known of the voter: residence for eligibility, and the snapshot kept on the ballot.

    `declared_eligible`: the voter declared (on the ballot page, or to staff handing out a code or a
    paper ballot) that they are old enough and live where the process allows. `consent`: the voter
    agreed that their sex and age group are used in aggregates; only then are they kept on the ballot.
    """

    municipality_id: int | None = None
    village_id: int | None = None
    verified: bool = False
    sex: str = ""
    age_group: str = ""
    declared_eligible: bool = False
    consent: bool = False

    @classmethod
    def of_user(cls, user: User, *, declared_eligible: bool = False) -> VoterProfile:
        return cls(
            municipality_id=user.municipality_id,
            village_id=user.village_id,
            verified=user.residence_verified,
            sex=user.sex,
            age_group=user.age_group,
            declared_eligible=declared_eligible,
            consent=user.demographics_consent_at is not None,
        )


# The youngest and oldest age in each band; the last band has no upper end.
AGE_BOUNDS: dict[str, tuple[int, int]] = {
    AgeGroup.Y16_17: (16, 17),
    AgeGroup.Y18_29: (18, 29),
    AgeGroup.Y30_44: (30, 44),
    AgeGroup.Y45_59: (45, 59),
    AgeGroup.Y60_PLUS: (60, 200),
}


def age_verdict(age_group: str, min_age: int) -> bool | None:
    """True: the band is old enough; False: too young; None: the band straddles the limit or is unknown."""
    if age_group not in AGE_BOUNDS:
        return None
    low, high = AGE_BOUNDS[age_group]
    if low >= min_age:
        return True
    if high < min_age:
        return False
    return None


def needs_age_declaration(process: Process, user: User) -> bool:
    """Whether the ballot page must ask this person to declare their age (their band does not tell)."""
    return age_verdict(user.age_group, process.min_age) is None


@dataclass(frozen=True)
class CastResult:
    """`receipt`: the plain receipt of this cast, to give the voter once (kenesh.pb.receipts)."""

    ballot: Ballot
    changed: bool
    proposals: list[Proposal]
    receipt: str = ""


def ballot_proposals(process: Process) -> list[Proposal]:
    """The proposals on the ballot, by number (one query)."""
    return list(process.proposals.filter(status=ProposalStatus.ON_BALLOT, hidden=False).order_by("number"))


def choices_from_numbers(process: Process, numbers: Sequence[int]) -> dict[int, int]:
    """A list of numbers as choices: approvals, or ranks in the order given (for ranked ballots)."""
    if process.ballot_format == BallotFormat.RANKED:
        return {number: rank for rank, number in enumerate(numbers, start=1)}
    return dict.fromkeys(numbers, 1)


CHOICE_WORD = re.compile(r"^(\d{1,4})(?::(\d{1,4}))?$")


def choices_parse(process: Process, text: str) -> dict[int, int]:
    """Typed choices as `ballot_cast` takes them: "3 7 12" (ranked: best first) or "3:5 7:5" (points).

    Used by SMS and by the paper entry form; raises BallotRejected("malformed" or "duplicate").
    """
    words = text.replace(",", " ").replace(";", " ").split()
    parsed: list[tuple[int, int | None]] = []
    for word in words:
        match = CHOICE_WORD.match(word)
        if match is None:
            raise BallotRejected(_("Write project numbers separated by spaces, e.g. 3 7 12."), "malformed")
        parsed.append((int(match.group(1)), int(match.group(2)) if match.group(2) else None))
    if not parsed:
        raise BallotRejected(_("Choose at least one project."), "empty")
    numbers = [number for number, _points in parsed]
    if len(set(numbers)) != len(numbers):
        raise BallotRejected(_("Each project number may appear once."), "duplicate")
    if process.ballot_format == BallotFormat.CUMULATIVE:
        if any(points is None for _number, points in parsed):
            raise BallotRejected(
                _("Give points to each project as number:points, e.g. 3:5 7:5."), "malformed"
            )
        return {number: points or 0 for number, points in parsed}
    if any(points is not None for _number, points in parsed):
        raise BallotRejected(_("Write project numbers separated by spaces, e.g. 3 7 12."), "malformed")
    return choices_from_numbers(process, numbers)


def _check_eligible(process: Process, identity: Identity, profile: VoterProfile) -> None:
    if identity.user is None or identity.desk:
        # Codes and paper ballots: staff checked the person's ID card at the desk before handing them out.
        return
    if profile.municipality_id != process.municipality_id:
        raise BallotRejected(
            _("Only residents of %(municipality)s may vote in this process.")
            % {"municipality": process.municipality.name},
            "not_resident",
        )
    if not profile.verified:
        raise BallotRejected(
            _("Confirm your residence first: show your ID card to the staff of the aiyl okmotu."),
            "not_verified",
        )
    if process.village is not None and profile.village_id != process.village_id:
        raise BallotRejected(
            _("Only residents of %(village)s may vote in this process.") % {"village": process.village.name},
            "wrong_village",
        )
    verdict = age_verdict(profile.age_group, process.min_age)
    if verdict is False or (verdict is None and not profile.declared_eligible):
        raise BallotRejected(
            _("Only people aged %(age)s or older may vote in this process.") % {"age": process.min_age}
            if verdict is False
            else _("Confirm that you are %(age)s or older.") % {"age": process.min_age},
            "too_young" if verdict is False else "age_unconfirmed",
        )


def eligibility_problem(process: Process, user: Any) -> str | None:
    """Why this signed-in person cannot vote in the process (the message), or None; age declarations aside."""
    try:
        _check_eligible(process, Identity.of_user(user), VoterProfile.of_user(user, declared_eligible=True))
        _check_not_given_at_desk(process, Identity.of_user(user), Channel.WEB)
    except BallotRejected as rejection:
        return str(rejection)
    return None


def _check_not_given_at_desk(process: Process, identity: Identity, channel: str) -> None:
    """An account holder handed a code or a paper ballot votes with it, not online as well."""
    if identity.user is None or channel not in (Channel.WEB, Channel.SMS):
        return
    recorded = Q(user=identity.user)
    if identity.user.pin_hash:
        # Recorded by the PIN on their ID card, perhaps before their account was verified with it.
        recorded |= Q(pin_hash=register_key(process=process, fingerprint=identity.user.pin_hash))
    if DeskVoter.objects.filter(recorded, process=process).exists():
        raise BallotRejected(
            _(
                "You were handed a voting code or a paper ballot for this process at the aiyl okmotu: "
                "your ballot is the one cast with it."
            ),
            "given_at_desk",
        )


def _check_choices(process: Process, choices: Mapping[int, int], on_ballot: dict[int, Proposal]) -> None:
    """The format's rules; every message names what to change."""
    if not choices:
        raise BallotRejected(_("Choose at least one project."), "empty")
    unknown = sorted(number for number in choices if number not in on_ballot)
    if unknown:
        raise BallotRejected(
            ngettext_lazy(
                "Project number %(numbers)s is not on this ballot.",
                "Project numbers %(numbers)s are not on this ballot.",
                "count",
            )
            % {"numbers": ", ".join(map(str, unknown)), "count": len(unknown)},
            "foreign_project",
        )
    count = len(choices)
    fmt = process.ballot_format
    if fmt in (BallotFormat.APPROVAL, BallotFormat.KNAPSACK, BallotFormat.RANKED):
        if count < process.min_choices:
            raise BallotRejected(
                ngettext_lazy(
                    "Choose at least %(count)s project.", "Choose at least %(count)s projects.", "count"
                )
                % {"count": process.min_choices},
                "too_few",
            )
        if process.max_choices is not None and count > process.max_choices:
            raise BallotRejected(
                ngettext_lazy(
                    "Choose at most %(count)s project.", "Choose at most %(count)s projects.", "count"
                )
                % {"count": process.max_choices},
                "too_many",
            )
    if fmt in (BallotFormat.APPROVAL, BallotFormat.KNAPSACK) and any(
        value != 1 for value in choices.values()
    ):
        raise BallotRejected(_("Mark each project once."), "bad_value")
    if fmt == BallotFormat.KNAPSACK:
        total = sum((on_ballot[number].cost for number in choices), Decimal(0))
        if total > process.budget:
            raise BallotRejected(
                _("The projects you chose cost %(total)s som, more than the budget of %(budget)s som.")
                % {"total": _money(total), "budget": _money(process.budget)},
                "over_budget",
            )
    if fmt == BallotFormat.CUMULATIVE:
        if any(value < 1 for value in choices.values()):
            raise BallotRejected(_("Give each project you choose at least one point."), "bad_value")
        total_points = sum(choices.values())
        if total_points > process.points_total:
            raise BallotRejected(
                _("You gave %(given)s points; you have %(total)s to distribute.")
                % {"given": total_points, "total": process.points_total},
                "too_many_points",
            )
        cap = process.max_points_per_project
        if cap is not None and any(value > cap for value in choices.values()):
            raise BallotRejected(
                _("Give a project at most %(cap)s points.") % {"cap": cap}, "too_many_points_per_project"
            )
    if fmt == BallotFormat.RANKED and sorted(choices.values()) != list(range(1, count + 1)):
        raise BallotRejected(_("Rank the projects 1, 2, 3… without gaps or repeats."), "bad_ranks")


def _money(amount: Decimal) -> str:
    return str(format_number(amount, decimals=0))


def choices_problem(
    process: Process, choices: Mapping[int, int], on_ballot: Sequence[Proposal]
) -> str | None:
    """What is wrong with these marks under the format's rules (what `ballot_cast` would say), or None.

    The ballot's "Check my choice" shows it before anything is cast; eligibility is not part of it.
    """
    try:
        _check_choices(process, choices, {p.number: p for p in on_ballot})
    except BallotRejected as rejection:
        return str(rejection)
    return None


def ballot_check(
    *,
    process: Process,
    identity: Identity,
    choices: Mapping[int, int],
    voter_profile: VoterProfile,
    on_ballot: Sequence[Proposal] | None = None,
) -> list[Proposal]:
    """Every check of `ballot_cast` except one-ballot-per-person; the chosen proposals, by number."""
    if not allows(process, Action.VOTE):
        raise BallotRejected(
            _("Voting is not open: the process is in the phase “%(phase)s”.")
            % {"phase": Phase(process.phase).label},
            "not_voting",
        )
    _check_eligible(process, identity, voter_profile)
    by_number = {p.number: p for p in (on_ballot if on_ballot is not None else ballot_proposals(process))}
    _check_choices(process, choices, by_number)
    return [by_number[number] for number in sorted(choices)]


def ballot_cast(
    *,
    process: Process,
    identity: Identity,
    channel: Channel | str,
    choices: Mapping[int, int],
    voter_profile: VoterProfile,
) -> CastResult:
    """Check and store one ballot in one transaction; raise BallotRejected and store nothing otherwise.

    One identity holds one ballot per process. A second ballot replaces the first (same ballot row, new
    choices) only where the process allows changes; otherwise it is rejected. Each cast gets a new
    receipt (in the result); the ballot keeps only its hash, so an earlier receipt no longer checks.
    """
    choices = {int(number): int(value) for number, value in choices.items()}
    voter_key = identity.voter_key
    receipt = receipt_make()
    with transaction.atomic():
        # The phase is read inside the transaction, so a ballot racing a phase move sees the new phase.
        process = Process.objects.select_related("municipality", "village").get(pk=process.pk)
        proposals = ballot_check(
            process=process, identity=identity, choices=choices, voter_profile=voter_profile
        )
        _check_not_given_at_desk(process, identity, channel)
        existing = Ballot.objects.select_for_update().filter(process=process, voter_key=voter_key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(
                        process=process,
                        channel=channel,
                        voter_key=voter_key,
                        receipt_hash=receipt_hash(process.pk, receipt),
                        village_id=voter_profile.village_id,
                        sex=voter_profile.sex if voter_profile.consent else "",
                        age_group=voter_profile.age_group if voter_profile.consent else "",
                    )
                changed = False
            except IntegrityError:
                # A simultaneous ballot of the same identity won the race: this one is a second ballot.
                existing = Ballot.objects.select_for_update().get(process=process, voter_key=voter_key)
        if existing is not None:
            # A code or a paper ballot is one ballot, used once: it never replaces a ballot already cast.
            if not process.allow_change or channel in (Channel.CODE, Channel.PAPER):
                raise BallotRejected(
                    _("You have already voted in this process; a ballot cannot be changed here."),
                    "already_voted",
                )
            ballot = existing
            ballot.choices.all().delete()
            ballot.channel = channel
            ballot.receipt_hash = receipt_hash(process.pk, receipt)
            ballot.save(update_fields=["channel", "receipt_hash"])
            changed = True
        by_number = {p.number: p for p in proposals}
        BallotChoice.objects.bulk_create(
            [
                BallotChoice(
                    ballot=ballot,
                    proposal=by_number[number],
                    points=value if process.ballot_format == BallotFormat.CUMULATIVE else 1,
                    rank=value if process.ballot_format == BallotFormat.RANKED else None,
                )
                for number, value in sorted(choices.items())
            ]
        )
        _participation_record(process=process, identity=identity, channel=channel, changed=changed)
        transaction.on_commit(partial(ballot_counted, str(channel)))
    return CastResult(ballot=ballot, changed=changed, proposals=proposals, receipt=receipt)


def _participation_record(*, process: Process, identity: Identity, channel: str, changed: bool) -> None:
    now = timezone.now()
    if identity.user is None:
        if not changed:
            Participation.objects.create(process=process, user=None, channel=channel, voted_at=now)
        return
    updated = 0
    if changed:
        updated = Participation.objects.filter(process=process, user=identity.user).update(
            channel=channel, changed_at=now
        )
    if not updated:
        Participation.objects.create(process=process, user=identity.user, channel=channel, voted_at=now)


def ballot_of(*, process: Process, identity: Identity) -> Ballot | None:
    """The identity's own ballot, to show it back to them (never to anyone else)."""
    return (
        Ballot.objects.filter(process=process, voter_key=identity.voter_key)
        .prefetch_related("choices__proposal")
        .first()
    )


def ballot_choices_of(ballot: Ballot | None) -> dict[int, int]:
    """A stored ballot's choices as {number: value}, as `ballot_cast` takes them."""
    if ballot is None:
        return {}
    result: dict[int, int] = {}
    for choice in ballot.choices.all():
        result[choice.proposal.number] = choice.rank or choice.points
    return result


def has_voted(*, process: Process, user: Any) -> bool:
    """Whether this account has a ballot, whatever the channel (a paper ballot records no participant)."""
    return (
        bool(user.is_authenticated)
        and Ballot.objects.filter(process=process, voter_key=Identity.of_user(user).voter_key).exists()
    )
