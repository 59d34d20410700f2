"""One-time voting codes for residents without a phone: handed to one named person at the desk, used once.

Only the SHA-256 of a normalised code is stored. A code is made by `kenesh.pb.desk.desk_issue` for one
person recorded at the desk; the plain code exists in that person's printed slip and nowhere else, and
the code votes as that person (so it collides with their web or SMS ballot). Codes made in anonymous
batches (no holder) are refused: they could not keep one person to one ballot.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kenesh.ops import limits
from kenesh.ops.clientip import client_ip_or_unknown
from kenesh.pb.ballots import BallotRejected, CastResult, Identity, VoterProfile, ballot_cast
from kenesh.pb.models import Channel, Process, VotingCode

# No 0/O, 1/I/L: a code is read from paper and typed on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ≈ 8·10^14: guessing one of a few thousand codes is hopeless


def code_normalise(text: str) -> str:
    """Upper case, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_hash(text: str) -> str:
    return hashlib.sha256(code_normalise(text).encode()).hexdigest()


def code_format(code: str) -> str:
    """XXXX-XXXX-XX: easier to read aloud and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_make() -> str:
    """A new random code, plain (not yet formatted)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_attempts_exhausted(request: HttpRequest, process: Process) -> bool:
    """Whether the client's address typed too many wrong codes: the limit "code-address" of KENESH_RATES,
    or only KENESH_CODE_STRICT_ATTEMPTS while the process has had more wrong codes than "code-process"
    (many addresses guessing at once). Counted in the shared cache, so it holds across workers."""
    address = client_ip_or_unknown(request)
    strict = limits.failures_exhausted(request, "code-process", str(process.pk))
    return limits.failures_exhausted(
        request, "code-address", address, settings.KENESH_CODE_STRICT_ATTEMPTS if strict else None
    )


def code_attempt_failed(request: HttpRequest, process: Process) -> None:
    """Count one wrong code against the client's address and against the process."""
    limits.failure_count(request, "code-address", client_ip_or_unknown(request))
    limits.failure_count(request, "code-process", str(process.pk))


def code_find(*, process: Process, text: str) -> VotingCode:
    """The unused code of this process typed as `text`, or BallotRejected with why not."""
    normalised = code_normalise(text)
    if len(normalised) != CODE_LENGTH:
        raise BallotRejected(_("A voting code has 10 letters and digits, as on the slip."), "code_format")
    code = VotingCode.objects.filter(
        code_hash=code_hash(normalised), process=process, holder__isnull=False
    ).first()
    if code is None:
        raise BallotRejected(_("This voting code is not valid for this process."), "code_unknown")
    if code.used_at is not None:
        raise BallotRejected(_("This voting code has already been used."), "code_used")
    return code


def code_vote(*, process: Process, code_id: int, choices: Mapping[int, int]) -> CastResult:
    """Cast the ballot of a code and use the code up, both or neither."""
    # A ballot_cast that refuses rolls the use of the code back with it.
    with transaction.atomic():
        # Use the code first: of two simultaneous ballots with one code, one updates the row and
        # the other finds it used.
        used = VotingCode.objects.filter(pk=code_id, process=process, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not used:
            raise BallotRejected(_("This voting code has already been used."), "code_used")
        code = VotingCode.objects.select_related("holder__user").get(pk=code_id)
        holder = code.holder
        if holder is None:
            raise BallotRejected(_("This voting code is not valid for this process."), "code_unknown")
        user = holder.user
        return ballot_cast(
            process=process,
            # The code votes as the person it was handed to: as their account, if they have one.
            identity=Identity(key=holder.identity_key, user=user, desk=True),
            channel=Channel.CODE,
            choices=choices,
            # The desk checked the person's ID card (residence, age) before handing the code over.
            voter_profile=(
                VoterProfile.of_user(user, declared_eligible=True)
                if user is not None
                else VoterProfile(village_id=holder.village_id, declared_eligible=True)
            ),
        )
