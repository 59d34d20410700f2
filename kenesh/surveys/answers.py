"""Reading one answer given as text (a choice code, codes, a number) into what an `Answer` stores.

The web form, the paper entry and the Kobo import all go through `answer_value`, so the three accept the
same answers and reject the same mistakes with the same message.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.surveys.models import Choice, Kind, Question

NUMBER_LIMIT = 1_000_000


class AnswerInvalid(ValueError):
    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def choice_lookup(question: Question, choices: Sequence[Choice], raw: str) -> Choice:
    """The option whose code (or label in either language) is `raw`."""
    wanted = raw.strip()
    folded = wanted.casefold()
    for choice in choices:
        if choice.code == wanted:
            return choice
    for choice in choices:
        if folded in (choice.label_ky.casefold(), choice.label_ru.casefold()):
            return choice
    raise AnswerInvalid(_("“%(value)s” is not an option of this question.") % {"value": wanted})


def answer_value(
    question: Question, choices: Sequence[Choice], raw: str | Sequence[str] | None
) -> tuple[float | None, str, list[Choice]]:
    """(value, text, chosen options) of one answer; (None, "", []) when empty. Raises AnswerInvalid."""
    if raw is None:
        raw = ""
    if question.kind == Kind.MULTIPLE:
        codes = raw.split() if isinstance(raw, str) else [code for code in raw if code]
        if not codes:
            return None, "", []
        chosen = [choice_lookup(question, choices, code) for code in codes]
        mask = 0
        for choice in chosen:
            mask |= 1 << choice.position
        return float(mask), "", chosen
    if not isinstance(raw, str):
        raw = raw[0] if raw else ""
    raw = raw.strip()
    if not raw:
        return None, "", []
    if question.kind == Kind.SINGLE:
        choice = choice_lookup(question, choices, raw)
        return float(choice.position), "", [choice]
    if question.kind == Kind.LIKERT:
        if raw not in {"1", "2", "3", "4", "5"}:
            raise AnswerInvalid(_("“%(value)s” is not on the scale from 1 to 5.") % {"value": raw})
        return float(raw), "", []
    if question.kind == Kind.NUMBER:
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            raise AnswerInvalid(_("“%(value)s” is not a number.") % {"value": raw}) from None
        if not math.isfinite(number) or abs(number) > NUMBER_LIMIT:
            raise AnswerInvalid(_("“%(value)s” is out of range.") % {"value": raw})
        return number, "", []
    if len(raw) > 300:
        raise AnswerInvalid(_("The answer is longer than 300 characters."))
    return None, raw, []
