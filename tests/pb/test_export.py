"""The anonymised Pabulib export: shuffled ballots, random voter ids, k-anonymous sex and age columns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.pb.election import CountBallot, CountProject
from kenesh.pb.export import ExportInfo, export_election, export_text, k_anonymous_columns, random_voter_ids
from kenesh.tally.pabulib import parse_pabulib
from tests.pb.test_counting import counted_process

INFO = ExportInfo(description="Суу", unit="Kum-Dobo", instance="2026", rule="equalshares/add1")
PROJECTS = [CountProject("1", Decimal(100)), CountProject("2", Decimal(200))]


def _profiles(*groups: tuple[str, str, int]) -> list[CountBallot]:
    ballots = []
    for sex, age_group, n in groups:
        ballots += [CountBallot(choices=(("1", 1),), sex=sex, age_group=age_group)] * n
    return ballots


def test_sex_and_age_are_kept_when_every_combination_has_five():
    ballots = _profiles(("f", "18-29", 5), ("m", "18-29", 6), ("f", "60+", 5), ("m", "60+", 7))
    assert k_anonymous_columns(ballots) == ("sex", "age_group")


def test_age_is_dropped_when_a_combination_is_too_small_but_sex_alone_is_safe():
    ballots = _profiles(("f", "18-29", 9), ("m", "18-29", 6), ("f", "60+", 1), ("m", "60+", 7))
    assert k_anonymous_columns(ballots) == ("sex",)


def test_sex_is_dropped_when_one_sex_has_fewer_than_five_and_age_alone_is_safe():
    ballots = _profiles(("f", "18-29", 2), ("m", "18-29", 6), ("m", "60+", 7))
    assert k_anonymous_columns(ballots) == ("age_group",)


def test_everything_is_dropped_when_no_column_is_safe():
    ballots = _profiles(("f", "18-29", 1), ("m", "30-44", 6), ("m", "60+", 3))
    assert k_anonymous_columns(ballots) == ()


def test_ballots_without_a_profile_form_a_group_that_must_be_large_enough_too():
    assert k_anonymous_columns(_profiles(("f", "", 5), ("", "", 4))) == ()
    assert k_anonymous_columns(_profiles(("f", "", 5), ("", "", 5))) == ("sex",)
    # A column nobody filled in is not published.
    assert k_anonymous_columns(_profiles(("", "", 20))) == ()


def test_voter_ids_are_random_and_distinct():
    ids = random_voter_ids(1000)
    assert len(set(ids)) == 1000
    assert ids != random_voter_ids(1000)
    assert all(len(i) == 10 and int(i, 16) >= 0 for i in ids)


def test_the_file_names_the_rule_in_pabulib_terms_and_shuffles_the_ballots():
    ballots = [CountBallot(choices=(("1", 1),))] * 30 + [CountBallot(choices=(("2", 1),))] * 30
    orders = set()
    for _ in range(3):
        election = export_election(
            info=INFO, ballot_format="approval", budget=Decimal(250), projects=PROJECTS, ballots=ballots
        )
        text = export_text(election)
        parsed = parse_pabulib(text)
        assert parsed.meta["rule"] == "equalshares/add1"
        assert parsed.meta["vote_type"] == "approval"
        assert parsed.meta["num_votes"] == "60"
        assert parsed.project_columns[-1] == "selected"
        assert "sex" not in parsed.voter_columns
        orders.add(tuple(parsed.indices.tolist()))
    assert len(orders) > 1


def test_sex_is_written_as_pabulib_writes_it():
    ballots = _profiles(("f", "30-44", 5), ("m", "30-44", 5))
    parsed = parse_pabulib(
        export_text(
            export_election(
                info=INFO, ballot_format="approval", budget=Decimal(250), projects=PROJECTS, ballots=ballots
            )
        )
    )
    assert sorted(set(parsed.voter_fields["sex"])) == ["F", "M"]
    assert set(parsed.voter_fields["age_group"]) == {"30-44"}


@pytest.mark.django_db
def test_the_export_and_its_digest_download_for_a_published_result(client):
    _process, result = counted_process()
    result.published_at = result.finished_at
    result.save()
    response = client.get(reverse("pb:result_export", kwargs={"result_id": result.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == result.export.encode()
    digest = client.get(reverse("pb:result_digest", kwargs={"result_id": result.pk}))
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert digest.content.decode() == f"{result.export_sha256}  {name}\n"


@pytest.mark.django_db
def test_an_unpublished_export_is_for_the_process_staff_only(client):
    process, result = counted_process()
    url = reverse("pb:result_export", kwargs={"result_id": result.pk})
    assert client.get(url).status_code == 403
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    office_login(client, staff)
    assert client.get(url).status_code == 200
