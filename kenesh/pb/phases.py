"""The phase registry: what each phase of a process allows, as data, and the one forward-only phase move.

Views and services ask `allows(process, Action.VOTE)` instead of comparing phases themselves, so the
rules live here and nowhere else (the adhocracy4 way).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import User
from kenesh.audit.services import audit_record
from kenesh.pb.models import PHASE_ORDER, Phase, PhaseChange, Process


class Action(StrEnum):
    SUBMIT_PROPOSAL = "submit_proposal"
    COMMENT = "comment"
    REVIEW = "review"
    VOTE = "vote"
    ENTER_PAPER = "enter_paper"
    COUNT = "count"
    SHOW_RESULTS = "show_results"
    CONFIGURE = "configure"


@dataclass(frozen=True)
class PhaseRules:
    """What one phase allows, and what a citizen reads about it."""

    actions: frozenset[Action]
    public: bool
    summary: str | Promise


PHASES: dict[str, PhaseRules] = {
    Phase.DRAFT: PhaseRules(
        frozenset({Action.CONFIGURE}),
        public=False,
        summary=_("The process is being prepared."),
    ),
    Phase.PROPOSALS: PhaseRules(
        frozenset({Action.CONFIGURE, Action.SUBMIT_PROPOSAL, Action.COMMENT, Action.REVIEW}),
        public=True,
        summary=_("Residents propose projects."),
    ),
    Phase.REVIEW: PhaseRules(
        frozenset({Action.COMMENT, Action.REVIEW}),
        public=True,
        summary=_("Staff check the proposals and set their final costs."),
    ),
    Phase.VOTING: PhaseRules(
        frozenset({Action.COMMENT, Action.VOTE, Action.ENTER_PAPER}),
        public=True,
        summary=_("Residents vote for the projects on the ballot."),
    ),
    # Paper ballots are entered before voting closes: a count must see every ballot it will ever see.
    Phase.COUNTING: PhaseRules(
        frozenset({Action.COUNT}),
        public=True,
        summary=_("The votes are being counted."),
    ),
    Phase.RESULTS: PhaseRules(
        frozenset({Action.COUNT, Action.SHOW_RESULTS}),
        public=True,
        summary=_("The results are published."),
    ),
    Phase.IMPLEMENTATION: PhaseRules(
        frozenset({Action.SHOW_RESULTS}),
        public=True,
        summary=_("The winning projects are being built."),
    ),
}


def rules_of(phase: str) -> PhaseRules:
    return PHASES[phase]


def allows(process: Process, action: Action) -> bool:
    """Whether the process's current phase allows `action`."""
    return action in PHASES[process.phase].actions


def next_phase(process: Process) -> str | None:
    index = PHASE_ORDER.index(process.phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def process_phase_move(*, actor: User, process: Process, to_phase: str) -> PhaseChange:
    """Move the process forward to `to_phase` (it may skip phases, never go back); logged and audited."""
    if to_phase not in PHASE_ORDER:
        raise ValidationError(_("Unknown phase."), code="phase_unknown")
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        if PHASE_ORDER.index(to_phase) <= PHASE_ORDER.index(locked.phase):
            raise ValidationError(
                _("A process moves only forward: it is already in the phase “%(phase)s”.")
                % {"phase": Phase(locked.phase).label},
                code="phase_backwards",
            )
        if (
            to_phase == Phase.VOTING
            and not locked.proposals.filter(status="on_ballot", hidden=False).exists()
        ):
            raise ValidationError(
                _("Voting cannot open: no proposal is on the ballot yet."), code="ballot_empty"
            )
        change = PhaseChange.objects.create(
            process=locked, from_phase=locked.phase, to_phase=to_phase, actor=actor, at=timezone.now()
        )
        before = locked.phase
        locked.phase = to_phase
        locked.save(update_fields=["phase"])
        audit_record(
            actor=actor,
            action="pb.process.phase",
            target=locked,
            municipality=locked.municipality,
            changes={"phase": {"before": before, "after": to_phase}},
        )
    process.phase = to_phase
    return change
