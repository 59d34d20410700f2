"""Writes need the CSRF token: a ballot, a desk hand-out and a profile change posted from elsewhere fail."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.models import Role, User
from kenesh.accounts.testing import office_login, person_make
from kenesh.pb.models import Ballot, DeskVoter
from kenesh.pb.testing import process_make, proposal_make, voter_make

pytestmark = pytest.mark.django_db


def test_posts_without_the_token_are_refused_and_write_nothing():
    process = process_make(max_choices=2)
    proposal_make(process)
    voter = voter_make(process, full_name="Before")
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    with translation.override("en"):
        ballot = reverse("pb:ballot", kwargs={"process_id": process.pk})
        desk = reverse("pb:office_desk", kwargs={"process_id": process.pk})
        profile = reverse("accounts:profile")
    client = Client(enforce_csrf_checks=True)
    client.force_login(voter)
    assert client.post(ballot, {"choice": ["1"], "action": "cast", "declare": "1"}).status_code == 403
    assert client.post(profile, {"full_name": "After", "preferred_language": "en"}).status_code == 403
    office = Client(enforce_csrf_checks=True)
    office_login(office, staff)
    data = {"account": voter.pk, "credential": "code", "checked": "on"}
    assert office.post(desk, data).status_code == 403
    assert not Ballot.objects.exists() and not DeskVoter.objects.exists()
    assert User.objects.get(pk=voter.pk).full_name == "Before"
