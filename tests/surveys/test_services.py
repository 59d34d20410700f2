"""Instruments from the bank, versions once answered, rounds, web and paper responses, one per person."""

from __future__ import annotations

import pytest
from django.db import transaction

from kenesh.accounts.testing import person_make
from kenesh.audit.models import AuditEntry
from kenesh.surveys.bank import BANK
from kenesh.surveys.models import Instrument, Kind, RespondentKey, Response, Round
from kenesh.surveys.services import (
    SurveyRejected,
    instrument_edit,
    respondent_key,
    response_enter_paper,
    response_submit_web,
)
from kenesh.surveys.testing import answers_of, round_make

pytestmark = pytest.mark.django_db

ANSWERS = {
    "trust_lsg": "4",
    "satisfaction_water": "2",
    "satisfaction_roads": "3",
    "satisfaction_waste": "5",
    "satisfaction_lighting": "1",
    "satisfaction_culture": "3",
    "corruption": "some",
    "aware_budget": "yes",
    "aware_hearings": "no",
    "participated": ["hearing", "pb_vote"],
    "visits": "3",
    "comment": "Жолду оңдогула",
    "sex": "female",
    "age": "y30_44",
}


def answers(villages, **changes):
    return {**ANSWERS, "village": f"v{villages[0].coate}", **changes}


def test_an_instrument_copies_the_bank_in_both_languages(instrument, villages):
    questions = list(instrument.questions.prefetch_related("choices"))
    assert [q.code for q in questions] == [entry.code for entry in BANK]
    assert all(q.text_ky and q.text_ru for q in questions)
    village = next(q for q in questions if q.code == "village")
    assert [c.profile_value for c in village.choices.all()] == [str(v.pk) for v in villages]
    assert {q.kind for q in questions} == set(Kind.values)


def test_a_web_response_is_stored_with_its_profile(survey_round, villages):
    response_submit_web(survey_round=survey_round, raw=answers(villages))
    response = Response.objects.get()
    assert (response.sex, response.age_group, response.village_id) == ("f", "30-44", villages[0].pk)
    stored = answers_of(response)
    assert stored["participated"] == float(1 << 0 | 1 << 2)
    assert stored["comment"] == "Жолду оңдогула"
    assert stored["corruption"] == 1.0
    assert response.texts == {"comment": "Жолду оңдогула"}


def test_a_bad_answer_is_refused_with_its_question_and_nothing_is_stored(survey_round, villages):
    with pytest.raises(SurveyRejected) as refused:
        response_submit_web(survey_round=survey_round, raw=answers(villages, trust_lsg="7", aware_budget=""))
    assert set(refused.value.errors) == {"trust_lsg", "aware_budget"}
    assert "scale from 1 to 5" in str(refused.value.errors["trust_lsg"])
    assert not Response.objects.exists()


def test_a_signed_in_person_answers_a_round_once_and_the_first_answers_are_kept(survey_round, villages):
    person = person_make()
    response_submit_web(survey_round=survey_round, raw=answers(villages), user=person)
    with pytest.raises(SurveyRejected, match="already answered"):
        response_submit_web(survey_round=survey_round, raw=answers(villages, trust_lsg="1"), user=person)
    assert Response.objects.count() == 1
    assert answers_of(Response.objects.get())["trust_lsg"] == 4.0
    # Another round of the same municipality is another question.
    other = round_make(survey_round.instrument, kind="endline", year=2026, open_on_web=True)
    response_submit_web(survey_round=other, raw=answers(villages), user=person)
    assert RespondentKey.objects.count() == 2


def test_anonymous_answers_are_allowed_unless_the_round_requires_sign_in(survey_round, villages):
    response_submit_web(survey_round=survey_round, raw=answers(villages))
    response_submit_web(survey_round=survey_round, raw=answers(villages))
    assert Response.objects.count() == 2
    Round.objects.filter(pk=survey_round.pk).update(sign_in_required=True)
    survey_round.refresh_from_db()
    with pytest.raises(SurveyRejected, match="Sign in"):
        response_submit_web(survey_round=survey_round, raw=answers(villages))


def test_a_closed_round_takes_no_web_answers(instrument, villages):
    closed = round_make(instrument)
    with pytest.raises(SurveyRejected, match="not open"):
        response_submit_web(survey_round=closed, raw=answers(villages))


def test_nothing_links_a_response_to_the_person_who_gave_it(survey_round, villages, settings):
    """The fingerprint table holds the key and the round only; a response holds no person, no time of day,
    and a random key, so neither the rows nor their order link the two (staff and admins included)."""
    person = person_make()
    response_submit_web(survey_round=survey_round, raw=answers(villages), user=person)
    assert [f.name for f in RespondentKey._meta.get_fields()] == ["key", "round"]
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert response_fields == {
        "id",
        "round",
        "source",
        "day",
        "sex",
        "age_group",
        "village",
        "weight",
        "values",
        "texts",
    }
    assert Response._meta.get_field("id").get_internal_type() == "UUIDField"
    assert Response._meta.get_field("day").get_internal_type() == "DateField"
    key = RespondentKey.objects.get()
    assert key.key == respondent_key(round=survey_round, user=person)
    settings.SECRET_KEY = "another secret " * 4
    assert key.key != respondent_key(round=survey_round, user=person)  # keyed: not a plain hash of the id
    # Web answers are not audited: an entry would name the person beside the response.
    assert not AuditEntry.objects.filter(action__startswith="surveys.response").exists()
    # The only field the two tables share is the round.
    shared = {f.name for f in RespondentKey._meta.get_fields()} & response_fields
    assert shared == {"round"}


def test_paper_entry_is_audited_against_the_round(survey_round, villages):
    staff = person_make()
    response_enter_paper(actor=staff, survey_round=survey_round, raw=answers(villages))
    entry = AuditEntry.objects.get(action="surveys.response.paper")
    assert entry.target_id == str(survey_round.pk)
    assert Response.objects.get().source == "paper"


def test_an_answered_instrument_is_frozen_and_an_edit_makes_a_new_version(survey_round, villages):
    instrument = survey_round.instrument
    with transaction.atomic():
        same = instrument_edit(
            actor=None, instrument=instrument, title_ky="Жаңы", title_ru="Новое", remove_codes=["comment"]
        )
    assert same.pk == instrument.pk and same.version == 1
    response_submit_web(survey_round=survey_round, raw=answers(villages))
    assert Instrument.objects.get(pk=instrument.pk).frozen
    with transaction.atomic():
        new = instrument_edit(
            actor=None, instrument=instrument, title_ky="Жаңы", title_ru="Новое", remove_codes=["visits"]
        )
    assert (new.pk != instrument.pk, new.version, new.family) == (True, 2, instrument.family)
    assert "visits" in set(instrument.questions.values_list("code", flat=True))
    assert "visits" not in set(new.questions.values_list("code", flat=True))
    assert new.questions.get(code="village").choices.count() == len(villages)
