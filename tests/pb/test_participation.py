"""Participation by sex, age group, village and channel: groups under 5 are never shown as a number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kenesh.pb.models import Channel, Phase
from kenesh.pb.participation import Group, participation_of, suppress
from kenesh.pb.testing import ballot_make, process_make, proposal_make, village_make
from tests.pb.test_counting import municipality_new


def test_groups_under_five_are_hidden():
    groups = suppress([Group("a", 10), Group("b", 4), Group("c", 3), Group("d", 0)])
    assert [g.hidden for g in groups] == [False, True, True, False]


def test_a_single_hidden_group_hides_the_next_smallest_so_it_cannot_be_subtracted():
    groups = suppress([Group("a", 10), Group("b", 7), Group("c", 2)])
    assert [g.hidden for g in groups] == [False, True, True]


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert not any(g.hidden for g in suppress([Group("a", 5), Group("b", 6)]))


@pytest.mark.django_db
def test_participation_by_sex_age_village_and_channel(django_assert_num_queries):
    municipality = municipality_new()
    municipality.population = 400
    municipality.save()
    village = village_make(municipality, "Көк-Жар")
    process = process_make(municipality, phase=Phase.RESULTS)
    project = proposal_make(process)
    for i in range(12):
        ballot_make(process, [project], sex="f" if i < 7 else "m", age_group="18-29", village=village)
    ballot_make(process, [project], channel=Channel.PAPER, sex="f", age_group="60+")
    with django_assert_num_queries(2):
        participation = participation_of(process)
    assert participation.ballots == 13
    assert participation.turnout == Decimal(13) / Decimal(400)
    sex = participation.breakdowns[0].groups
    assert sorted(g.count for g in sex if not g.hidden) == [5, 8]
    channel_groups = list(participation.breakdowns[3].groups)
    web, paper = channel_groups[0], channel_groups[2]
    assert (web.count, web.hidden) == (12, True)  # hidden with paper's 1, which would otherwise be 13 - 12
    assert (paper.count, paper.hidden) == (1, True)
    ages = participation.breakdowns[1].groups
    assert [g.hidden for g in ages if g.count] == [True, True]
