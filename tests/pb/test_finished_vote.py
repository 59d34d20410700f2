"""A finished vote reads as finished: the results explain the Add1 raise of the shares in plain words, in
whole som as the budget pages write money; proposals say selected or not; the projects being built are
linked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.count_store import result_compute
from kenesh.pb.models import CountingRule, Phase, Result
from kenesh.pb.result_services import result_publish
from kenesh.pb.testing import ballot_make, process_make, proposal_make
from tests.pb.test_counting import municipality_new

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"pb:{name}", kwargs=kwargs)


def _published(rule=CountingRule.MES_ADD1):
    """Budget 1,000 som, 12 voters: an equal share of 83.33 som, which Add1 raises to 124 som."""
    process = process_make(municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000), rule=rule)
    a = proposal_make(process, cost=600)
    b = proposal_make(process, cost=500)
    c = proposal_make(process, cost=300)
    for i in range(12):
        ballot_make(process, [a, c] if i % 3 else [b])
    result = Result.objects.create(process=process, rule=rule)
    result_compute(result)
    result_publish(actor=person_make(role=Role.STAFF, municipality=process.municipality), result=result)
    return process, result


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            [
                "the budget of 1,000\xa0som shared equally among the 12 voters gives 83\xa0som each",
                "the Add1 completion",
                "raised the shares to 124\xa0som each, 41\xa0som (49%) more than the equal share",
                "not money paid to anyone",
            ],
        ),
        (
            "ky",
            [
                "1\xa0000\xa0сом бюджетти 12 добуш берүүчүгө тең бөлсөк, ар бирине 83\xa0сом тиет",
                "Add1 толуктоосу",
                "үлүштөр ар бирине 124\xa0сом болуп көбөйдү: тең үлүштөн 41\xa0сом (49%) көп",
            ],
        ),
        (
            "ru",
            [
                "бюджет 1\xa0000\xa0сом, разделённый поровну между голосующими (12), даёт по 83\xa0сом",
                "дополнение Add1",
                "доли выросли до 124\xa0сом каждому — на 41\xa0сом (49\xa0%) больше равной доли",
            ],
        ),
    ],
)
def test_the_results_say_how_far_add1_raised_the_shares_and_why(client, language, words):
    process, _result = _published()
    text = client.get(url("results", language, process_id=process.pk)).content.decode()
    for phrase in words:
        assert phrase in text
    # One money format, as on the budget pages: whole som, no ",00" / ".00".
    assert ",00\xa0сом" not in text and ".00\xa0som" not in text and ".00 som" not in text


def test_without_a_raise_the_share_is_just_the_budget_divided(client):
    process, result = _published()
    Result.objects.filter(pk=result.pk).update(details={**result.details, "per_voter_budget": "250/3"})
    text = client.get(url("results", process_id=process.pk)).content.decode()
    assert "the budget of 1,000\xa0som was shared equally among the 12 voters, 83\xa0som each." in text
    assert "Add1" not in text


@pytest.mark.parametrize(
    ("language", "selected", "not_selected", "on_ballot", "built"),
    [
        (
            "ky",
            "Добуш берүүдө тандалды: каржыланат",
            "Добуш берүүдө тандалган жок",
            "Бюллетенде",
            "Ишке ашырылып жаткан долбоорлор",
        ),
        (
            "ru",
            "Выбран голосованием: будет профинансирован",
            "Не выбран голосованием",
            "В бюллетене",
            "Реализуемые проекты",
        ),
    ],
)
def test_after_the_results_proposals_say_selected_or_not_and_the_building_is_linked(
    client, language, selected, not_selected, on_ballot, built
):
    process, result = _published()
    funded = set(result.projects.filter(selected=True).values_list("proposal__number", flat=True))
    assert funded and len(funded) < 3
    text = client.get(url("process", language, process_id=process.pk)).content.decode()
    assert text.count(selected) == len(funded) and text.count(not_selected) == 3 - len(funded)
    assert on_ballot not in text
    assert url("implementation", language, process_id=process.pk) in text and built in text
    winner = client.get(url("proposal", language, process_id=process.pk, number=min(funded))).content.decode()
    assert selected in winner


def test_before_the_results_proposals_are_on_the_ballot_and_nothing_is_built(client):
    process = process_make(municipality_new(), phase=Phase.VOTING)
    proposal_make(process)
    with translation.override("ru"):
        text = client.get(url("process", "ru", process_id=process.pk)).content.decode()
    assert "В бюллетене" in text and "Выбран голосованием" not in text
    assert url("implementation", "ru", process_id=process.pk) not in text
