"""Phases move forward only, each move logged and audited; the registry says what each phase allows."""

import pytest
from django.core.exceptions import ValidationError

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.audit.models import AuditEntry
from kenesh.pb.models import Phase, PhaseChange
from kenesh.pb.phases import PHASES, Action, allows, next_phase, process_phase_move
from kenesh.pb.testing import process_make, proposal_make

pytestmark = pytest.mark.django_db


def test_every_phase_has_rules():
    assert set(PHASES) == set(Phase.values)


@pytest.mark.parametrize(
    ("phase", "action", "allowed"),
    [
        (Phase.DRAFT, Action.SUBMIT_PROPOSAL, False),
        (Phase.PROPOSALS, Action.SUBMIT_PROPOSAL, True),
        (Phase.REVIEW, Action.SUBMIT_PROPOSAL, False),
        (Phase.REVIEW, Action.VOTE, False),
        (Phase.VOTING, Action.VOTE, True),
        (Phase.VOTING, Action.ENTER_PAPER, True),
        (Phase.COUNTING, Action.VOTE, False),
        (Phase.COUNTING, Action.ENTER_PAPER, False),
        (Phase.RESULTS, Action.SHOW_RESULTS, True),
    ],
)
def test_the_registry(phase, action, allowed):
    assert allows(process_make(phase=phase), action) is allowed


def test_phases_move_forward_only_and_are_logged():
    process = process_make(phase=Phase.DRAFT)
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    process_phase_move(actor=staff, process=process, to_phase=Phase.PROPOSALS)
    proposal_make(process)
    process_phase_move(actor=staff, process=process, to_phase=Phase.VOTING)  # skipping review is allowed
    assert next_phase(process) == Phase.COUNTING
    with pytest.raises(ValidationError):
        process_phase_move(actor=staff, process=process, to_phase=Phase.REVIEW)
    with pytest.raises(ValidationError):
        process_phase_move(actor=staff, process=process, to_phase=Phase.VOTING)
    process.refresh_from_db()
    assert process.phase == Phase.VOTING
    assert list(PhaseChange.objects.values_list("from_phase", "to_phase")) == [
        ("draft", "proposals"),
        ("proposals", "voting"),
    ]
    assert AuditEntry.objects.filter(action="pb.process.phase").count() == 2


def test_voting_needs_a_ballot():
    process = process_make(phase=Phase.REVIEW)
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    with pytest.raises(ValidationError):
        process_phase_move(actor=staff, process=process, to_phase=Phase.VOTING)
    assert not PhaseChange.objects.exists()
