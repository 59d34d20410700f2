"""The vote path at a fixed cost: the ballot page and a cast take the same number of queries at any size."""

import pytest
from django.urls import reverse
from django.utils import translation

from kenesh.pb.models import Ballot
from kenesh.pb.testing import ballot_make, process_make, proposal_make, voter_make

pytestmark = pytest.mark.django_db


def _url(process):
    with translation.override("ky"):
        return reverse("pb:ballot", kwargs={"process_id": process.pk})


@pytest.mark.parametrize("projects", [3, 30])
def test_the_ballot_page_and_a_cast_cost_fixed_queries(client, projects, django_assert_num_queries):
    process = process_make(budget=10**9, max_choices=3, allow_change=True)
    proposals = [proposal_make(process, cost=1000 + n) for n in range(projects)]
    for _ in range(5):
        ballot_make(process, proposals[:2], user=voter_make(process))
    voter = voter_make(process)
    client.force_login(voter)
    # Process, session, user, desk register, own ballot (one query), projects; the base page's
    # office link (the person's roles).
    with django_assert_num_queries(7):
        page = client.get(_url(process))
    assert page.status_code == 200 and page.content.decode().count('name="choice"') == projects
    # A cast reads neither the stored ballot nor eligibility before ballot_cast (which checks it): process,
    # session, user, then ballot_cast's transaction (savepoint, process, projects, desk register, own
    # ballot locked, savepoint, insert ballot, release, insert choices, insert participation, release).
    with django_assert_num_queries(14):
        cast = client.post(_url(process), {"choice": ["1", "2"], "action": "cast"})
    assert cast.status_code == 302
    # The page shows the stored ballot back, still at the same cost.
    with django_assert_num_queries(7):
        again = client.get(_url(process))
    assert "pb-receipt" in again.content.decode()
    assert Ballot.objects.filter(process=process).count() == 6


def test_the_stored_ballot_is_shown_back_with_its_marks(client):
    process = process_make(ballot_format="ranked", max_choices=3, allow_change=True)
    a, _b, c = (proposal_make(process) for _ in range(3))
    voter = voter_make(process)
    ballot_make(process, [c, a], ranked=True, user=voter)
    client.force_login(voter)
    page = client.get(_url(process))
    assert page.context["stored"] == {3: 1, 1: 2}
    html = page.content.decode()
    assert '<option value="1" selected>' in html and '<option value="2" selected>' in html


def test_a_cast_by_someone_who_may_not_vote_shows_why_and_stores_nothing(client):
    process = process_make()
    proposal_make(process)
    client.force_login(voter_make(process_make()))  # a resident of another municipality
    page = client.post(_url(process), {"choice": ["1"], "action": "cast"})
    assert page.status_code == 200 and page.context["mode"] == "ineligible"
    assert 'name="choice"' not in page.content.decode()
    bad = client.post(_url(process), {"choice": ["x"], "action": "cast"})
    assert bad.context["mode"] == "ineligible"
    assert not Ballot.objects.exists()
