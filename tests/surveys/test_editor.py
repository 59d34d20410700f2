"""The instrument editor: own questions in the municipality's part of the bank, rewording, reordering; an
answered instrument gets a new version and its responses stay with the version they answered."""

from __future__ import annotations

import io
import re

import pytest
from django.db import transaction
from django.urls import reverse as reverse_any
from django.utils import translation
from pyxform.xls2xform import convert

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.surveys.forms import InstrumentForm
from kenesh.surveys.models import Instrument, Kind, OwnQuestion, Question, Response
from kenesh.surveys.selectors import round_indicators, rounds_compare
from kenesh.surveys.services import (
    OwnQuestionDraft,
    SurveyRejected,
    instrument_create,
    own_question_add,
    question_reword,
    questions_reorder,
    response_submit_web,
)
from kenesh.surveys.testing import answers_of, round_make
from kenesh.surveys.xlsform import xlsform_bytes, xlsform_rows
from tests.surveys.test_services import answers

pytestmark = pytest.mark.django_db

SERVICES_DRAFT = OwnQuestionDraft(
    kind=Kind.MULTIPLE,
    text_ky="Кайсы кызматтарды жакшыртуу керек?",
    text_ru="Какие услуги нужно улучшить?",
    code="improve",
    choices=[
        ("water", "Ичүүчү суу", "Drinking water", True),
        ("light", "Көчө жарыгы", "Street lighting", True),
        ("", "Жол", "", False),
    ],
)


def reverse(name, **kwargs):
    with translation.override("en"):
        return reverse_any(name, kwargs=kwargs)


def add(instrument, draft=SERVICES_DRAFT):
    with transaction.atomic():
        return own_question_add(actor=None, instrument=instrument, draft=draft)


def test_an_own_question_goes_to_the_municipality_bank_and_the_instrument(instrument, municipality):
    same = add(instrument)
    assert same.pk == instrument.pk
    own = OwnQuestion.objects.get()
    assert (own.municipality_id, own.code, own.kind) == (municipality.pk, "improve", "multiple")
    assert [c["code"] for c in own.choices] == ["water", "light", "o3"]
    question = instrument.questions.get(code="improve")
    assert question.position == instrument.questions.count()
    assert question.slot == max(instrument.questions.values_list("slot", flat=True))
    labels = [(c.code, c.label_ky, c.label_ru, c.positive) for c in question.choices.all()]
    assert labels == [
        ("water", "Ичүүчү суу", "Drinking water", True),
        ("light", "Көчө жарыгы", "Street lighting", True),
        ("o3", "Жол", "", False),
    ]
    assert AuditEntry.objects.filter(action="surveys.question.write").count() == 1
    # Reusable: offered with the bank when building another instrument of the municipality, not elsewhere.
    form = InstrumentForm(municipality_id=municipality.pk)
    assert "improve" in dict(form.fields["questions"].choices)
    with transaction.atomic():
        other = instrument_create(
            actor=None, municipality=municipality, title_ky="Т", title_ru="Т", bank_codes=["improve", "sex"]
        )
    assert list(other.questions.values_list("code", flat=True)) == ["sex", "improve"]
    assert other.questions.get(code="improve").choices.count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text_ky": "", "text_ru": " "}, "text_ky", "in Kyrgyz, in Russian"),
        ({"code": "trust_lsg"}, "code", "already taken"),
        ({"code": "weight"}, "code", "already taken"),
        ({"code": "Bad code"}, "code", "Latin letters"),
        ({"choices": [("a", "Бир", "", False)]}, "choices", "at least two"),
        ({"choices": [("a", "Бир", "", False), ("b", "бир", "", False)]}, "choices", "same label"),
        ({"choices": [("a", "Бир", "", False), ("a", "Эки", "", False)]}, "choices", "same code"),
        ({"choices": [("a", "Бир", "", False), ("b", "", "", False)]}, "choices", "Kyrgyz or in Russian"),
        ({"choices": [("a b", "Бир", "", False), ("c", "Эки", "", False)]}, "choices", "Latin letters"),
    ],
)
def test_a_bad_own_question_is_refused_and_nothing_is_stored(instrument, changes, field, message):
    draft = OwnQuestionDraft(**{**SERVICES_DRAFT.__dict__, **changes})
    before = instrument.questions.count()
    with pytest.raises(SurveyRejected) as refused:
        add(instrument, draft)
    assert message in str(refused.value.errors[field])
    assert not OwnQuestion.objects.exists() and instrument.questions.count() == before


def test_one_language_is_enough_and_other_types_take_no_options(instrument):
    add(instrument, OwnQuestionDraft(kind=Kind.LIKERT, text_ky="", text_ru="Довольны ли вы парком?"))
    add(
        instrument,
        OwnQuestionDraft(kind=Kind.NUMBER, text_ky="Канча бала?", text_ru="", choices=[("x", "y", "", 0)]),
    )
    add(instrument, OwnQuestionDraft(kind=Kind.TEXT, text_ky="Эмне?", text_ru=""))
    codes = list(OwnQuestion.objects.values_list("code", "kind"))
    assert codes == [("own_1", "likert"), ("own_2", "number"), ("own_3", "text")]
    assert not instrument.questions.get(code="own_2").choices.exists()


def test_rewording_and_reordering_change_the_instrument_in_place_until_it_is_answered(
    survey_round, instrument, villages
):
    with transaction.atomic():
        same = question_reword(
            actor=None,
            instrument=instrument,
            code="aware_budget",
            text_ky="Бюджет тууралуу билесизби?",
            text_ru="",
            labels={"yes": ("Ооба, билем", "Да, знаю")},
        )
    assert same.pk == instrument.pk
    question = instrument.questions.get(code="aware_budget")
    assert (question.text_ky, question.text_ru) == ("Бюджет тууралуу билесизби?", "")
    assert question.choices.get(code="yes").label_ru == "Да, знаю"
    codes = list(instrument.questions.values_list("code", flat=True))
    slots = dict(instrument.questions.values_list("code", "slot"))
    with transaction.atomic():
        questions_reorder(actor=None, instrument=instrument, order=list(reversed(codes)))
    assert list(instrument.questions.values_list("code", flat=True)) == list(reversed(codes))
    assert dict(instrument.questions.values_list("code", "slot")) == slots  # slots do not move
    with pytest.raises(SurveyRejected, match="once"), transaction.atomic():
        questions_reorder(actor=None, instrument=instrument, order=codes[:-1])
    with pytest.raises(SurveyRejected) as refused, transaction.atomic():
        question_reword(
            actor=None,
            instrument=instrument,
            code="aware_budget",
            text_ky="Б",
            text_ru="",
            labels={"no": ("Ооба, билем", "")},
        )
    assert "same label" in str(refused.value.errors["choices"])
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"surveys.question.reword", "surveys.instrument.reorder"} <= actions


def test_an_answered_instrument_is_versioned_and_each_round_keeps_its_version(
    survey_round, instrument, villages
):
    response_submit_web(survey_round=survey_round, raw=answers(villages))
    with transaction.atomic():
        v2 = question_reword(
            actor=None, instrument=instrument, code="trust_lsg", text_ky="Ишенесизби?", text_ru="Доверяете?"
        )
    assert (v2.pk != instrument.pk, v2.version, v2.family) == (True, 2, instrument.family)
    v2 = add(v2)  # not answered yet: in place
    assert v2.version == 2 and Instrument.objects.count() == 2
    order = list(v2.questions.values_list("code", flat=True))
    with transaction.atomic():
        same = questions_reorder(actor=None, instrument=v2, order=[order[-1], *order[:-1]])
    assert same.pk == v2.pk
    # Version 1 is as it was answered.
    assert instrument.questions.get(code="trust_lsg").text_ru == "Насколько вы доверяете айыл окмоту?"
    assert not instrument.questions.filter(code="improve").exists()
    assert v2.questions.first().code == "improve"
    # The XLSForm of each version carries its own wording and its version number.
    assert "Доверяете?" in str(xlsform_rows(v2)["survey"]) and "Доверяете?" not in str(
        xlsform_rows(instrument)
    )
    assert xlsform_rows(v2)["settings"][1][2] == "2"
    # A round on v2 takes answers to the new question; the old round's responses stay on v1.
    later = round_make(v2, kind="endline", year=2027, open_on_web=True)
    for _ in range(6):
        response_submit_web(survey_round=later, raw=answers(villages, improve=["water", "o3"], trust_lsg="5"))
    old = Response.objects.get(round=survey_round)
    assert "improve" not in answers_of(old) and answers_of(old)["trust_lsg"] == 4.0
    new = Response.objects.filter(round=later).first()
    assert answers_of(new)["improve"] == float(1 << 0 | 1 << 2)
    indicators = {i.code: i for i in round_indicators(later).indicators}
    assert indicators["improve.opt_water"].overall.value == 1.0
    assert indicators["improve.opt_light"].overall.value == 0.0
    assert indicators["improve.any"].overall.count == 6
    assert "improve.any" not in {i.code for i in round_indicators(survey_round).indicators}
    # Both versions' rounds compare on the questions they share.
    compared = {c.code for c in rounds_compare(survey_round, later)}
    assert "trust_lsg.top2" in compared and "improve.any" not in compared


def test_the_xlsform_with_own_questions_converts_with_pyxform(instrument):
    add(instrument)
    add(
        instrument,
        OwnQuestionDraft(
            kind=Kind.SINGLE,
            text_ky="",
            text_ru="Есть ли парк?",
            choices=[("yes", "", "Да", True), ("no", "", "Нет", False)],
        ),
    )
    add(instrument, OwnQuestionDraft(kind=Kind.LIKERT, text_ky="Паркка ыраазысызбы?", text_ru=""))
    add(instrument, OwnQuestionDraft(kind=Kind.NUMBER, text_ky="Канча?", text_ru="Сколько?"))
    add(instrument, OwnQuestionDraft(kind=Kind.TEXT, text_ky="Эмне?", text_ru="Что?"))
    xml = convert(xlsform=io.BytesIO(xlsform_bytes(instrument)), file_type=".xlsx", form_name="kenesh").xform
    for code in ("improve", "own_2", "own_3", "own_4", "own_5"):
        assert f"/{code}" in xml
    assert "Street lighting" in xml and "Есть ли парк?" in xml


@pytest.fixture
def staff(municipality):
    return person_make(role=Role.STAFF, municipality=municipality)


def editor_urls(instrument):
    return [
        reverse("surveys:office_question_new", instrument_id=instrument.pk),
        reverse("surveys:office_question_reword", instrument_id=instrument.pk, code="trust_lsg"),
        reverse("surveys:office_question_order", instrument_id=instrument.pk),
    ]


def test_the_editor_pages_are_for_own_staff(client, instrument, staff, other_municipality):
    for url in editor_urls(instrument):
        assert client.get(url).status_code == 302
    office_login(client, person_make(role=Role.STAFF, municipality=other_municipality))
    for url in editor_urls(instrument):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    office_login(client, staff)
    for url in editor_urls(instrument):
        assert client.get(url).status_code == 200, url
    missing = reverse("surveys:office_question_reword", instrument_id=instrument.pk, code="nope")
    assert client.get(missing).status_code == 404


def test_staff_write_a_question_without_javascript_and_a_refusal_keeps_what_was_typed(
    client, instrument, staff
):
    office_login(client, staff)
    url = reverse("surveys:office_question_new", instrument_id=instrument.pk)
    page = client.get(url).content.decode()
    assert page.count('name="option_') == 16 and 'name="more"' in page
    data = {
        "text_ky": "",
        "text_ru": "Какие услуги нужно улучшить?",
        "kind": "multiple",
        "role": "satisfaction",
        "code": "",
        "rows": "4",
        "option_1_code": "water",
        "option_1_ru": "Drinking water",
        "option_1_positive": "on",
        "option_2_ru": "drinking water",
    }
    more = client.post(url, {**data, "more": "1"})
    assert more.status_code == 200 and more.content.decode().count('name="option_') == 32
    assert "Drinking water" in more.content.decode() and not OwnQuestion.objects.exists()
    refused = client.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 400 and "same label" in html
    assert 'value="Какие услуги нужно улучшить?"' in html and 'value="water"' in html
    assert not OwnQuestion.objects.exists()
    saved = client.post(url, {**data, "option_2_ru": "Street lighting"})
    assert saved.status_code == 302
    question = instrument.questions.get(code="own_1")
    assert [c.label_ru for c in question.choices.all()] == ["Drinking water", "Street lighting"]


def test_staff_reword_and_reorder_an_answered_instrument_into_a_new_version(
    client, survey_round, instrument, staff, villages
):
    response_submit_web(survey_round=survey_round, raw=answers(villages))
    office_login(client, staff)
    url = reverse("surveys:office_question_reword", instrument_id=instrument.pk, code="aware_budget")
    assert 'value="Ооба"' in client.get(url).content.decode()
    refused = client.post(url, {"text_ky": "", "text_ru": "", "label_yes_ky": "Ооба!"})
    assert refused.status_code == 400 and 'value="Ооба!"' in refused.content.decode()
    assert Instrument.objects.count() == 1
    fields = {
        "text_ky": "Бюджетти билесизби?",
        "text_ru": "",
        "label_yes_ky": "Ооба",
        "label_yes_ru": "Да",
        "label_no_ky": "Жок",
        "label_no_ru": "Нет",
        "label_dont_know_ky": "Билбейм",
        "label_dont_know_ru": "Не знаю",
    }
    saved = client.post(url, fields)
    v2 = Instrument.objects.get(version=2)
    assert saved.status_code == 302 and saved["Location"].endswith(f"/instruments/{v2.pk}/")
    assert v2.questions.get(code="aware_budget").text_ky == "Бюджетти билесизби?"
    order_url = reverse("surveys:office_question_order", instrument_id=v2.pk)
    questions = list(v2.questions.all())
    places = {f"at_{q.code}": str(len(questions) - i) for i, q in enumerate(questions)}
    assert client.post(order_url, {**places, f"at_{questions[0].code}": "x"}).status_code == 400
    assert client.post(order_url, places).status_code == 302
    assert Instrument.objects.count() == 2  # v2 had no answers: changed in place
    assert v2.questions.first().code == questions[-1].code
    page = client.get(reverse("surveys:office_instrument", instrument_id=instrument.pk)).content.decode()
    assert "A newer version exists" in page and re.search(r">v2<", page)


def test_question_positions_are_kept_apart_from_slots(instrument):
    assert sorted(Question.objects.filter(instrument=instrument).values_list("slot", flat=True)) == list(
        range(instrument.questions.count())
    )


def test_answers_checked_against_a_questionnaire_that_changed_since_are_refused(survey_round, villages):
    from kenesh.surveys.services import questions_of, response_prepare, responses_write

    questionnaire = questions_of(survey_round.instrument)
    prepared, _errors = response_prepare(questionnaire, answers(villages))
    add(survey_round.instrument)  # no answers yet: changed in place, a new slot
    with pytest.raises(SurveyRejected, match="changed while"), transaction.atomic():
        responses_write(
            survey_round, [prepared], source="web", day=survey_round.starts_on, layout=questionnaire.layout
        )
    assert not Response.objects.exists()
