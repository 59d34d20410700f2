"""Writes of the surveys app: instruments from the question bank, their versions, rounds, and responses.

Every function is one transaction. Office writes are audited; a citizen's web response is not (an audit
entry would name the person beside the response), only its round's keyed fingerprint is kept.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.audit.services import audit_record
from kenesh.surveys.answers import AnswerInvalid, answer_value
from kenesh.surveys.bank import BANK_BY_CODE, BankQuestion
from kenesh.surveys.models import (
    Answer,
    Choice,
    Instrument,
    Question,
    RespondentKey,
    Response,
    Role,
    Round,
    Source,
)
from kenesh.territory.models import Municipality, Settlement


class SurveyRejected(Exception):
    """A write that was refused, with the message to show; nothing was stored."""

    def __init__(self, message: str | Promise, errors: Mapping[str, str | Promise] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.errors = dict(errors or {})


def respondent_key(*, round: Round, user: Any) -> str:
    """The keyed fingerprint of a signed-in person in one round: HMAC-SHA256 of the round and the person."""
    message = f"surveys-respondent:{round.pk}:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _bank_question_copy(instrument: Instrument, entry: BankQuestion, position: int) -> Question:
    question = Question.objects.create(
        instrument=instrument,
        position=position,
        code=entry.code,
        kind=entry.kind,
        role=entry.role,
        text_ky=entry.text_ky,
        text_ru=entry.text_ru,
        required=entry.required,
    )
    if entry.role == Role.VILLAGE:
        villages = Settlement.objects.filter(parent_id=instrument.municipality_id).order_by("coate")
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=index,
                code=f"v{village.coate}",
                label_ky=village.name_ky or village.name_ru,
                label_ru=village.name_ru or village.name_ky,
                profile_value=str(village.pk),
            )
            for index, village in enumerate(villages[:30])
        )
    else:
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=index,
                code=choice.code,
                label_ky=choice.label_ky,
                label_ru=choice.label_ru,
                positive=choice.positive,
                profile_value=choice.profile_value,
            )
            for index, choice in enumerate(entry.choices)
        )
    return question


@transaction.atomic
def instrument_create(
    *, actor: Any, municipality: Municipality, title_ky: str, title_ru: str, bank_codes: Sequence[str]
) -> Instrument:
    """A new instrument (version 1) with the chosen bank questions, in the bank's order."""
    unknown = [code for code in bank_codes if code not in BANK_BY_CODE]
    if unknown or not bank_codes:
        raise SurveyRejected(_("Choose at least one question from the bank."))
    instrument = Instrument.objects.create(municipality=municipality, title_ky=title_ky, title_ru=title_ru)
    chosen = [entry for entry in BANK_BY_CODE.values() if entry.code in set(bank_codes)]
    for position, entry in enumerate(chosen, start=1):
        _bank_question_copy(instrument, entry, position)
    audit_record(
        actor=actor,
        action="surveys.instrument.create",
        target=instrument,
        municipality=municipality,
        changes={"questions": {"before": None, "after": [entry.code for entry in chosen]}},
    )
    return instrument


def _copy(instrument: Instrument) -> Instrument:
    """A new version of a frozen instrument with the same questions and options."""
    latest = Instrument.objects.filter(family=instrument.family).order_by("-version").first()
    assert latest is not None
    copy = Instrument.objects.create(
        municipality_id=instrument.municipality_id,
        family=instrument.family,
        version=latest.version + 1,
        title_ky=instrument.title_ky,
        title_ru=instrument.title_ru,
    )
    for question in instrument.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        question.pk = None
        question.instrument = copy
        question.save()
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)
    return copy


@transaction.atomic
def instrument_edit(
    *,
    actor: Any,
    instrument: Instrument,
    title_ky: str,
    title_ru: str,
    add_codes: Sequence[str] = (),
    remove_codes: Sequence[str] = (),
) -> Instrument:
    """Change an instrument's title and questions; a frozen one (it has responses) gets a new version instead,
    which the next rounds can use, and the old version keeps what was answered."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    target = _copy(instrument) if instrument.frozen else instrument
    before = {"title_ky": instrument.title_ky, "title_ru": instrument.title_ru}
    target.title_ky, target.title_ru = title_ky, title_ru
    target.save(update_fields=["title_ky", "title_ru"])
    if remove_codes:
        target.questions.filter(code__in=list(remove_codes)).delete()
    present = set(target.questions.values_list("code", flat=True))
    position = max([*list(target.questions.values_list("position", flat=True)), 0])
    for code in add_codes:
        if code in BANK_BY_CODE and code not in present:
            position += 1
            _bank_question_copy(target, BANK_BY_CODE[code], position)
    if not target.questions.exists():
        raise SurveyRejected(_("An instrument needs at least one question."))
    audit_record(
        actor=actor,
        action="surveys.instrument.edit",
        target=target,
        municipality=instrument.municipality_id and Municipality.objects.get(pk=instrument.municipality_id),
        changes={
            "title": {"before": before, "after": {"title_ky": title_ky, "title_ru": title_ru}},
            "version": {"before": instrument.version, "after": target.version},
            "added": {"before": None, "after": list(add_codes)},
            "removed": {"before": None, "after": list(remove_codes)},
        },
    )
    return target


@transaction.atomic
def round_create(*, actor: Any, municipality: Municipality, instrument: Instrument, **fields: Any) -> Round:
    if instrument.municipality_id != municipality.pk:
        raise SurveyRejected(_("The instrument belongs to another municipality."))
    if fields["ends_on"] < fields["starts_on"]:
        raise SurveyRejected(_("The round cannot end before it starts."))
    survey_round = Round.objects.create(municipality=municipality, instrument=instrument, **fields)
    audit_record(
        actor=actor,
        action="surveys.round.create",
        target=survey_round,
        municipality=municipality,
        changes={name: {"before": None, "after": str(value)} for name, value in fields.items()},
    )
    return survey_round


@dataclass
class PreparedResponse:
    """A response checked and ready to write: its profile, weight and answers."""

    sex: str
    age_group: str
    village_id: int | None
    weight: float
    answers: list[tuple[int, float | None, str]]


def questions_of(instrument: Instrument) -> list[tuple[Question, list[Choice]]]:
    return [(q, list(q.choices.all())) for q in instrument.questions.prefetch_related("choices")]


def response_prepare(
    questions: Sequence[tuple[Question, list[Choice]]],
    raw: Mapping[str, str | Sequence[str] | None],
    *,
    weight: float = 1.0,
) -> tuple[PreparedResponse | None, dict[str, str | Promise]]:
    """Check one response's answers ({question code: text or codes}); (response, {}) or (None, errors)."""
    errors: dict[str, str | Promise] = {}
    sex, age_group, village_id = "", "", None
    answers: list[tuple[int, float | None, str]] = []
    for question, choices in questions:
        try:
            value, text, chosen = answer_value(question, choices, raw.get(question.code))
        except AnswerInvalid as invalid:
            errors[question.code] = invalid.message
            continue
        if value is None and not text:
            if question.required:
                errors[question.code] = _("This question needs an answer.")
            continue
        if question.role in (Role.SEX, Role.AGE, Role.VILLAGE) and chosen:
            if question.role == Role.SEX:
                sex = chosen[0].profile_value
            elif question.role == Role.AGE:
                age_group = chosen[0].profile_value
            else:
                village_id = int(chosen[0].profile_value)
        answers.append((question.pk, value, text))
    if errors:
        return None, errors
    return (
        PreparedResponse(
            sex=sex,
            age_group=age_group,
            village_id=village_id,
            weight=weight,
            answers=answers,
        ),
        {},
    )


def responses_write(
    survey_round: Round, prepared: Sequence[PreparedResponse], *, source: str, day: date
) -> list[Response]:
    """Write checked responses in bulk (inside the caller's transaction)."""
    responses = [
        Response(
            round=survey_round,
            source=source,
            day=day,
            sex=item.sex,
            age_group=item.age_group,
            village_id=item.village_id,
            weight=item.weight,
        )
        for item in prepared
    ]
    Response.objects.bulk_create(responses, batch_size=2000)
    # Answers go in with one executemany: building a model object for each of them costs more than the write.
    id_field = Response._meta.pk
    assert id_field is not None
    connection = connections[Answer.objects.db]
    table = connection.ops.quote_name(Answer._meta.db_table)
    rows = [
        (id_field.get_db_prep_value(response.pk, connection), question_id, value, text)
        for response, item in zip(responses, prepared, strict=True)
        for question_id, value, text in item.answers
    ]
    columns = "(response_id, question_id, value, text)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a statement per answer (about ten times faster on PostgreSQL).
            with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )
    return responses


def response_submit_web(
    *, survey_round: Round, raw: Mapping[str, str | Sequence[str] | None], user: Any = None
) -> None:
    """A citizen's answers on the web: anonymous; a signed-in person may answer each round once (a second
    answer is refused, and the first one kept). Not audited: see the module's docstring."""
    if not survey_round.open_on_web:
        raise SurveyRejected(_("This survey is not open for answers on the web."))
    signed_in = user is not None and user.is_authenticated
    if survey_round.sign_in_required and not signed_in:
        raise SurveyRejected(_("Sign in to answer this survey."))
    prepared, errors = response_prepare(questions_of(survey_round.instrument), raw)
    if prepared is None:
        raise SurveyRejected(_("Some answers need correcting."), errors)
    try:
        with transaction.atomic():
            if signed_in:
                RespondentKey.objects.create(
                    key=respondent_key(round=survey_round, user=user), round=survey_round
                )
            responses_write(survey_round, [prepared], source=Source.WEB, day=timezone.localdate())
    except IntegrityError:
        raise SurveyRejected(
            _("You have already answered this survey; your first answers are kept.")
        ) from None


def already_answered(*, survey_round: Round, user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return RespondentKey.objects.filter(key=respondent_key(round=survey_round, user=user)).exists()


@transaction.atomic
def response_enter_paper(
    *, actor: Any, survey_round: Round, raw: Mapping[str, str | Sequence[str] | None]
) -> None:
    """Staff type in one paper questionnaire. The audit names the round, never the response."""
    prepared, errors = response_prepare(questions_of(survey_round.instrument), raw)
    if prepared is None:
        raise SurveyRejected(_("Some answers need correcting."), errors)
    responses_write(survey_round, [prepared], source=Source.PAPER, day=timezone.localdate())
    audit_record(
        actor=actor,
        action="surveys.response.paper",
        target=survey_round,
        municipality=survey_round.municipality,
        changes={"responses": {"before": None, "after": 1}},
    )
