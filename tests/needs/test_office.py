"""The needs office: recording a session from a paper form, its bad inputs, permissions, publishing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kenesh.accounts.testing import office_login
from kenesh.needs.models import Category, Session
from kenesh.needs.testing import category


def _url(name, campaign, **kwargs):
    return reverse(name, kwargs={"coate": campaign.municipality.coate, "year": campaign.year, **kwargs})


def _form(villages, **overrides):
    data = {
        "village": villages[0].pk,
        "held_on": "2025-07-02",
        "facilitator": "Айгүл",
        "group_type": "women",
        "method": "rank",
        "participants": "14",
        "women": "14",
        "men": "0",
        "problem_1_category": str(category("drinking-water").pk),
        "problem_1_text_ky": "Таза суу жок",
        "problem_1_score": "1",
        "problem_2_category": str(category("kindergartens").pk),
        "problem_2_score": "2",
    }
    data.update(overrides)
    return data


def test_staff_record_a_session_from_a_paper_form(client, campaign, villages, staff):
    office_login(client, staff)
    page = client.get(_url("needs:office_session_new", campaign))
    assert page.status_code == 200
    response = client.post(_url("needs:office_session_new", campaign), _form(villages))
    assert response.status_code == 302
    session = Session.objects.get()
    assert [problem.rank for problem in session.problems.all()] == [1, 2]


def test_a_refused_session_keeps_what_was_typed(client, campaign, villages, staff):
    office_login(client, staff)
    response = client.post(_url("needs:office_session_new", campaign), _form(villages, women="9", men="3"))
    assert response.status_code == 400
    assert "add up to 12, not to the 14 participants" in response.content.decode()
    assert 'value="Таза суу жок"' in response.content.decode()
    assert not Session.objects.exists()


def test_the_refusal_speaks_the_readers_language(client, campaign, villages, staff):
    office_login(client, staff)
    url = _url("needs:office_session_new", campaign).replace("/en/", "/ru/", 1)
    response = client.post(url, _form(villages, women="9", men="3"))
    assert response.status_code == 400
    assert "участников" in response.content.decode()


def test_a_category_without_its_choice_is_refused(client, campaign, villages, staff):
    office_login(client, staff)
    response = client.post(
        _url("needs:office_session_new", campaign),
        _form(villages, problem_3_text_ru="Мост", problem_3_score="3"),
    )
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_correct_and_delete_a_session(client, campaign, villages, staff):
    office_login(client, staff)
    client.post(_url("needs:office_session_new", campaign), _form(villages))
    session = Session.objects.get()
    edit = reverse("needs:office_session", kwargs={"pk": session.pk})
    assert client.get(edit).status_code == 200
    assert client.post(edit, _form(villages, participants="20", women="20")).status_code == 302
    session.refresh_from_db()
    assert session.participants == 20
    assert client.post(reverse("needs:office_session_delete", kwargs={"pk": session.pk})).status_code == 302
    assert not Session.objects.exists()


def test_publish_and_category(client, campaign, villages, staff):
    office_login(client, staff)
    client.post(_url("needs:office_session_new", campaign), _form(villages))
    assert client.post(_url("needs:office_publish", campaign)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_published
    response = client.post(
        _url("needs:office_category_new", campaign), {"name_ky": "Көпүрө", "name_ru": "Мосты"}
    )
    assert response.status_code == 302
    assert Category.objects.filter(municipality=campaign.municipality, name_ru="Мосты").exists()
    assert client.get(_url("needs:office_campaign", campaign)).status_code == 200


def test_open_a_campaign(client, ours, villages, staff):
    office_login(client, staff)
    url = reverse("needs:office_municipality", kwargs={"coate": ours.coate})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "year": "2026",
            "starts_on": "2026-06-01",
            "ends_on": "2026-05-01",
            "points_per_person": 3,
            "max_problems": 5,
        },
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "year": "2026",
            "starts_on": "2026-06-01",
            "ends_on": "2026-08-01",
            "points_per_person": 3,
            "max_problems": 5,
        },
    )
    assert response.status_code == 302


WRITES = [
    ("post", "needs:office_session_new", True),
    ("post", "needs:office_import", True),
    ("post", "needs:office_publish", True),
    ("post", "needs:office_category_new", True),
    ("get", "needs:office_campaign", True),
]


@pytest.mark.parametrize(("method", "name", "_"), WRITES)
def test_staff_of_another_municipality_get_403(client, campaign, villages, their_staff, method, name, _):
    office_login(client, their_staff)
    response = getattr(client, method)(_url(name, campaign))
    assert response.status_code == 403
    assert not Session.objects.exists()


def test_staff_of_another_municipality_cannot_touch_our_session(
    client, campaign, villages, staff, their_staff
):
    from kenesh.needs.testing import session_make

    session = session_make(campaign, villages[0], "women", ["roads"])
    office_login(client, their_staff)
    for name in ("needs:office_session", "needs:office_session_delete"):
        assert client.post(reverse(name, kwargs={"pk": session.pk}), _form(villages)).status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()


def test_anonymous_people_go_to_login(client, campaign):
    response = client.get(_url("needs:office_campaign", campaign))
    assert response.status_code == 302 and "login" in response["Location"]
