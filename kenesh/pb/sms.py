"""Voting by SMS: "VOTE 3 7 12" from a verified number casts that person's ballot; the reply says how it went.

Cumulative ballots give points as "VOTE 3:5 7:5"; ranked ballots list projects best first. Where a
municipality has more than one open vote, the process number comes first: "VOTE #4 3 7 12". Sending a
ballot declares that the sender may vote (age and residence), as ticking the box on the web page does.

Secrecy: VOTE is a secret keyword, so the inbox keeps "VOTE" and not the choices; the reply, which staff
can read in the outbox beside the number, carries a receipt and never the choices, nor anything that
gives them away (which projects were refused, what they cost, how many points were given).
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext

from kenesh.accounts.models import User
from kenesh.messaging.models import InboundSms
from kenesh.pb.ballots import (
    BallotRejected,
    Identity,
    VoterProfile,
    ballot_cast,
    choices_parse,
)
from kenesh.pb.models import Channel, Phase, Process
from kenesh.pb.receipts import receipt_format

PROCESS_WORD = re.compile(r"^#(\d{1,9})$")


def _voter_of(sender: str) -> User | None:
    return User.objects.filter(phone=sender, phone_verified_at__isnull=False, is_active=True).first()


def vote_by_sms(message: InboundSms, text: str) -> str | None:
    """The handler of the keyword VOTE; returns the reply in the voter's language.

    Records on the message the municipality of the vote (or, failing one, of the voter), so that only
    its staff read the message and its reply.
    """
    voter = _voter_of(message.sender)
    if voter is None:
        lines = []
        for language in ("ky", "ru"):
            with translation.override(language):
                lines.append(
                    gettext(
                        "This number is not verified. Confirm your phone on the website, then vote again."
                    )
                )
        return "\n".join(lines)
    message.municipality_id = voter.municipality_id
    with translation.override(voter.preferred_language or "ky"):
        return _vote(voter, text, message)


def _malformed_help() -> str:
    return gettext("The message was not understood. Send VOTE and the project numbers, e.g. VOTE 3 7 12.")


# Refusals whose own message would repeat part of the ballot (numbers, a cost, points): said without it.
CONTENT_FREE_REFUSALS = {
    "foreign_project": lambda process: gettext("A project number you sent is not on this ballot."),
    "over_budget": lambda process: gettext("The projects you chose cost more than the budget."),
    "too_many_points": lambda process: (
        gettext("You gave more points than the %(total)s you have.") % {"total": process.points_total}
    ),
}


def _refusal(process: Process, rejection: BallotRejected) -> str:
    content_free = CONTENT_FREE_REFUSALS.get(rejection.code)
    return content_free(process) if content_free is not None else str(rejection)


def _vote(voter: User, text: str, message: InboundSms) -> str:
    words = text.split()[1:]
    process_id = None
    if words and PROCESS_WORD.match(words[0]):
        process_id = int(words[0][1:])
        words = words[1:]
    if not words:
        return _malformed_help()
    if voter.municipality_id is None:
        return gettext("There is no open vote in your municipality now.")
    open_votes = Process.objects.filter(municipality_id=voter.municipality_id, phase=Phase.VOTING)
    if process_id is not None:
        open_votes = open_votes.filter(pk=process_id)
    processes = list(open_votes.order_by("pk")[:5])
    if not processes:
        return gettext("There is no open vote in your municipality now.")
    if len(processes) > 1:
        return gettext("Several votes are open: %(votes)s. Send e.g. VOTE #%(first)s 3 7 12.") % {
            "votes": ", ".join(f"#{process.pk} {process.title}" for process in processes),
            "first": processes[0].pk,
        }
    process = processes[0]
    message.municipality_id = process.municipality_id
    try:
        choices = choices_parse(process, " ".join(words))
    except BallotRejected as rejection:
        return f"{rejection.message} {_malformed_help()}" if rejection.code == "malformed" else str(rejection)
    try:
        result = ballot_cast(
            process=process,
            identity=Identity.of_user(voter),
            channel=Channel.SMS,
            choices=choices,
            voter_profile=VoterProfile.of_user(voter, declared_eligible=True),
        )
    except BallotRejected as rejection:
        return gettext("Your ballot was not recorded: %(reason)s") % {"reason": _refusal(process, rejection)}
    values = {"title": process.title, "receipt": receipt_format(result.receipt)}
    if result.changed:
        return (
            gettext(
                "Your ballot in “%(title)s” is changed. Receipt: %(receipt)s. Check it on the vote's page; "
                "the earlier receipt no longer counts."
            )
            % values
        )
    return (
        gettext("Your ballot in “%(title)s” is recorded. Receipt: %(receipt)s. Check it on the vote's page.")
        % values
    )
