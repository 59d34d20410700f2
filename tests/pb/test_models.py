"""The models' own rules: one ballot per voter, one number per proposal, a cost that prefers the final one."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from kenesh.pb.models import Phase, ProposalStatus
from kenesh.pb.testing import ballot_make, process_make, proposal_make, village_make, voter_make

pytestmark = pytest.mark.django_db


def test_proposal_cost_prefers_the_final_cost():
    process = process_make()
    proposal = proposal_make(process, cost=500)
    assert proposal.cost == Decimal(500)
    proposal.final_cost = Decimal(650)
    assert proposal.cost == Decimal(650)


def test_one_ballot_per_voter_key():
    process = process_make(phase=Phase.VOTING)
    a = proposal_make(process)
    ballot_make(process, [a], identity="user:1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ballot_make(process, [a], identity="user:1")


def test_proposal_numbers_are_unique_per_process():
    process = process_make()
    proposal_make(process, number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal_make(process, number=3)


def test_a_rejection_needs_a_reason():
    process = process_make()
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal_make(process, status=ProposalStatus.REJECTED, rejection_reason_ru="", rejection_reason_ky="")


def test_helpers_make_points_ranks_and_voters():
    process = process_make()
    village = village_make(process.municipality)
    a, b = proposal_make(process), proposal_make(process)
    assert (a.number, b.number) == (1, 2)
    points = ballot_make(process, {a: 3, b: 7})
    assert sorted(points.choices.values_list("points", flat=True)) == [3, 7]
    ranked = ballot_make(process, [b, a], ranked=True)
    assert list(ranked.choices.order_by("rank").values_list("proposal__number", flat=True)) == [2, 1]
    voter = voter_make(process, village=village)
    assert voter.residence_verified
    assert voter.village == village
    with translation.override("ky"):
        assert process.title == "Демилгелүү бюджет"
    with translation.override("ru"):
        assert process.title == "Инициативный бюджет"
