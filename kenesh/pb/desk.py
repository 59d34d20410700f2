"""The desk of the aiyl okmotu: record a person, then hand them one voting code or one paper ballot.

One person, one ballot, whatever the channel. A code or a paper ballot goes to a person recorded here:
a resident account (its code or paper ballot then votes as that account, "user:<id>", and collides with
the same person's web or SMS ballot through the unique (process, voter_key)), or a person without an
account, recorded by the 14-digit personal identification number (ПИН) from their ID card. The PIN is
kept only as a register key: an HMAC-SHA256 with SECRET_KEY of the process and of the PIN's fingerprint
(`kenesh.accounts.pins`), so the same PIN cannot be recorded twice in a process and cannot be read back.
Each person is recorded once per process and gets one credential: nobody who voted, or who holds a code
or a paper ballot, gets another.

The PIN links the register to the accounts: staff record the PIN's fingerprint when they verify a
residence, so a PIN typed at the desk that belongs to an account is that account ("user:<id>"), and an
account whose PIN is in the register cannot vote online as well (`ballots._check_not_given_at_desk`).
Where no fingerprint proves it (an account verified before PINs were recorded), an account of the same
name that already voted or holds a credential stops the desk until staff confirm it is someone else; the
override is audited.

The plain code exists only in the printed slip (`desk_pdf`). A paper ballot keeps the voter key of its
person (the HMAC its ballot will carry), never a link to the person, so readings typed in for its
serial are not joined to a name in the database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import User
from kenesh.accounts.pins import pin_clean, pin_fingerprint
from kenesh.audit.services import audit_record
from kenesh.pb.ballots import ballot_proposals, register_key, voter_key_of
from kenesh.pb.codes import ALPHABET, code_format, code_hash, code_make
from kenesh.pb.models import (
    Ballot,
    Credential,
    DeskVoter,
    PaperBallot,
    PaperStatus,
    Participation,
    Process,
    VotingCode,
)

SERIAL_LENGTH = 8
PAPER_STACK = 20  # blank paper ballots made at a time (see _paper_from_stack)


def pin_hash(*, process: Process, pin: str) -> str:
    """The register key of a PIN typed at the desk (the PIN itself is never stored)."""
    return register_key(process=process, fingerprint=pin_fingerprint(pin))


@dataclass(frozen=True)
class Issued:
    """What the desk handed out: to print once, then forget."""

    holder: DeskVoter
    code: str = ""  # plain and formatted: only here and in the printed slip
    paper: PaperBallot | None = None


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _field_error(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _has_voted(process: Process, identity_key: str) -> bool:
    return Ballot.objects.filter(process=process, voter_key=voter_key_of(identity_key)).exists()


def _check_recorded(process: Process, existing: DeskVoter) -> None:
    """Refuse a second credential to a person already recorded in this process."""
    names = {"name": existing.full_name}
    if _has_voted(process, existing.identity_key):
        raise _refuse(_("%(name)s has already voted in this process.") % names, "already_voted")
    if existing.credential == Credential.CODE:
        raise _refuse(
            _("%(name)s already holds a voting code for this process that is not used yet.") % names,
            "already_holds",
        )
    raise _refuse(
        _("%(name)s already holds a paper ballot for this process that is not counted yet.") % names,
        "already_holds",
    )


def _check_person(process: Process, user: User | None, village: Any) -> None:
    if user is not None:
        if not user.is_active or user.municipality_id != process.municipality_id:
            raise _refuse(
                _("This person is not a resident of %(municipality)s.")
                % {"municipality": process.municipality.name},
                "not_resident",
            )
        village = user.village
    elif village is not None and village.parent_id != process.municipality_id:
        raise _field_error("village", _("The village must be in the municipality."), "village")
    restricted = process.village
    if restricted is not None and (village is None or village.pk != restricted.pk):
        raise _refuse(
            _("Only residents of %(village)s may vote in this process.") % {"village": restricted.name},
            "wrong_village",
        )


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _same_name_accounts(process: Process, full_name: str) -> list[int]:
    """Accounts without a PIN fingerprint, of this name, that voted or hold a credential in the process.

    They may be the person standing at the desk: without a fingerprint nothing proves they are not. Names
    are compared in Python (casefold), since SQLite folds the case of ASCII letters only.
    """
    without_pin = {"user__isnull": False, "user__pin_hash": ""}
    people = set(
        Participation.objects.filter(process=process, **without_pin).values_list("user_id", "user__full_name")
    )
    people |= set(
        DeskVoter.objects.filter(process=process, **without_pin).values_list("user_id", "user__full_name")
    )
    wanted = _name_key(full_name)
    return sorted(user_id for user_id, name in people if _name_key(name) == wanted)


def desk_issue(
    *,
    actor: User,
    process: Process,
    credential: Credential | str,
    user: User | None = None,
    pin: str = "",
    full_name: str = "",
    village: Any = None,
    override: bool = False,
) -> Issued:
    """Record a person (an account, or a PIN with a name) and hand them a code or a paper ballot; audited.

    A PIN that a staff member recorded on an account at its residence check is that account. Raises
    ValidationError (with a code: "phase", "pin", "name", "not_resident", "wrong_village",
    "already_voted", "already_holds", "maybe_account") and writes nothing when the person may not have
    one; "maybe_account" is lifted by `override` (staff checked that it is another person), and audited.
    """
    if credential not in Credential.values:
        raise _field_error("credential", _("Choose a voting code or a paper ballot."), "credential")
    if process.phase_index > Process.phase_index_of("voting"):
        raise _refuse(_("Voting is over: no more codes or paper ballots are handed out."), "phase")
    fingerprint = ""
    if user is None:
        pin = pin_clean(pin)
        fingerprint = pin_fingerprint(pin)
        full_name = " ".join(full_name.split())[:200]
        if not full_name:
            raise _field_error("full_name", _("Write the person's full name."), "name")
        # The PIN of a verified account: the person votes as that account, whatever name was typed.
        user = User.objects.select_related("village").filter(pin_hash=fingerprint).first()
        if user is not None and user.municipality_id != process.municipality_id:
            raise _refuse(
                _(
                    "This PIN belongs to an account whose residence is in another municipality. The person "
                    "must first change the residence in their profile and have it verified here."
                ),
                "not_resident",
            )
    elif user.pin_hash:
        fingerprint = user.pin_hash
    _check_person(process, user, village)
    suspects: list[int] = []
    with transaction.atomic():
        # One desk at a time per process: the checks below and the writes see the same register.
        locked = Process.objects.select_for_update().select_related("municipality").get(pk=process.pk)
        register = register_key(process=locked, fingerprint=fingerprint) if fingerprint else ""
        if register:
            # Recorded by this PIN already (for an account: before it was verified with the PIN).
            by_pin = DeskVoter.objects.filter(process=locked, pin_hash=register).first()
            if by_pin is not None:
                _check_recorded(locked, by_pin)
        if user is not None:
            existing = DeskVoter.objects.filter(process=locked, user=user).first()
            if existing is None and _has_voted(locked, f"user:{user.pk}"):
                raise _refuse(
                    _("%(name)s has already voted in this process.") % {"name": user.full_name},
                    "already_voted",
                )
            key = ""
            name = user.full_name
            village = user.village
        else:
            key = register
            existing = None  # a register entry of this PIN was refused above
            name = full_name
            if village is None:
                village = locked.village
            suspects = _same_name_accounts(locked, name)
            if suspects and not override:
                raise _refuse(
                    _(
                        "An account of %(name)s in this municipality has already voted or holds a code or "
                        "a paper ballot, and no PIN is recorded for it. If this is the same person, they "
                        "may not have another. If you checked that it is someone else, tick the box to "
                        "confirm and submit again."
                    )
                    % {"name": name},
                    "maybe_account",
                )
        if existing is not None:
            _check_recorded(locked, existing)
        try:
            with transaction.atomic():
                holder = DeskVoter.objects.create(
                    process=locked,
                    user=user,
                    pin_hash=key,
                    full_name=name,
                    village=village,
                    credential=credential,
                    issued_by=actor,
                )
        except IntegrityError:
            # Another desk recorded the same person a moment ago.
            raise _refuse(
                _("%(name)s was just recorded at another desk.") % {"name": name}, "already_holds"
            ) from None
        plain = ""
        paper = None
        if credential == Credential.CODE:
            plain = code_make()
            VotingCode.objects.create(
                process=locked,
                code_hash=code_hash(plain),
                village=village,
                holder=holder,
                created_by=actor,
            )
        else:
            paper = _paper_from_stack(locked)
            paper.voter_key = voter_key_of(holder.identity_key)
            paper.village = village
            paper.save(update_fields=["voter_key", "village"])
        changes: dict[str, Any] = {
            "credential": {"before": None, "after": str(credential)},
            "account": {"before": None, "after": user.pk if user is not None else None},
        }
        if suspects:
            # Staff said the person is not the account holder of the same name: who said it, and about whom.
            changes["same_name_accounts_overridden"] = {"before": None, "after": suspects}
        audit_record(
            actor=actor,
            action="pb.desk.override" if suspects else "pb.desk.issue",
            target=holder,
            municipality=locked.municipality,
            changes=changes,
        )
    return Issued(holder=holder, code=code_format(plain) if plain else "", paper=paper)


def _paper_from_stack(process: Process) -> PaperBallot:
    """A blank paper ballot picked at random from the process's stack, topped up when it runs out.

    Taking rows in a random order, all made at one moment, keeps the database from pairing the n-th
    person handed a paper ballot with the n-th paper ballot (and its readings) by id or by time.
    """
    blanks = list(PaperBallot.objects.filter(process=process, voter_key="", status=PaperStatus.ISSUED))
    if not blanks:
        now = timezone.now()
        serials: set[str] = set()
        while len(serials) < PAPER_STACK:
            serials.add(_serial_new(process))
        blanks = PaperBallot.objects.bulk_create(
            PaperBallot(process=process, serial=serial, status=PaperStatus.ISSUED, created_at=now)
            for serial in sorted(serials)
        )
        blanks = list(PaperBallot.objects.filter(process=process, voter_key="", status=PaperStatus.ISSUED))
    return secrets.choice(blanks)


def _serial_new(process: Process) -> str:
    """A fresh random serial, "P-XXXX-XXXX": unguessable, so nobody types in a paper not handed out."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(SERIAL_LENGTH))
        serial = f"P-{raw[:4]}-{raw[4:]}"
        if not PaperBallot.objects.filter(process=process, serial=serial).exists():
            return serial


def desk_pdf(issued: Issued, *, vote_url: str) -> bytes:
    """The slip to hand over: a code slip with the person's name, or a paper ballot with its serial only."""
    from weasyprint import HTML

    process = issued.holder.process
    html = render_to_string(
        "pb/desk_slip.html",
        {
            "process": process,
            "issued": issued,
            "holder": issued.holder,
            "proposals": ballot_proposals(process) if issued.paper is not None else [],
            "vote_url": vote_url,
        },
    )
    return bytes(HTML(string=html, base_url=vote_url).write_pdf())
