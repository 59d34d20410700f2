"""The results page and the office's counts: winners, reasons in words, the voter's share, publishing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.pb.models import CountingRule, ImplementationProject, Phase, Result, ResultStatus
from kenesh.pb.result_services import result_publish
from kenesh.pb.results import reason_text
from kenesh.pb.testing import ballot_make, process_make, proposal_make, voter_make
from tests.pb.test_counting import counted_process, municipality_new

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


MES_WON = {
    "project": "3",
    "cost": 300,
    "supporters": 8,
    "selected": True,
    "reason": "selected",
    "round": 2,
    "payers": 8,
    "max_payment": "75/2",
    "rho": "1/8",
    "effective_votes": 8,
    "paid_all": 0,
    "total_paid": 300,
}
MES_LOST = {
    "project": "2",
    "cost": 500,
    "supporters": 4,
    "selected": False,
    "reason": "not_affordable",
    "money_left": "250",
    "winning_cost": 250,
    "winning_round": None,
    "cheaper_by": 250,
    "more_supporters": 3,
}
GREEDY_SKIPPED = {
    "project": "2",
    "selected": False,
    "rank": 2,
    "score": 40,
    "cost": 500,
    "money_left_before": 400,
    "reason": "skipped_does_not_fit",
}


@pytest.mark.parametrize(
    ("language", "won", "lost", "skipped"),
    [
        ("en", "Funded in round 2", "Not funded: when the count ended", "Place in the ranking: 2"),
        ("ru", "Профинансирован в раунде 2", "Не профинансирован: к концу подсчёта", "Место в рейтинге: 2"),
        ("ky", "2-турда каржыланды", "Каржыланган жок: эсептөө бүткөндө", "Рейтингдеги орду: 2"),
    ],
)
def test_reasons_are_plain_words_in_each_language(language, won, lost, skipped):
    details = {"per_voter_budget": 100}
    with translation.override(language):
        assert won in reason_text(MES_WON, ballot_format="approval", details=details)
        text = reason_text(MES_LOST, ballot_format="approval", details=details)
        assert lost in text
        assert "3" in text  # three more supporters would have been enough
        assert skipped in reason_text(GREEDY_SKIPPED, ballot_format="approval", details=details)


def test_every_reason_code_of_the_engine_has_words():
    from kenesh.tally.rules._common import REASONS

    # "selected" needs its round (MES) or rank (greedy): tested above.
    codes = {*REASONS, "selected_free", "selected_completion", "not_affordable"} - {"selected"}
    with translation.override("en"):
        for code in codes:
            text = reason_text(
                {"reason": code, "cost": 10, "selected": False}, ballot_format="approval", details={}
            )
            assert text not in ("Funded.", "Not funded."), code


def _publish(result: Result) -> Result:
    actor = person_make(role=Role.STAFF, municipality=result.process.municipality)
    return result_publish(actor=actor, result=result)


def test_the_results_page_shows_winners_totals_reasons_and_the_export(client, django_assert_num_queries):
    process, result = counted_process()
    _publish(result)
    url = reverse("pb:results", kwargs={"process_id": process.pk})
    # Process, result, its projects with their proposals, other results, participation (2): whatever the size.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Долбоор 1" in page and "Долбоор 3" in page
    assert reverse("pb:result_export", kwargs={"result_id": result.pk}) in page
    assert result.export_sha256 in page
    assert "kenesh tally --check" in page
    assert page.count('class="card" id="project-') == 3


def test_small_groups_are_not_shown_as_numbers(client):
    process, result = counted_process(voters=12)
    # All 12 ballots are 30-44; one more ballot from a 60+ voter makes a group of one.
    ballot_make(process, list(process.proposals.filter(number=1)), sex="f", age_group="60+")
    _publish(result)
    with translation.override("en"):
        page = client.get(reverse("pb:results", kwargs={"process_id": process.pk}), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Groups with fewer than 5 ballots are not shown" in text
    assert '<td class="number" colspan="2">not shown</td>' in text


def test_a_signed_in_voter_sees_what_their_vote_helped_fund(client, django_assert_max_num_queries):
    process = process_make(municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000))
    a = proposal_make(process, cost=600)
    b = proposal_make(process, cost=500)
    c = proposal_make(process, cost=300)
    voter = voter_make(process)
    ballot_make(process, [a, c], user=voter)
    for i in range(11):
        ballot_make(process, [a, c] if i % 3 else [b])
    result = Result.objects.create(process=process, rule=CountingRule.MES_ADD1)
    from kenesh.pb.count_store import result_compute

    result_compute(result)
    _publish(result)
    client.force_login(voter)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("pb:results", kwargs={"process_id": process.pk}))
    contribution = response.context["contribution"]
    assert [row.proposal.number for row in contribution.funded] == [1, 3]
    # add1 raises every voter's share from floor(1000 / 12) = 83 som while the outcome stays in budget.
    result.refresh_from_db()
    assert contribution.share == Decimal(result.details["per_voter_budget"]) == Decimal(124)
    paid = {row.proposal.number: amount for row, amount in contribution.payments}
    assert set(paid) == {1, 3}
    assert sum(paid.values()) + contribution.left == contribution.share
    # Somebody else sees no ballot of theirs.
    client.force_login(voter_make(process))
    assert (
        client.get(reverse("pb:results", kwargs={"process_id": process.pk})).context["contribution"] is None
    )


def test_before_publishing_the_public_sees_no_result(client):
    process, result = counted_process()
    response = client.get(reverse("pb:results", kwargs={"process_id": process.pk}))
    assert response.status_code == 200
    assert "Долбоор 1" not in response.content.decode()
    assert client.get(reverse("pb:result", kwargs={"result_id": result.pk})).status_code == 403


def test_staff_count_then_publish_from_the_office(client, django_capture_on_commit_callbacks):
    process = process_make(municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000))
    a = proposal_make(process, cost=600)
    for _ in range(6):
        ballot_make(process, [a])
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    office_login(client, staff)
    office = reverse("pb:office_results", kwargs={"process_id": process.pk})
    assert client.get(office).status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("pb:office_result_count", kwargs={"process_id": process.pk}))
    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is enqueued once the transaction commits
    result = Result.objects.get(process=process)
    assert result.status == ResultStatus.QUEUED
    page = client.get(office).content.decode()
    assert 'hx-get="' + reverse("pb:result_progress", kwargs={"result_id": result.pk}) in page
    assert "<progress" in page
    from kenesh.pb.count_store import result_compute

    result_compute(result)
    response = client.post(reverse("pb:office_result_publish", kwargs={"result_id": result.pk}))
    assert response.status_code == 302
    process.refresh_from_db()
    result.refresh_from_db()
    assert process.phase == Phase.RESULTS
    assert result.published_at is not None
    assert ImplementationProject.objects.filter(result=result).count() == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"pb.result.count", "pb.result.publish", "pb.process.phase", "pb.implementation.create"} <= actions
    # Publishing twice is refused with a message, nothing changes.
    published_at = result.published_at
    client.post(reverse("pb:office_result_publish", kwargs={"result_id": result.pk}))
    result.refresh_from_db()
    assert result.published_at == published_at


def test_counting_is_refused_before_voting_closes(client):
    process = process_make(municipality_new(), phase=Phase.VOTING)
    proposal_make(process)
    office_login(client, person_make(role=Role.STAFF, municipality=process.municipality))
    client.post(reverse("pb:office_result_count", kwargs={"process_id": process.pk}))
    assert not Result.objects.filter(process=process).exists()


def test_staff_of_another_municipality_cannot_count_or_publish(client):
    process, result = counted_process()
    office_login(client, person_make(role=Role.STAFF, municipality=municipality_new()))
    assert (
        client.post(reverse("pb:office_result_count", kwargs={"process_id": process.pk})).status_code == 403
    )
    assert (
        client.post(reverse("pb:office_result_publish", kwargs={"result_id": result.pk})).status_code == 403
    )
    assert client.get(reverse("pb:office_results", kwargs={"process_id": process.pk})).status_code == 403
    result.refresh_from_db()
    assert result.published_at is None


def test_the_progress_fragment_polls_until_done(client):
    process, result = counted_process()
    office_login(client, person_make(role=Role.STAFF, municipality=process.municipality))
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.RUNNING, progress=40)
    url = reverse("pb:result_progress", kwargs={"result_id": result.pk})
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "40%" in response.content.decode()
    assert "HX-Refresh" not in response
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.DONE, progress=100)
    assert client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    # Without htmx (no JavaScript) the fragment's address leads to the page.
    assert client.get(url).status_code == 302


def test_an_unpublished_counts_progress_is_for_its_staff_only(client):
    process, result = counted_process()
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.RUNNING, progress=40)
    url = reverse("pb:result_progress", kwargs={"result_id": result.pk})
    public_page = reverse("pb:results", kwargs={"process_id": process.pk})

    def sees_progress() -> tuple[int, bool]:
        response = client.get(url, HTTP_HX_REQUEST="true")
        page = client.get(public_page).content.decode()
        return response.status_code, "40%" in page or url in page

    assert sees_progress() == (403, False)  # anonymous
    client.force_login(person_make(resident_of=process.municipality, verified=True))
    assert sees_progress() == (403, False)  # a resident
    client.logout()
    office_login(client, person_make(role=Role.STAFF, municipality=municipality_new()))
    assert sees_progress() == (403, False)  # staff of another municipality
    client.logout()
    office_login(client, person_make(role=Role.STAFF, municipality=process.municipality))
    assert sees_progress() == (200, True)  # the process's own staff
    # Once published, the (finished) count's fragment is public like the result.
    client.logout()
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.DONE, progress=100)
    result_publish(actor=person_make(role=Role.STAFF, municipality=process.municipality), result=result)
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_a_cumulative_voter_sees_their_share_paid_in_full_or_kept(client):
    from kenesh.pb.models import BallotFormat

    process = process_make(
        municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000), ballot_format=BallotFormat.CUMULATIVE
    )
    a, b = proposal_make(process, cost=600), proposal_make(process, cost=300)
    voter = voter_make(process)
    ballot_make(process, {a: 7, b: 3}, user=voter)
    for i in range(9):
        ballot_make(process, {a: 5, b: 5} if i % 2 else {a: 10})
    result = Result.objects.create(process=process, rule=CountingRule.MES_ADD1)
    from kenesh.pb.count_store import result_compute

    result_compute(result)
    _publish(result)
    client.force_login(voter)
    contribution = client.get(reverse("pb:results", kwargs={"process_id": process.pk})).context[
        "contribution"
    ]
    assert contribution.share is not None
    assert sum(paid for _, paid in contribution.payments) + contribution.left == contribution.share
    assert {row.proposal.number for row, _ in contribution.payments} <= {1, 2}


def test_a_ranked_result_says_how_places_became_points(client):
    process = process_make(
        municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000), ballot_format="ranked", max_choices=2
    )
    a = proposal_make(process, cost=600)
    b = proposal_make(process, cost=500)
    c = proposal_make(process, cost=300)
    voter = voter_make(process)
    # The voter ranks one project only: under points by place it still supports it (2 points, not 0).
    ballot_make(process, [c], ranked=True, user=voter)
    for i in range(11):
        ballot_make(process, [a, c] if i % 3 else [b], ranked=True)
    result = Result.objects.create(process=process, rule=CountingRule.MES_ADD1)
    from kenesh.pb.count_store import result_compute

    result_compute(result)
    _publish(result)
    client.force_login(voter)
    with translation.override("en"):
        response = client.get(
            reverse("pb:results", kwargs={"process_id": process.pk}), HTTP_ACCEPT_LANGUAGE="en"
        )
    page = response.content.decode()
    assert "the project in place 1 got 2 points" in page
    assert "Ranked by" not in page
    contribution = response.context["contribution"]
    assert [row.proposal.number for row in contribution.funded] == [3]
    paid = {row.proposal.number: amount for row, amount in contribution.payments}
    assert paid and paid[3] > 0
