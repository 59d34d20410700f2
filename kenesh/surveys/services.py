"""Writes of the surveys app: instruments from the question bank, their versions, rounds, and responses.

Every function is one transaction. Office writes are audited; a citizen's web response is not (an audit
entry would name the person beside the response), only its round's keyed fingerprint is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.audit.services import audit_record
from kenesh.surveys.answers import MISSING, AnswerInvalid, QuestionReader, folded, values_pack
from kenesh.surveys.bank import BANK_BY_CODE, BankChoice, BankQuestion
from kenesh.surveys.models import (
    MAX_CHOICES,
    PROFILE_ROLES,
    Choice,
    Instrument,
    Kind,
    OwnQuestion,
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


def bank_of(municipality_id: int) -> dict[str, BankQuestion]:
    """The question bank as a municipality sees it: the national bank, then its own questions."""
    bank = dict(BANK_BY_CODE)
    for own in OwnQuestion.objects.filter(municipality_id=municipality_id):
        bank.setdefault(own.code, own_entry(own))
    return bank


def own_entry(own: OwnQuestion) -> BankQuestion:
    return BankQuestion(
        own.code,
        own.kind,
        own.role,
        own.text_ky,
        own.text_ru,
        tuple(
            BankChoice(c["code"], c.get("label_ky", ""), c.get("label_ru", ""), bool(c.get("positive")))
            for c in own.choices
        ),
        required=own.required,
    )


def _bank_question_copy(instrument: Instrument, entry: BankQuestion, position: int, slot: int) -> Question:
    question = Question.objects.create(
        instrument=instrument,
        position=position,
        slot=slot,
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
    """A new instrument (version 1) with the chosen bank questions (national first, in the bank's order,
    then the municipality's own)."""
    bank = bank_of(municipality.pk)
    unknown = [code for code in bank_codes if code not in bank]
    if unknown or not bank_codes:
        raise SurveyRejected(_("Choose at least one question from the bank."))
    instrument = Instrument.objects.create(municipality=municipality, title_ky=title_ky, title_ru=title_ru)
    chosen = [entry for entry in bank.values() if entry.code in set(bank_codes)]
    for position, entry in enumerate(chosen, start=1):
        _bank_question_copy(instrument, entry, position, position - 1)
    audit_record(
        actor=actor,
        action="surveys.instrument.create",
        target=instrument,
        municipality=municipality,
        changes={"questions": {"before": None, "after": [entry.code for entry in chosen]}},
    )
    return instrument


def _copy(instrument: Instrument) -> Instrument:
    """A new version of a frozen instrument with the same questions (and slots) and options."""
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


def _editable(instrument: Instrument) -> tuple[Instrument, Instrument]:
    """(the instrument as it was, the one to change): itself, or a new version when it has responses. The
    row stays locked to the end of the transaction, so that no response slips in between (responses_write
    takes the same lock)."""
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    return locked, (_copy(locked) if locked.frozen else locked)


def _next_slot(instrument: Instrument) -> int:
    return max([*instrument.questions.values_list("slot", flat=True), -1]) + 1


def _municipality_of(instrument: Instrument) -> Municipality:
    return cast(Municipality, Municipality.objects.get(pk=instrument.municipality_id))


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
    instrument, target = _editable(instrument)
    before = {"title_ky": instrument.title_ky, "title_ru": instrument.title_ru}
    target.title_ky, target.title_ru = title_ky, title_ru
    target.save(update_fields=["title_ky", "title_ru"])
    if remove_codes:
        target.questions.filter(code__in=list(remove_codes)).delete()
    present = set(target.questions.values_list("code", flat=True))
    position = max([*list(target.questions.values_list("position", flat=True)), 0])
    slot = _next_slot(target)
    bank = bank_of(instrument.municipality_id)
    for code in add_codes:
        if code in bank and code not in present:
            position += 1
            _bank_question_copy(target, bank[code], position, slot)
            slot += 1
    if not target.questions.exists():
        raise SurveyRejected(_("An instrument needs at least one question."))
    audit_record(
        actor=actor,
        action="surveys.instrument.edit",
        target=target,
        municipality=_municipality_of(instrument),
        changes={
            "title": {"before": before, "after": {"title_ky": title_ky, "title_ru": title_ru}},
            "version": {"before": instrument.version, "after": target.version},
            "added": {"before": None, "after": list(add_codes)},
            "removed": {"before": None, "after": list(remove_codes)},
        },
    )
    return target


CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
OPTION_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,40}$")
RESERVED_CODES = frozenset(
    {"municipality", "weight", "start", "end", "today", "deviceid", "username", "meta", "instanceid"}
)
"""Names an own question may not take: the XLSForm's own fields and Kobo's metadata columns."""
OWN_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.LIKERT, Kind.NUMBER, Kind.TEXT)
OWN_ROLES = (Role.TRUST, Role.SATISFACTION, Role.CORRUPTION, Role.AWARENESS, Role.PARTICIPATION, Role.OTHER)


@dataclass
class OwnQuestionDraft:
    """A question as staff wrote it: the text in Kyrgyz and/or Russian; options (code, label in Kyrgyz, label
    in Russian, counted) for a single or multiple choice; an empty code is made up."""

    kind: str
    text_ky: str
    text_ru: str
    role: str = Role.OTHER
    code: str = ""
    required: bool = False
    choices: list[tuple[str, str, str, bool]] = field(default_factory=list)


def _labels_problem(labels: Sequence[tuple[str, str]]) -> str | Promise | None:
    """Each option needs a label in at least one language, and no two options the same label in a language
    (a Kobo export in labels could not tell them apart)."""
    if any(not (ky.strip() or ru.strip()) for ky, ru in labels):
        return _("Each option needs a label in Kyrgyz or in Russian.")
    for index in (0, 1):
        seen = [folded(pair[index]) for pair in labels if pair[index].strip()]
        if len(seen) != len(set(seen)):
            return _("Two options have the same label.")
    return None


def _own_checked(draft: OwnQuestionDraft, municipality_id: int, taken: set[str]) -> OwnQuestionDraft:
    errors: dict[str, str | Promise] = {}
    text_ky, text_ru = draft.text_ky.strip(), draft.text_ru.strip()
    if not (text_ky or text_ru):
        errors["text_ky"] = _("Write the question in Kyrgyz, in Russian, or in both.")
    if len(text_ky) > 300 or len(text_ru) > 300:
        errors["text_ky"] = _("The question is longer than 300 characters.")
    if draft.kind not in OWN_KINDS:
        errors["kind"] = _("Choose the type of the question.")
    if draft.role not in OWN_ROLES:
        errors["role"] = _("Choose what the question measures.")
    own_codes = set(
        OwnQuestion.objects.filter(municipality_id=municipality_id).values_list("code", flat=True)
    )
    code = draft.code.strip()
    if code:
        if not CODE_PATTERN.match(code):
            errors["code"] = _(
                "A code is up to 40 small Latin letters, digits and underscores, starting with a letter."
            )
        elif code in BANK_BY_CODE or code in RESERVED_CODES or code in own_codes or code in taken:
            errors["code"] = _("This code is already taken; choose another one.")
    else:
        number = len(own_codes) + 1
        while f"own_{number}" in own_codes or f"own_{number}" in taken:
            number += 1
        code = f"own_{number}"
    choices: list[tuple[str, str, str, bool]] = []
    if draft.kind in (Kind.SINGLE, Kind.MULTIPLE):
        rows = [
            (c.strip(), ky.strip(), ru.strip(), positive)
            for c, ky, ru, positive in draft.choices
            if c.strip() or ky.strip() or ru.strip()
        ]
        problem = _labels_problem([(ky, ru) for _c, ky, ru, _p in rows])
        if len(rows) < 2:
            problem = _("A choice needs at least two options.")
        elif len(rows) > MAX_CHOICES:
            problem = _("A choice has at most 30 options.")
        codes = [c or f"o{index}" for index, (c, _ky, _ru, _p) in enumerate(rows, start=1)]
        if any(not OPTION_CODE_PATTERN.match(c) for c in codes):
            problem = _("An option's code is up to 40 Latin letters, digits and underscores.")
        elif len(set(codes)) != len(codes):
            problem = _("Two options have the same code.")
        if any(len(ky) > 200 or len(ru) > 200 for _c, ky, ru, _p in rows):
            problem = _("An option's label is longer than 200 characters.")
        if problem:
            errors["choices"] = problem
        choices = [(c, ky, ru, p) for c, (_c, ky, ru, p) in zip(codes, rows, strict=True)]
    if errors:
        raise SurveyRejected(_("The question needs correcting."), errors)
    return OwnQuestionDraft(draft.kind, text_ky, text_ru, draft.role, code, draft.required, choices)


@transaction.atomic
def own_question_add(*, actor: Any, instrument: Instrument, draft: OwnQuestionDraft) -> Instrument:
    """Write a question into the municipality's own part of the bank and add it at the end of the instrument
    (a new version if the instrument has responses). Returns the instrument that has it."""
    instrument, target = _editable(instrument)
    taken = set(target.questions.values_list("code", flat=True))
    checked = _own_checked(draft, instrument.municipality_id, taken)
    own = OwnQuestion.objects.create(
        municipality_id=instrument.municipality_id,
        code=checked.code,
        kind=checked.kind,
        role=checked.role,
        text_ky=checked.text_ky,
        text_ru=checked.text_ru,
        required=checked.required,
        choices=[
            {"code": c, "label_ky": ky, "label_ru": ru, "positive": positive}
            for c, ky, ru, positive in checked.choices
        ],
    )
    position = max([*target.questions.values_list("position", flat=True), 0]) + 1
    _bank_question_copy(target, own_entry(own), position, _next_slot(target))
    municipality = _municipality_of(instrument)
    audit_record(
        actor=actor,
        action="surveys.question.write",
        target=own,
        municipality=municipality,
        changes={
            "question": {
                "before": None,
                "after": {
                    "code": own.code,
                    "kind": own.kind,
                    "text_ky": own.text_ky,
                    "text_ru": own.text_ru,
                    "choices": own.choices,
                },
            },
            "instrument": {"before": instrument.pk, "after": target.pk},
            "version": {"before": instrument.version, "after": target.version},
        },
    )
    return target


@transaction.atomic
def question_reword(
    *,
    actor: Any,
    instrument: Instrument,
    code: str,
    text_ky: str,
    text_ru: str,
    labels: Mapping[str, tuple[str, str]] | None = None,
) -> Instrument:
    """Change the wording of one question of an instrument (and its options' labels, by option code); its
    type, code and options stay. A new version if the instrument has responses. The bank is not changed."""
    instrument, target = _editable(instrument)
    question = target.questions.filter(code=code).first()
    if question is None:
        raise SurveyRejected(_("This question is not in the instrument."))
    errors: dict[str, str | Promise] = {}
    text_ky, text_ru = text_ky.strip(), text_ru.strip()
    if not (text_ky or text_ru):
        errors["text_ky"] = _("Write the question in Kyrgyz, in Russian, or in both.")
    elif len(text_ky) > 300 or len(text_ru) > 300:
        errors["text_ky"] = _("The question is longer than 300 characters.")
    choices = list(question.choices.all())
    labels = dict(labels or {})
    new_labels = [
        tuple(part.strip() for part in labels.get(c.code, (c.label_ky, c.label_ru))) for c in choices
    ]
    problem = _labels_problem(cast(list[tuple[str, str]], new_labels))
    if problem is None and any(len(part) > 200 for pair in new_labels for part in pair):
        problem = _("An option's label is longer than 200 characters.")
    if problem:
        errors["choices"] = problem
    if errors:
        raise SurveyRejected(_("The question needs correcting."), errors)
    before = {
        "text_ky": question.text_ky,
        "text_ru": question.text_ru,
        "labels": {c.code: [c.label_ky, c.label_ru] for c in choices},
    }
    question.text_ky, question.text_ru = text_ky, text_ru
    question.save(update_fields=["text_ky", "text_ru"])
    for choice, (ky, ru) in zip(choices, new_labels, strict=True):
        if (choice.label_ky, choice.label_ru) != (ky, ru):
            choice.label_ky, choice.label_ru = ky, ru
            choice.save(update_fields=["label_ky", "label_ru"])
    audit_record(
        actor=actor,
        action="surveys.question.reword",
        target=target,
        municipality=_municipality_of(instrument),
        changes={
            "question": {"before": code, "after": code},
            "wording": {
                "before": before,
                "after": {
                    "text_ky": text_ky,
                    "text_ru": text_ru,
                    "labels": {c.code: list(pair) for c, pair in zip(choices, new_labels, strict=True)},
                },
            },
            "version": {"before": instrument.version, "after": target.version},
        },
    )
    return target


@transaction.atomic
def questions_reorder(*, actor: Any, instrument: Instrument, order: Sequence[str]) -> Instrument:
    """Put the instrument's questions in the order of `order` (every question code once). A new version if
    the instrument has responses; the answers' slots do not move."""
    instrument, target = _editable(instrument)
    questions = {q.code: q for q in target.questions.all()}
    if sorted(order) != sorted(questions):
        raise SurveyRejected(_("Give every question of the instrument its place once."))
    before = [q.code for q in sorted(questions.values(), key=lambda q: q.position)]
    for position, code in enumerate(order, start=1):
        questions[code].position = position
    Question.objects.bulk_update(list(questions.values()), ["position"])
    audit_record(
        actor=actor,
        action="surveys.instrument.reorder",
        target=target,
        municipality=_municipality_of(instrument),
        changes={
            "order": {"before": before, "after": list(order)},
            "version": {"before": instrument.version, "after": target.version},
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
    """A response checked and ready to write: its profile, weight and answers (values by slot, NaN where
    none; short texts by question code)."""

    sex: str
    age_group: str
    village_id: int | None
    weight: float
    values: list[float]
    texts: dict[str, str] = field(default_factory=dict)


class Questionnaire(list[tuple[Question, list[Choice]]]):
    """An instrument version's questions with their options, in order, and a reader for each; its layout
    (question ids and slots) is checked again when its responses are written."""

    def __init__(self, items: Sequence[tuple[Question, list[Choice]]]) -> None:
        super().__init__(items)
        self.readers = [QuestionReader(question, choices) for question, choices in self]
        self.size = max([question.slot for question, _choices in self] + [-1]) + 1
        self.layout = sorted((question.pk, question.slot) for question, _choices in self)


def questions_of(instrument: Instrument) -> Questionnaire:
    return Questionnaire(
        [(q, list(q.choices.all())) for q in instrument.questions.prefetch_related("choices")]
    )


def response_prepare(
    questions: Sequence[tuple[Question, list[Choice]]],
    raw: Mapping[str, str | Sequence[str] | None],
    *,
    weight: float = 1.0,
) -> tuple[PreparedResponse | None, dict[str, str | Promise]]:
    """Check one response's answers ({question code: text or codes}); (response, {}) or (None, errors)."""
    questionnaire = questions if isinstance(questions, Questionnaire) else Questionnaire(questions)
    errors: dict[str, str | Promise] = {}
    sex, age_group, village_id = "", "", None
    values = [MISSING] * questionnaire.size
    texts: dict[str, str] = {}
    for reader in questionnaire.readers:
        question = reader.question
        try:
            read = reader.read(raw.get(question.code))
        except AnswerInvalid as invalid:
            errors[question.code] = invalid.message
            continue
        if read.value is None:
            if read.text:
                texts[question.code] = read.text
            elif question.required:
                errors[question.code] = _("This question needs an answer.")
            continue
        values[question.slot] = read.value
        if read.chosen and question.role in PROFILE_ROLES:
            if question.role == Role.SEX:
                sex = read.chosen[0].profile_value
            elif question.role == Role.AGE:
                age_group = read.chosen[0].profile_value
            else:
                village_id = int(read.chosen[0].profile_value)
    if errors:
        return None, errors
    return PreparedResponse(sex, age_group, village_id, weight, values, texts), {}


def responses_write(
    survey_round: Round,
    prepared: Sequence[PreparedResponse],
    *,
    source: str,
    day: date,
    layout: Sequence[tuple[int, int]] | None = None,
) -> int:
    """Write checked responses in bulk (inside the caller's transaction), each with its answers packed in one
    column. Takes the instrument's lock (as its edits do); with `layout`, refuses if the questions the
    answers were checked against have changed since."""
    Instrument.objects.select_for_update().filter(pk=survey_round.instrument_id).values_list("pk").first()
    if layout is not None:
        now = sorted(
            Question.objects.filter(instrument_id=survey_round.instrument_id).values_list("pk", "slot")
        )
        if now != list(layout):
            raise SurveyRejected(
                _("The questionnaire was changed while the answers were checked; please send them again.")
            )
    # Straight to the database (executemany on SQLite, COPY on PostgreSQL): building a model object for each
    # response costs more than its write. The values go through the fields' own conversions.
    connection = connections[Response.objects.db]
    fields = {f.name: f for f in Response._meta.concrete_fields}
    names = ["id", "round", "source", "day", "sex", "age_group", "village", "weight", "values", "texts"]
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in names)
    table = connection.ops.quote_name(Response._meta.db_table)
    day_value = fields["day"].get_db_prep_save(day, connection)
    id_field, texts_field = fields["id"], fields["texts"]
    rows = [
        (
            id_field.get_db_prep_save(uuid.uuid4(), connection),
            survey_round.pk,
            source,
            day_value,
            item.sex,
            item.age_group,
            item.village_id,
            float(item.weight),
            values_pack(item.values),
            texts_field.get_db_prep_save(item.texts, connection),
        )
        for item in prepared
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    return len(rows)


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
    questionnaire = questions_of(survey_round.instrument)
    prepared, errors = response_prepare(questionnaire, raw)
    if prepared is None:
        raise SurveyRejected(_("Some answers need correcting."), errors)
    try:
        with transaction.atomic():
            if signed_in:
                RespondentKey.objects.create(
                    key=respondent_key(round=survey_round, user=user), round=survey_round
                )
            responses_write(
                survey_round,
                [prepared],
                source=Source.WEB,
                day=timezone.localdate(),
                layout=questionnaire.layout,
            )
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
    questionnaire = questions_of(survey_round.instrument)
    prepared, errors = response_prepare(questionnaire, raw)
    if prepared is None:
        raise SurveyRejected(_("Some answers need correcting."), errors)
    responses_write(
        survey_round, [prepared], source=Source.PAPER, day=timezone.localdate(), layout=questionnaire.layout
    )
    audit_record(
        actor=actor,
        action="surveys.response.paper",
        target=survey_round,
        municipality=survey_round.municipality,
        changes={"responses": {"before": None, "after": 1}},
    )
