"""Paper ballots: each is typed in twice by two different staff members; only matching entries count.

Only paper ballots handed out at the desk (kenesh.pb.desk) are typed in: the serial is looked up, and
the ballot is cast under the voter key the desk stored for it, so it is the same person's one ballot
on every channel. A first entry waits for the second. Equal entries cast the ballot (through
`ballot_cast`, channel paper). Different entries flag a mismatch that is not counted until a staff
member looks at the paper again and enters the resolving reading. Every entry is audited (that it was
made, by whom, and the paper's status; not the reading).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import User
from kenesh.audit.services import audit_record
from kenesh.pb.ballots import Identity, VoterProfile, ballot_cast, ballot_check
from kenesh.pb.models import Channel, PaperBallot, PaperEntry, PaperStatus, Process

MAX_SERIAL_LENGTH = 32


def serial_normalise(serial: str) -> str:
    return serial.strip().upper()


def _as_json(choices: Mapping[int, int]) -> dict[str, int]:
    return {str(number): int(value) for number, value in sorted(choices.items())}


def paper_identity(paper: PaperBallot) -> Identity:
    """The identity of the person the paper was handed to, known only by its voter key."""
    return Identity(key="", hashed=paper.voter_key, desk=True)


def paper_entry_add(
    *,
    actor: User,
    process: Process,
    serial: str,
    choices: Mapping[int, int],
    village: Any = None,
) -> PaperBallot:
    """Record one staff member's reading of paper ballot `serial`; cast it when two readings agree.

    Raises ValidationError (serial, second entry by the same person, already counted) or BallotRejected
    (the reading breaks the ballot's rules); either way nothing is written.
    """
    serial = serial_normalise(serial)
    if not serial or len(serial) > MAX_SERIAL_LENGTH:
        raise ValidationError(
            {"serial": _("Type the serial number printed on the paper ballot (at most 32 characters).")}
        )
    choices = {int(number): int(value) for number, value in choices.items()}
    with transaction.atomic():
        paper = (
            PaperBallot.objects.select_for_update()
            .filter(process=process, serial=serial)
            .exclude(voter_key="")
            .first()
        )
        if paper is None:
            raise ValidationError(
                {
                    "serial": _(
                        "Paper ballot %(serial)s was not handed out at the desk of this process: check "
                        "the serial number."
                    )
                    % {"serial": serial}
                }
            )
        village_id = paper.village_id or (village.pk if village is not None else None)
        profile = VoterProfile(village_id=village_id, declared_eligible=True)
        # The reading must itself be a valid ballot: a spoiled paper is not typed in.
        ballot_check(process=process, identity=paper_identity(paper), choices=choices, voter_profile=profile)
        if paper.status in (PaperStatus.MATCHED, PaperStatus.RESOLVED):
            raise ValidationError(
                {"serial": _("Paper ballot %(serial)s is already counted.") % {"serial": serial}}
            )
        entries = list(paper.entries.all())
        before = paper.status
        is_resolution = paper.status == PaperStatus.MISMATCH
        if not is_resolution and any(entry.entered_by_id == actor.pk for entry in entries):
            raise ValidationError(
                {
                    "serial": _(
                        "You have already entered paper ballot %(serial)s: a different staff member "
                        "must enter it the second time."
                    )
                    % {"serial": serial}
                }
            )
        entry = PaperEntry.objects.create(
            paper=paper, entered_by=actor, choices=_as_json(choices), is_resolution=is_resolution
        )
        if not entries and not is_resolution:
            paper.status = PaperStatus.PENDING
            paper.save(update_fields=["status"])
        if is_resolution:
            _count(paper, choices, PaperStatus.RESOLVED, profile)
        elif entries:
            if entries[0].choices == entry.choices:
                _count(paper, choices, PaperStatus.MATCHED, profile)
            else:
                paper.status = PaperStatus.MISMATCH
                paper.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="pb.paper.entry",
            target=paper,
            municipality=process.municipality,
            # The fact of the entry, not the reading: the audit log holds no ballot's content.
            changes={
                "status": {"before": before, "after": paper.status},
                "entry": {"before": None, "after": entry.pk},
            },
        )
    return paper


def _count(paper: PaperBallot, choices: Mapping[int, int], status: str, profile: VoterProfile) -> None:
    result = ballot_cast(
        process=paper.process,
        identity=paper_identity(paper),
        channel=Channel.PAPER,
        choices=choices,
        voter_profile=profile,
    )
    paper.ballot = result.ballot
    paper.status = status
    paper.save(update_fields=["ballot", "status"])
