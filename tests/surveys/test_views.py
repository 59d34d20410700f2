"""The survey pages: answering without JavaScript, results, comparison, CSV; office pages and their checks."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse as reverse_any
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.surveys.models import Instrument, Response, Round
from kenesh.surveys.services import questions_of, response_prepare, responses_write
from kenesh.surveys.synthetic import Profile, answers_generate
from kenesh.surveys.testing import round_make
from tests.surveys.test_kobo import export, rows_of
from tests.surveys.test_services import answers

pytestmark = pytest.mark.django_db


def reverse(name, args=None):
    """The English page, so that the assertions read the English text."""
    with translation.override("en"):
        return reverse_any(name, args=args)


def filled(survey_round, villages, count=60, seed=3, shares=(0.6, 0.36, 0.04)):
    rows = answers_generate(Profile([f"v{v.coate}" for v in villages], list(shares)), count, seed)
    questions = questions_of(survey_round.instrument)
    with transaction.atomic():
        responses_write(
            survey_round,
            [response_prepare(questions, r)[0] for r in rows],
            source="kobo",
            day=survey_round.starts_on,
        )
    return rows


def test_the_questionnaire_is_a_plain_form_that_works_without_javascript(client, survey_round, villages):
    url = reverse("surveys:answer", args=[survey_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        '<form method="post"' in html and 'type="radio"' in html and "<script" not in html.split("<main")[1]
    )
    data = answers(villages)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Response.objects.count() == 1


def test_answers_from_one_address_are_limited_and_the_form_keeps_what_was_ticked(
    client, survey_round, villages, settings
):
    settings.KENESH_RATES = {**settings.KENESH_RATES, "survey-address": "2/h"}
    cache.clear()
    url = reverse("surveys:answer", args=[survey_round.pk])
    for _ in range(2):
        assert client.post(url, answers(villages)).status_code == 302

    refused = client.post(url, answers(villages, visits="12"))

    assert refused.status_code == 429
    assert 'value="12"' in refused.content.decode()
    assert Response.objects.count() == 2


def test_a_rejected_questionnaire_keeps_what_was_typed(client, survey_round, villages):
    url = reverse("surveys:answer", args=[survey_round.pk])
    data = answers(villages, trust_lsg="", visits="12")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "field--error" in html
    assert 'value="12"' in html
    assert re.search(r'value="female"[^>]*checked', html)
    assert not Response.objects.exists()


def test_a_signed_in_person_is_told_they_already_answered(client, survey_round, villages):
    person = person_make()
    client.force_login(person)
    url = reverse("surveys:answer", args=[survey_round.pk])
    assert client.post(url, answers(villages)).status_code == 302
    second = client.post(url, answers(villages, trust_lsg="1"))
    assert second.status_code == 403
    assert "already answered" in second.content.decode()
    assert Response.objects.count() == 1


def test_the_results_page_hides_a_small_village_and_shows_intervals(client, survey_round, villages):
    filled(survey_round, villages)
    page = client.get(reverse("surveys:round", args=[survey_round.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "fewer than 5" in html and "<svg" in html
    assert "Случайная" in html or "кокустук" in html  # the sampling description beside each figure


def test_the_results_page_costs_a_fixed_number_of_queries(
    client, survey_round, villages, django_assert_max_num_queries
):
    filled(survey_round, villages, count=30)
    with django_assert_max_num_queries(12):
        client.get(reverse("surveys:round", args=[survey_round.pk]))


def test_the_csv_carries_count_n_and_bounds_and_never_a_small_group(client, survey_round, villages):
    filled(survey_round, villages)
    response = client.get(reverse("surveys:indicators_csv", args=[survey_round.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    overall = next(r for r in rows if r["indicator"] == "aware_budget.share" and r["breakdown"] == "")
    assert int(overall["n"]) == 60 and overall["count"] and overall["ci_low"] and overall["ci_high"]
    small = next(
        r for r in rows if r["indicator"] == "aware_budget.share" and r["group"] == str(villages[2].pk)
    )
    assert small["hidden"] == "fewer than 5" and small["estimate"] == "" and small["n"] == ""


def test_the_comparison_page_states_the_test_by_sex(client, survey_round, instrument, villages):
    filled(survey_round, villages)
    later = round_make(instrument, kind="endline", year=2027)
    filled(later, villages, seed=9)
    page = client.get(reverse("surveys:compare", args=[survey_round.pk, later.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "two-proportion z-test" in html and "Female" in html and "p = " in html


def test_rounds_of_different_municipalities_are_not_compared(client, survey_round, other_municipality):
    from kenesh.surveys.testing import instrument_make

    theirs = round_make(instrument_make(other_municipality))
    assert client.get(reverse("surveys:compare", args=[survey_round.pk, theirs.pk])).status_code == 404


@pytest.fixture
def staff(municipality):
    return person_make(role=Role.STAFF, municipality=municipality)


def office_urls(survey_round):
    return [
        reverse("surveys:office_municipality", args=[survey_round.municipality_id]),
        reverse("surveys:office_instrument_new", args=[survey_round.municipality_id]),
        reverse("surveys:office_instrument", args=[survey_round.instrument_id]),
        reverse("surveys:office_xlsform", args=[survey_round.instrument_id]),
        reverse("surveys:office_paper", args=[survey_round.pk]),
        reverse("surveys:office_import", args=[survey_round.pk]),
    ]


def test_office_pages_open_for_own_staff_403_for_others_and_login_for_anonymous(
    client, survey_round, staff, other_municipality
):
    for url in office_urls(survey_round):
        assert client.get(url).status_code == 302
    stranger = person_make(role=Role.STAFF, municipality=other_municipality)
    office_login(client, stranger)
    for url in office_urls(survey_round):
        assert client.get(url).status_code == 403, url
        if not url.endswith(".xlsx"):
            assert client.post(url, {}).status_code == 403, url
    office_login(client, staff)
    for url in office_urls(survey_round):
        assert client.get(url).status_code == 200, url


def test_the_national_view_is_for_analysts(client, survey_round, staff, villages):
    filled(survey_round, villages, count=20)
    url = reverse("surveys:office_national")
    office_login(client, staff)
    assert client.get(url).status_code == 403
    analyst = person_make(role=Role.ANALYST)
    office_login(client, analyst)
    page = client.get(url)
    assert page.status_code == 200 and "Ак-Суу" in page.content.decode()


def test_staff_build_an_instrument_and_a_round_enter_paper_and_import(client, staff, municipality, villages):
    office_login(client, staff)
    response = client.post(
        reverse("surveys:office_instrument_new", args=[municipality.pk]),
        {
            "title_ky": "Сурамжылоо",
            "title_ru": "Опрос",
            "questions": ["trust_lsg", "aware_budget", "sex", "age", "village"],
        },
    )
    instrument = Instrument.objects.get()
    assert response.status_code == 302
    assert list(instrument.questions.values_list("code", flat=True)) == [
        "trust_lsg",
        "aware_budget",
        "sex",
        "age",
        "village",
    ]
    xlsx = client.get(reverse("surveys:office_xlsform", args=[instrument.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(
        reverse("surveys:office_round_new", args=[municipality.pk]),
        {
            "instrument": instrument.pk,
            "kind": "baseline",
            "starts_on": "2025-03-01",
            "ends_on": "2025-02-01",
            "mode": "phone",
            "sampling_ky": "",
            "sampling_ru": "",
        },
    )
    assert response.status_code == 400 and "cannot end before it starts" in response.content.decode()
    response = client.post(
        reverse("surveys:office_round_new", args=[municipality.pk]),
        {
            "instrument": instrument.pk,
            "kind": "baseline",
            "starts_on": "2025-03-01",
            "ends_on": "2025-03-20",
            "mode": "phone",
            "sampling_ky": "Телефон",
            "sampling_ru": "Телефон",
        },
    )
    survey_round = Round.objects.get()
    paper = reverse("surveys:office_paper", args=[survey_round.pk])
    assert (
        client.post(
            paper,
            {
                "trust_lsg": "5",
                "aware_budget": "yes",
                "sex": "male",
                "age": "y18_29",
                "village": f"v{villages[0].coate}",
            },
        ).status_code
        == 302
    )
    assert Response.objects.get().source == "paper"
    rows = [
        {k: r[k] for k in ("trust_lsg", "aware_budget", "sex", "age", "village")}
        for r in rows_of(villages, 8)
    ]
    upload = SimpleUploadedFile("export.csv", export(rows, villages), content_type="text/csv")
    response = client.post(reverse("surveys:office_import", args=[survey_round.pk]), {"file": upload})
    assert response.status_code == 302 and Response.objects.count() == 9
    rows[2]["trust_lsg"] = "8"
    upload = SimpleUploadedFile("export.csv", export(rows, villages), content_type="text/csv")
    response = client.post(reverse("surveys:office_import", args=[survey_round.pk]), {"file": upload})
    assert response.status_code == 400 and "Line 4" in response.content.decode()
    assert Response.objects.count() == 9
    upload = SimpleUploadedFile("export.xlsx", b"PK\x03\x04", content_type="application/zip")
    response = client.post(reverse("surveys:office_import", args=[survey_round.pk]), {"file": upload})
    assert response.status_code == 400 and "CSV" in response.content.decode()


def test_an_empty_round_has_pages_without_figures(client, survey_round, instrument):
    empty = round_make(instrument, kind="endline", year=2027)
    for url in (
        reverse("surveys:round", args=[empty.pk]),
        reverse("surveys:indicators_csv", args=[empty.pk]),
        reverse("surveys:compare", args=[survey_round.pk, empty.pk]),
        reverse_any("surveys:municipality", kwargs={"coate": survey_round.municipality.coate}),
        reverse("surveys:national"),
        f"/api/surveys/rounds/{empty.pk}/indicators/",
        f"/api/surveys/compare/{survey_round.pk}/{empty.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("surveys:round", args=[99999])).status_code == 404
    assert (
        client.get(reverse_any("surveys:municipality", kwargs={"coate": "00000000000000"})).status_code == 404
    )
