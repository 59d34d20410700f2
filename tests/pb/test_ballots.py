"""ballot_cast: every format's rules, eligibility, phases, one ballot per person, changes where allowed."""

from decimal import Decimal

import pytest
from django.utils import translation

from kenesh.accounts.models import AgeGroup
from kenesh.pb.ballots import (
    BallotRejected,
    Identity,
    VoterProfile,
    ballot_cast,
    ballot_choices_of,
    ballot_of,
)
from kenesh.pb.models import Ballot, BallotChoice, BallotFormat, Channel, Participation, Phase
from kenesh.pb.testing import process_make, proposal_make, village_make, voter_make

pytestmark = pytest.mark.django_db


def cast(process, user, choices, **profile):
    return ballot_cast(
        process=process,
        identity=Identity.of_user(user),
        channel=Channel.WEB,
        choices=choices,
        voter_profile=VoterProfile.of_user(user, **profile),
    )


def assert_rejected(code, process, user, choices, **profile):
    ballots, rows, participations = (
        Ballot.objects.count(),
        BallotChoice.objects.count(),
        Participation.objects.count(),
    )
    with pytest.raises(BallotRejected) as caught:
        cast(process, user, choices, **profile)
    assert caught.value.code == code, caught.value.message
    assert (Ballot.objects.count(), BallotChoice.objects.count(), Participation.objects.count()) == (
        ballots,
        rows,
        participations,
    )
    return str(caught.value)


@pytest.fixture
def process():
    process = process_make(budget=1000, min_choices=1, max_choices=2)
    for cost in (600, 500, 300):
        proposal_make(process, cost=cost)
    return process


def test_an_approval_ballot_is_stored_with_its_participation(process):
    voter = voter_make(process)
    result = cast(process, voter, {1: 1, 3: 1})
    assert not result.changed
    assert ballot_choices_of(ballot_of(process=process, identity=Identity.of_user(voter))) == {1: 1, 3: 1}
    participation = Participation.objects.get()
    assert (participation.user, participation.channel) == (voter, Channel.WEB)
    # The ballot itself names nobody.
    ballot = Ballot.objects.get()
    assert f"user:{voter.pk}" not in ballot.voter_key and len(ballot.voter_key) == 64
    assert not any(field.is_relation and field.related_model is type(voter) for field in Ballot._meta.fields)


def test_a_vote_outside_the_voting_phase_changes_nothing(process):
    process.phase = Phase.REVIEW
    process.save()
    with translation.override("ru"):
        message = assert_rejected("not_voting", process, voter_make(process), {1: 1})
    assert "Голосование не открыто" in message or "Voting is not open" in message


def test_a_project_not_in_the_process_is_rejected(process):
    other = process_make(municipality=process.municipality)
    proposal_make(other, number=9)
    message = assert_rejected("foreign_project", process, voter_make(process), {1: 1, 9: 1})
    assert "9" in message


def test_a_rejected_or_hidden_proposal_is_not_on_the_ballot(process):
    proposal_make(process, number=4, status="rejected")
    proposal_make(process, number=5, hidden=True)
    voter = voter_make(process)
    assert_rejected("foreign_project", process, voter, {4: 1})
    assert_rejected("foreign_project", process, voter, {5: 1})


def test_approval_limits(process):
    voter = voter_make(process)
    assert_rejected("empty", process, voter, {})
    assert_rejected("too_many", process, voter, {1: 1, 2: 1, 3: 1})
    assert_rejected("bad_value", process, voter, {1: 2})


def test_an_over_budget_knapsack_changes_nothing(process):
    process.ballot_format = BallotFormat.KNAPSACK
    process.max_choices = None
    process.save()
    voter = voter_make(process)
    message = assert_rejected("over_budget", process, voter, {1: 1, 2: 1})
    assert "1" in message
    cast(process, voter, {2: 1, 3: 1})  # 800 of 1000


def test_the_final_cost_counts_in_a_knapsack(process):
    process.ballot_format = BallotFormat.KNAPSACK
    process.save()
    second = process.proposals.get(number=2)
    second.final_cost = Decimal(800)
    second.save()
    assert_rejected("over_budget", process, voter_make(process), {2: 1, 3: 1})


def test_cumulative_points(process):
    process.ballot_format = BallotFormat.CUMULATIVE
    process.points_total = 10
    process.max_points_per_project = 6
    process.save()
    voter = voter_make(process)
    assert_rejected("too_many_points", process, voter, {1: 6, 2: 5})
    assert_rejected("too_many_points_per_project", process, voter, {1: 7})
    assert_rejected("bad_value", process, voter, {1: 0, 2: 3})
    cast(process, voter, {1: 6, 3: 4})
    assert sorted(BallotChoice.objects.values_list("points", flat=True)) == [4, 6]


def test_ranked_top_k(process):
    process.ballot_format = BallotFormat.RANKED
    process.save()
    voter = voter_make(process)
    assert_rejected("bad_ranks", process, voter, {1: 1, 2: 3})
    assert_rejected("too_many", process, voter, {1: 1, 2: 2, 3: 3})
    cast(process, voter, {3: 1, 1: 2})
    assert list(BallotChoice.objects.order_by("rank").values_list("proposal__number", flat=True)) == [3, 1]


def test_one_person_one_ballot(process):
    voter = voter_make(process)
    cast(process, voter, {1: 1})
    assert_rejected("already_voted", process, voter, {2: 1})
    assert ballot_choices_of(Ballot.objects.get()) == {1: 1}


def test_a_change_rewrites_the_same_ballot_where_allowed(process):
    process.allow_change = True
    process.save()
    voter = voter_make(process)
    first = cast(process, voter, {1: 1}).ballot
    second = cast(process, voter, {2: 1, 3: 1})
    assert second.changed and second.ballot.pk == first.pk
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1
    assert ballot_choices_of(Ballot.objects.get()) == {2: 1, 3: 1}
    assert Participation.objects.get().changed_at is not None


def test_eligibility(process):
    from kenesh.accounts.testing import person_make
    from kenesh.territory.testing import municipality_make

    elsewhere = person_make(resident_of=municipality_make("41702215899000", "Башка"), verified=True)
    assert_rejected("not_resident", process, elsewhere, {1: 1})
    unverified = person_make(resident_of=process.municipality)
    assert_rejected("not_verified", process, unverified, {1: 1})

    process.min_age = 18
    process.save()
    assert_rejected("too_young", process, voter_make(process, age_group=AgeGroup.Y16_17), {1: 1})
    unknown_age = voter_make(process, age_group="")
    assert_rejected("age_unconfirmed", process, unknown_age, {1: 1})
    cast(process, unknown_age, {1: 1}, declared_eligible=True)

    village, other_village = village_make(process.municipality), village_make(process.municipality)
    process.village = village
    process.save()
    assert_rejected("wrong_village", process, voter_make(process, village=other_village), {1: 1})
    cast(process, voter_make(process, village=village), {1: 1})


def test_sex_is_kept_only_with_consent(process):
    from django.utils import timezone

    without = voter_make(process, sex="f")
    with_consent = voter_make(process, sex="f", demographics_consent_at=timezone.now())
    cast(process, without, {1: 1})
    cast(process, with_consent, {1: 1})
    assert sorted(Ballot.objects.values_list("sex", "age_group")) == [("", ""), ("f", "30-44")]
