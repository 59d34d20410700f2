"""The ballot's "Check my choice": the format's rules, what is wrong, the age declaration kept; the rules
stated with their numbers on the ballot and the process page (Kyrgyz numbers with their case suffix)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kenesh.pb.ballot_rules import ballot_rules, choices_rule
from kenesh.pb.models import Ballot, BallotFormat
from kenesh.pb.testing import process_with_proposals, proposal_make, voter_make

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"pb:{name}", kwargs=kwargs)


@pytest.fixture
def process():
    process = process_with_proposals(min_choices=1, max_choices=3, min_age=18)
    proposal_make(process, cost=100)
    return process


@pytest.mark.parametrize(
    ("language", "too_many", "ok"),
    [
        ("ky", "Эң көп дегенде 3 долбоор тандаңыз.", "Тандооңуз бул бюллетендин эрежелерине туура келет."),
        ("ru", "Выберите не больше 3 проектов.", "Ваш выбор соответствует правилам этого бюллетеня."),
    ],
)
def test_the_check_says_what_is_wrong_and_keeps_the_marks_and_the_declaration(
    client, process, language, too_many, ok
):
    client.force_login(voter_make(process, age_group=""))
    ballot_url = url("ballot", language, process_id=process.pk)
    page = client.post(ballot_url, {"choice": ["1", "2", "3", "4"], "declare": "1", "action": "preview"})
    text = page.content.decode()
    assert too_many in text and 'role="alert"' in text
    assert text.count('name="choice"') == 4 and text.count(" checked") == 5  # four marks and the declaration
    assert 'name="declare" value="1" checked' in text
    # The live warning is shown by the server too (without JavaScript).
    assert 'data-tally="too-many">' in text and 'data-tally="too-many" hidden' not in text
    assert Ballot.objects.count() == 0

    page = client.post(ballot_url, {"choice": ["1", "3"], "declare": "1", "action": "preview"})
    text = page.content.decode()
    assert ok in text and 'role="alert"' not in text
    assert 'name="declare" value="1" checked' in text and 'data-tally="too-many" hidden' in text
    assert Ballot.objects.count() == 0


def test_a_refused_cast_keeps_the_declaration(client, process):
    client.force_login(voter_make(process, age_group=""))
    refused = client.post(
        url("ballot", process_id=process.pk),
        {"choice": ["1", "2", "3", "4"], "declare": "1", "action": "cast"},
    )
    assert refused.status_code == 400
    assert 'name="declare" value="1" checked' in refused.content.decode()


def test_the_check_of_a_knapsack_and_a_cumulative_ballot(client, process):
    process.ballot_format = BallotFormat.KNAPSACK
    process.max_choices = None
    process.save()
    client.force_login(voter_make(process))
    text = client.post(
        url("ballot", process_id=process.pk), {"choice": ["1", "2"], "action": "preview"}
    ).content.decode()
    assert "more than the budget of 1,000 som" in text
    process.ballot_format = BallotFormat.CUMULATIVE
    process.points_total = 10
    process.save()
    text = client.post(
        url("ballot", process_id=process.pk), {"points_1": "8", "points_2": "5", "action": "preview"}
    ).content.decode()
    assert "You gave 13 points; you have 10 to distribute." in text
    assert 'data-tally="points-over">Too many points' in text


@pytest.mark.parametrize(
    ("low", "high", "ky", "ru"),
    [
        (1, 3, "1ден 3кө чейин долбоор тандаңыз.", "Выберите от 1 до 3 проектов."),
        (2, 3, "2ден 3кө чейин долбоор тандаңыз.", "Выберите от 2 до 3 проектов."),
        (1, 6, "1ден 6га чейин долбоор тандаңыз.", "Выберите от 1 до 6 проектов."),
        (0, 40, "1ден 40ка чейин долбоор тандаңыз.", "Выберите от 1 до 40 проектов."),
        (0, 1, "Так 1 долбоор тандаңыз.", "Выберите ровно 1 проект."),
        (4, 10, "4төн 10го чейин долбоор тандаңыз.", "Выберите от 4 до 10 проектов."),
        (2, 2, "Так 2 долбоор тандаңыз.", "Выберите ровно 2 проекта."),
        (2, None, "Жок дегенде 2 долбоор тандаңыз;", "Выберите не меньше 2 проектов"),
    ],
)
def test_the_rule_states_its_numbers_in_each_language(low, high, ky, ru):
    with translation.override("ky"):
        assert choices_rule(low, high).startswith(ky)
    with translation.override("ru"):
        assert choices_rule(low, high).startswith(ru)


def test_the_process_page_and_the_ballot_state_the_numbers(client, process):
    process.min_choices = 1
    process.max_choices = 3
    process.save()
    ky = client.get(url("process", "ky", process_id=process.pk)).content.decode()
    ru = client.get(url("process", "ru", process_id=process.pk)).content.decode()
    assert "1ден 3кө чейин долбоор тандаңыз." in ky
    assert "Выберите от 1 до 3 проектов." in ru
    assert "minimum" not in ru and "эң аз жана эң көп" not in ky
    with translation.override("ky"):
        assert ballot_rules(process) == ["1ден 3кө чейин долбоор тандаңыз."]
    process.min_choices = 1
    process.max_choices = 3
    ballot = client.get(url("ballot", "ky", process_id=process.pk)).content.decode()
    assert "1ден 3кө чейин долбоор тандаңыз." in ballot
