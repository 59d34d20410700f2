"""Participation by sex, age group, village and channel: groups under 5 are never shown as a number, and no
hidden number can be worked out from the total and the groups shown, even by one who knows the rule."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kenesh.accounts.models import AgeGroup, Role, Sex
from kenesh.accounts.testing import person_make
from kenesh.pb.count_store import result_compute
from kenesh.pb.election import CountBallot
from kenesh.pb.export import k_anonymous_columns
from kenesh.pb.models import Channel, Phase, Result
from kenesh.pb.participation import ELSEWHERE, Group, participation_of, suppress
from kenesh.pb.result_services import result_publish
from kenesh.pb.testing import ballot_make, process_make, proposal_make, village_make
from tests.pb.test_counting import municipality_new


def _published(counts: list[int], k: int) -> tuple[int | None, ...]:
    """What a reader of a breakdown sees: each group's number, or None where it is not shown."""
    groups = suppress([Group(str(i), count) for i, count in enumerate(counts)], k)
    return tuple(None if g.hidden else g.count for g in groups)


def _splits(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to share `total` among `parts` groups (each 0 or more)."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _splits(total - first, parts - 1):
            yield (first, *rest)


def _what_a_reader_can_tell(counts: list[int], k: int) -> dict[int, set[int]]:
    """For each hidden group, every number it could hold, to one who knows the rule, the total and the
    groups shown: every table with the same total that the rule would publish the same way."""
    seen = _published(counts, k)
    hidden = [i for i, value in enumerate(seen) if value is None]
    rest = sum(counts) - sum(value for value in seen if value is not None)
    possible: dict[int, set[int]] = {i: set() for i in hidden}
    for split in _splits(rest, len(hidden)) if hidden else ():
        table = list(counts)
        for i, value in zip(hidden, split, strict=True):
            table[i] = value
        if _published(table, k) == seen:
            for i, value in zip(hidden, split, strict=True):
                possible[i].add(value)
    return possible


def _assert_no_hidden_number_is_given_away(counts: list[int], k: int) -> None:
    for i, values in _what_a_reader_can_tell(counts, k).items():
        assert len(values) > 1, f"{counts}: group {i} is hidden, but it can only be {values}"
    assert all(value is None or value >= k or value == 0 for value in _published(counts, k))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=4))
@example([0, 0, 3])  # the issue: "Ballots: 3; Female 0; Male 0; Not stated <5" gave the 3 away
@example([0, 9, 3])
@example([5, 4, 4])
@example([5, 5, 3])
@example([4, 4, 4])
@example([12, 1, 1, 0])
def test_no_hidden_number_can_be_worked_out_from_the_total_and_the_groups_shown(counts):
    if sum(counts):  # no ballot at all: nobody to single out
        _assert_no_hidden_number_is_given_away(counts, 5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=2, max_size=5))
@example([2, 2, 2, 2, 2])
@example([4, 4, 4, 4, 4])
def test_no_hidden_number_can_be_worked_out_in_longer_breakdowns(counts):
    # A smaller k keeps the search over every possible table short with more groups.
    if sum(counts):
        _assert_no_hidden_number_is_given_away(counts, 3)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["", *Sex.values]), st.sampled_from(["", *AgeGroup.values])),
        min_size=5,
        max_size=60,
    )
)
def test_the_export_never_publishes_a_column_whose_breakdown_on_the_page_hides_a_group(profiles):
    # The Pabulib export of the same ballots carries sex and age group (crossed, when both) only where
    # every group keeps 5 or more: then the page's breakdown by that column has nothing to hide, and
    # the file cannot give away what the page hides.
    ballots = [CountBallot(choices=(("1", 1),), sex=sex, age_group=age) for sex, age in profiles]
    columns = k_anonymous_columns(ballots)
    for column, values in (("sex", Sex.values), ("age_group", AgeGroup.values)):
        of = [getattr(b, column) for b in ballots]
        groups = suppress([Group(v, of.count(v)) for v in values] + [Group("", of.count(""))])
        if column in columns:
            assert not any(g.hidden for g in groups), (column, [(g.label, g.count) for g in groups])


def test_groups_under_five_are_hidden():
    groups = suppress([Group("a", 10), Group("b", 4), Group("c", 3), Group("d", 7)])
    assert [g.hidden for g in groups] == [False, True, True, False]


def test_an_empty_group_beside_a_hidden_one_is_hidden_too():
    # Shown as 0, it would tell that the hidden "not stated" holds all the rest.
    groups = suppress([Group("f", 0), Group("m", 12), Group("not stated", 3)])
    assert [g.hidden for g in groups] == [True, False, True]


def test_the_one_group_left_is_hidden_too_when_it_is_under_twice_five():
    groups = suppress([Group("f", 0), Group("m", 9), Group("not stated", 3)])
    assert all(g.hidden for g in groups)


@pytest.mark.parametrize("groups", [5, 6])
def test_groups_that_all_hold_four_cannot_be_told_apart(groups):
    # Hidden, their sum would say each holds 4, were no other table published the same way.
    assert all(g.hidden for g in suppress([Group(str(i), 4) for i in range(groups)]))
    _assert_no_hidden_number_is_given_away([4] * groups, 5)


def test_empty_groups_are_shown_when_nothing_else_is_hidden():
    groups = suppress([Group("f", 0), Group("m", 9), Group("not stated", 6)])
    assert not any(g.hidden for g in groups)


def test_with_fewer_than_five_ballots_nothing_is_shown():
    assert all(g.hidden for g in suppress([Group("f", 0), Group("m", 0), Group("not stated", 3)]))


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
    village_make(municipality, "Ак-Суу")  # nobody voted there: listed all the same, with 0
    process = process_make(municipality, phase=Phase.RESULTS)
    project = proposal_make(process)
    for i in range(12):
        ballot_make(process, [project], sex="f" if i < 7 else "m", age_group="18-29", village=village)
    ballot_make(process, [project], channel=Channel.PAPER, sex="f", age_group="60+")
    with django_assert_num_queries(2):
        participation = participation_of(process)
    assert participation.ballots == 13
    assert participation.turnout == Decimal(13) / Decimal(400)
    sex, ages, villages, channels = (b.groups for b in participation.breakdowns)
    # Female, male, not stated: nothing under 5 but an empty group, so all shown.
    assert [(g.count, g.hidden) for g in sex] == [(8, False), (5, False), (0, False)]
    # 16-17, 18-29, 30-44, 45-59, 60+, not stated: the one 60+ ballot hides every group under 5, 0 too.
    assert [g.hidden for g in ages] == [True, False, True, True, True, True]
    # Ак-Суу, Көк-Жар, elsewhere or not stated (the paper ballot): the lone ballot hides the 0 beside it.
    assert [(str(g.label), g.count, g.hidden) for g in villages] == [
        ("Ак-Суу", 0, True),
        ("Көк-Жар", 12, False),
        (str(ELSEWHERE), 1, True),
    ]
    # Web, code, paper, SMS: no "not stated" row.
    assert [(g.count, g.hidden) for g in channels] == [(12, False), (0, True), (1, True), (0, True)]


@pytest.mark.django_db
def test_a_process_of_one_village_lists_that_village(django_assert_num_queries):
    municipality = municipality_new()
    village = village_make(municipality, "Көк-Жар")
    village.population = 50
    village.save()
    village_make(municipality, "Ак-Суу")  # not in the process's area: not listed
    process = process_make(municipality, phase=Phase.RESULTS, village=village)
    project = proposal_make(process)
    for _ in range(6):
        ballot_make(process, [project], village=village)
    with django_assert_num_queries(2):
        participation = participation_of(process)
    assert participation.turnout == Decimal(6) / Decimal(50)
    villages = participation.breakdowns[2].groups
    assert [(str(g.label), g.count, g.hidden) for g in villages] == [
        ("Көк-Жар", 6, False),
        (str(ELSEWHERE), 0, False),
    ]


@pytest.mark.django_db
def test_fewer_than_five_ballots_show_no_breakdown_on_the_results_page(client):
    # The issue: "Ballots: 3; Female 0; Male 0; Not stated <5" told that "not stated" was 3.
    process = process_make(municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000))
    project = proposal_make(process, cost=600)
    for _ in range(3):
        ballot_make(process, [project])
    participation = participation_of(process)
    assert (participation.ballots, participation.breakdowns) == (3, [])
    result = Result.objects.create(process=process, rule=process.rule)
    result_compute(result)
    result_publish(actor=person_make(role=Role.STAFF, municipality=process.municipality), result=result)
    with translation.override("en"):
        page = client.get(reverse("pb:results", kwargs={"process_id": process.pk}), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "no breakdown is shown" in text
    assert "Not stated" not in text and "<caption>" not in text
