"""Import of a KoboToolbox (XLSForm) CSV export into a round: all rows or none.

Columns are matched to questions by the field name (also as a group path, "group/field"), or by the
question's label in either language; the separator is `;` or `,`; answers are option codes or labels.
Kobo's own columns (_id, start, meta/instanceID, the 0/1 columns of each option of a multiple choice, ...)
are left aside. An optional `weight` column carries survey weights. Every problem is reported with its
line number in the file, and nothing is stored unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.audit.services import audit_record
from kenesh.surveys.models import Choice, Question, Round, Source
from kenesh.surveys.services import PreparedResponse, questions_of, response_prepare, responses_write
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


def _header_map(
    headers: list[str], questions: list[tuple[Question, list[Choice]]]
) -> tuple[dict[int, str], list[ImportProblem]]:
    by_code = {q.code: q.code for q, _c in questions}
    by_label = {}
    for question, _choices in questions:
        by_label[question.text_ky.strip().casefold()] = question.code
        by_label[question.text_ru.strip().casefold()] = question.code
    special = {MUNICIPALITY_FIELD: MUNICIPALITY_FIELD, WEIGHT_FIELD: WEIGHT_FIELD}
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = header.strip().lstrip("\ufeff")
        last = name.rsplit("/", 1)[-1]
        code = (
            by_code.get(name)
            or by_code.get(last)
            or special.get(last.lower())
            or by_label.get(name.casefold())
        )
        if code and code not in mapping.values():
            mapping[index] = code
    present = set(mapping.values())
    missing = [q.code for q, _c in questions if q.required and q.code not in present]
    if MUNICIPALITY_FIELD not in present:
        missing.insert(0, MUNICIPALITY_FIELD)
    problems = [
        ImportProblem(1, _("The required column “%(column)s” is missing.") % {"column": code})
        for code in missing
    ]
    return mapping, problems


def _dialect(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def kobo_parse(survey_round: Round, data: bytes) -> tuple[list[PreparedResponse], list[ImportProblem]]:
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
    questions = questions_of(survey_round.instrument)
    mapping, problems = _header_map(headers, questions)
    if problems:
        return [], problems
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
            raw: dict[str, Any] = {code: (row[i] if i < len(row) else "") for i, code in mapping.items()}
            row_problems = _row_problems(raw, coate)
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
    prepared, problems = kobo_parse(survey_round, data)
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        responses_write(survey_round, prepared, source=Source.KOBO, day=timezone.localdate())
        audit_record(
            actor=actor,
            action="surveys.response.import",
            target=survey_round,
            municipality=survey_round.municipality,
            changes={"responses": {"before": None, "after": len(prepared)}},
        )
    return len(prepared)
