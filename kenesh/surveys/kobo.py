"""Import of a KoboToolbox (XLSForm) CSV export into a round: all rows or none.

Columns are matched to questions by the field name (also as a group path, "group/field"), or by the
question's label in either language; the separator is `;` or `,`. Answers are option codes, or labels in
Kyrgyz or Russian (Kobo's "labels" export; a multiple choice's labels, separated by spaces, are read as
kenesh.surveys.answers explains). A multiple choice exported as separate 0/1 columns ("question/option", or
"question label/option label") is read from those when its own column is absent; when both are there (Kobo's
default), its own column is read. Kobo's other columns (_id, start, meta/instanceID, ...) are left aside.
An optional `weight` column carries survey weights. Every problem is reported with its
line number in the file, and nothing is stored unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.audit.services import audit_record
from kenesh.surveys.answers import folded
from kenesh.surveys.models import Kind, Round, Source
from kenesh.surveys.services import (
    PreparedResponse,
    Questionnaire,
    questions_of,
    response_prepare,
    responses_write,
)
from kenesh.surveys.xlsform import MUNICIPALITY_FIELD, WEIGHT_FIELD

MAX_ROWS = 100_000
MAX_ERRORS = 200


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str | Promise

    def __str__(self) -> str:
        return str(_("Line %(line)s: %(problem)s") % {"line": self.line, "problem": self.message})


class ImportRejected(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass
class Columns:
    """Where each question is in the file: its own column, or (a multiple choice exported as separate
    columns) a 0/1 column per option."""

    single: dict[int, str] = field(default_factory=dict)
    options: dict[str, list[tuple[int, str, str]]] = field(
        default_factory=dict
    )  # code: (index, option, name)


def _header_map(headers: list[str], questions: Questionnaire) -> tuple[Columns, list[ImportProblem]]:
    by_code = {q.code: q for q, _c in questions}
    by_label: dict[str, str] = {}
    option_by_label: dict[str, tuple[str, str]] = {}
    for question, choices in questions:
        for language in ("ky", "ru"):
            text = folded(getattr(question, f"text_{language}"))
            if not text:
                continue
            by_label.setdefault(text, question.code)
            if question.kind == Kind.MULTIPLE:
                for choice in choices:
                    label = folded(getattr(choice, f"label_{language}"))
                    if label:
                        option_by_label.setdefault(f"{text}/{label}", (question.code, choice.code))
    options_of = {q.code: {c.code for c in choices} for q, choices in questions if q.kind == Kind.MULTIPLE}
    special = {MUNICIPALITY_FIELD: MUNICIPALITY_FIELD, WEIGHT_FIELD: WEIGHT_FIELD}
    columns = Columns()
    for index, header in enumerate(headers):
        name = header.strip().lstrip("\ufeff").strip()
        parts = name.split("/")
        if len(parts) >= 2 and parts[-1] in options_of.get(parts[-2], ()):
            columns.options.setdefault(parts[-2], []).append((index, parts[-1], name))
            continue
        option = option_by_label.get(folded(name))
        if option is not None:
            columns.options.setdefault(option[0], []).append((index, option[1], name))
            continue
        last = parts[-1]
        found = by_code.get(name) or by_code.get(last)
        code = (
            (found.code if found else None)
            or special.get(last.lower())
            or by_label.get(folded(name))
            or by_label.get(folded(last))
        )
        if code and code not in columns.single.values():
            columns.single[index] = code
    # A question with its own column reads that one; its option columns (Kobo's default export has both)
    # are left aside.
    for code in list(columns.options):
        if code in columns.single.values():
            del columns.options[code]
    present = set(columns.single.values()) | set(columns.options)
    missing = [q.code for q, _c in questions if q.required and q.code not in present]
    if MUNICIPALITY_FIELD not in present:
        missing.insert(0, MUNICIPALITY_FIELD)
    problems = [
        ImportProblem(1, _("The required column “%(column)s” is missing.") % {"column": code})
        for code in missing
    ]
    return columns, problems


def _dialect(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


TICKED = {"1": True, "1.0": True, "true": True, "0": False, "0.0": False, "false": False, "": False}


def _ticked(
    row: list[str], columns: list[tuple[int, str, str]], problems: list[str | Promise]
) -> list[str] | None:
    """The options ticked in a multiple choice's 0/1 columns; None when all are empty (not answered)."""
    cells = [
        (row[index].strip().lower() if index < len(row) else "", option, name)
        for index, option, name in columns
    ]
    if not any(cell for cell, _option, _name in cells):
        return None
    chosen = []
    for cell, option, name in cells:
        ticked = TICKED.get(cell)
        if ticked is None:
            problems.append(
                _("column “%(column)s”: “%(value)s” is neither 0 nor 1.") % {"column": name, "value": cell}
            )
        elif ticked:
            chosen.append(option)
    return chosen


def kobo_parse(
    survey_round: Round, data: bytes, questions: Questionnaire | None = None
) -> tuple[list[PreparedResponse], list[ImportProblem]]:
    """Every row checked: (responses, []) or ([], problems)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportProblem(1, _("The file is not UTF-8 text; export the CSV from Kobo again."))]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text[:4096]))
    try:
        headers = next(reader)
    except (StopIteration, csv.Error):
        return [], [ImportProblem(1, _("The file is empty."))]
    if questions is None:
        questions = questions_of(survey_round.instrument)
    columns, problems = _header_map(headers, questions)
    if problems:
        return [], problems
    single = list(columns.single.items())
    coate = survey_round.municipality.coate
    prepared: list[PreparedResponse] = []
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(prepared) + len(problems) >= MAX_ROWS:
                problems.append(ImportProblem(line, _("The file has more than 100,000 rows.")))
                break
            width = len(row)
            raw: dict[str, Any] = {code: (row[i] if i < width else "") for i, code in single}
            row_problems = _row_problems(raw, coate)
            for code, option_columns in columns.options.items():
                raw[code] = _ticked(row, option_columns, row_problems)
            weight = 1.0
            if not row_problems and raw.get(WEIGHT_FIELD, "").strip():
                weight = float(raw[WEIGHT_FIELD].replace(",", "."))
            item, errors = response_prepare(questions, raw, weight=weight)
            for code, message in errors.items():
                row_problems.append(
                    _("column “%(column)s”: %(problem)s") % {"column": code, "problem": message}
                )
            problems.extend(ImportProblem(line, message) for message in row_problems)
            if item is not None and not row_problems:
                prepared.append(item)
            if len(problems) >= MAX_ERRORS:
                break
    except csv.Error:
        problems.append(ImportProblem(line + 1, _("The line cannot be read as CSV.")))
    if problems:
        return [], problems
    if not prepared:
        return [], [ImportProblem(2, _("The file has no answers."))]
    return prepared, []


def _row_problems(raw: dict[str, Any], coate: str) -> list[str | Promise]:
    problems: list[str | Promise] = []
    found = str(raw.get(MUNICIPALITY_FIELD, "")).strip()
    if found != coate:
        problems.append(
            _("the row is for another municipality (“%(found)s”, expected %(coate)s).")
            % {"found": found, "coate": coate}
        )
    weight = str(raw.get(WEIGHT_FIELD, "")).strip()
    if weight:
        try:
            value = float(weight.replace(",", "."))
        except ValueError:
            value = -1.0
        if not math.isfinite(value) or value <= 0 or value > 10_000:
            problems.append(_("the weight “%(value)s” is not a positive number.") % {"value": weight})
    return problems


def kobo_import(*, actor: Any, survey_round: Round, data: bytes) -> int:
    """Check the whole file, then write every response in one transaction; raises ImportRejected."""
    questions = questions_of(survey_round.instrument)
    prepared, problems = kobo_parse(survey_round, data, questions)
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        responses_write(
            survey_round, prepared, source=Source.KOBO, day=timezone.localdate(), layout=questions.layout
        )
        audit_record(
            actor=actor,
            action="surveys.response.import",
            target=survey_round,
            municipality=survey_round.municipality,
            changes={"responses": {"before": None, "after": len(prepared)}},
        )
    return len(prepared)
