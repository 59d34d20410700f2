"""Reading one answer given as text (a choice code, codes, a label, labels, a number) into what a response
stores, and the compact form of a response's answers.

The web form, the paper entry and the Kobo import all go through `QuestionReader`, so the three accept the
same answers and reject the same mistakes with the same message. A reader remembers what it has read: a
10,000-row import has a few dozen distinct cells per question, each checked once.

Labels: KoboToolbox can export answers as labels (in Kyrgyz, in Russian, or in the XLSForm's default
language, which is Kyrgyz) instead of codes. A multiple choice then comes as the chosen labels separated by
spaces, and a label may itself contain spaces ("Drinking water Street lighting"). Such a cell is cut into
whole labels of the question's options; it is taken when exactly one set of options reads that way (in either
language), and refused, with its text, when none does or when two different sets do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.surveys.bank import LIKERT_LABELS
from kenesh.surveys.models import Choice, Kind, Question

NUMBER_LIMIT = 1_000_000
MISSING = math.nan
DTYPE = "<f8"
"""A response's values: little-endian 64-bit floats, one per question slot, NaN where not answered."""


class AnswerInvalid(ValueError):
    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def values_pack(values: Sequence[float]) -> bytes:
    return np.asarray(values, dtype=DTYPE).tobytes()


def values_unpack(data: bytes | memoryview | None) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.frombuffer(bytes(data or b""), dtype=DTYPE)


def folded(text: str) -> str:
    """A label as compared: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Read:
    """One answer read: its number (None if none), its text (short text only), the options chosen."""

    value: float | None
    text: str
    chosen: tuple[Choice, ...]


EMPTY = Read(None, "", ())
LANGUAGES = ("ky", "ru")
_LIKERT_BY_LABEL = {
    folded(label): float(value) for value, pair in LIKERT_LABELS.items() for label in (*pair, str(value))
}


def _not_an_option(raw: str) -> AnswerInvalid:
    return AnswerInvalid(_("“%(value)s” is not an option of this question.") % {"value": raw})


class QuestionReader:
    """Reads the answers of one question; remembers each distinct cell it has read (except short text)."""

    def __init__(self, question: Question, choices: Sequence[Choice]) -> None:
        self.question = question
        self.choices = list(choices)
        self.by_code = {choice.code: choice for choice in self.choices}
        # {language: {label folded: [options with that label]}}
        self.labels: dict[str, dict[str, list[Choice]]] = {language: {} for language in LANGUAGES}
        for choice in self.choices:
            for language in LANGUAGES:
                label = folded(getattr(choice, f"label_{language}"))
                if label:
                    self.labels[language].setdefault(label, []).append(choice)
        self._memo: dict[Any, Read | AnswerInvalid] = {}

    def read(self, raw: str | Sequence[str] | None) -> Read:
        """The answer in `raw`; EMPTY when none. Raises AnswerInvalid."""
        if raw is None:
            return EMPTY
        key = raw if isinstance(raw, str) else tuple(raw)
        known = self._memo.get(key)
        if known is None:
            try:
                known = self._read(raw)
            except AnswerInvalid as invalid:
                known = invalid
            if self.question.kind != Kind.TEXT and len(self._memo) < 100_000:
                self._memo[key] = known
        if isinstance(known, AnswerInvalid):
            raise known
        return known

    def _read(self, raw: str | Sequence[str]) -> Read:
        kind = self.question.kind
        if kind == Kind.MULTIPLE:
            if isinstance(raw, str):
                chosen = self._multiple(raw)
            else:
                chosen = tuple(self._one(code) for code in raw if code)
            if not chosen:
                return EMPTY
            mask = 0
            for choice in chosen:
                mask |= 1 << choice.position
            return Read(float(mask), "", tuple(sorted(set(chosen), key=lambda c: c.position)))
        if not isinstance(raw, str):
            raw = raw[0] if raw else ""
        raw = raw.strip()
        if not raw:
            return EMPTY
        if kind == Kind.SINGLE:
            choice = self._one(raw)
            return Read(float(choice.position), "", (choice,))
        if kind == Kind.LIKERT:
            value = _LIKERT_BY_LABEL.get(folded(raw))
            if value is None:
                raise AnswerInvalid(_("“%(value)s” is not on the scale from 1 to 5.") % {"value": raw})
            return Read(value, "", ())
        if kind == Kind.NUMBER:
            try:
                number = float(raw.replace(",", "."))
            except ValueError:
                raise AnswerInvalid(_("“%(value)s” is not a number.") % {"value": raw}) from None
            if not math.isfinite(number) or abs(number) > NUMBER_LIMIT:
                raise AnswerInvalid(_("“%(value)s” is out of range.") % {"value": raw})
            return Read(number, "", ())
        if len(raw) > 300:
            raise AnswerInvalid(_("The answer is longer than 300 characters."))
        return Read(None, raw, ())

    def _one(self, raw: str) -> Choice:
        """The option whose code, or else whose label in either language, is `raw`."""
        wanted = raw.strip()
        choice = self.by_code.get(wanted)
        if choice is not None:
            return choice
        label = folded(wanted)
        found = {c.pk or id(c): c for language in LANGUAGES for c in self.labels[language].get(label, [])}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            raise AnswerInvalid(
                _("“%(value)s” is the label of more than one option; export the codes instead.")
                % {"value": wanted}
            )
        raise _not_an_option(wanted)

    def _multiple(self, raw: str) -> tuple[Choice, ...]:
        """The options in a cell of codes or of labels, separated by spaces (see the module's docstring)."""
        tokens = raw.split()
        if not tokens:
            return ()
        readings: set[frozenset[int]] = set()
        by_position = {choice.position: choice for choice in self.choices}
        if all(token in self.by_code for token in tokens):
            readings.add(frozenset(self.by_code[token].position for token in tokens))
        folded_tokens = [token.casefold() for token in tokens]
        for language in LANGUAGES:
            readings |= _cuts(folded_tokens, self.labels[language])
        if not readings:
            raise _not_an_option(" ".join(tokens))
        if len(readings) > 1:
            raise AnswerInvalid(
                _("“%(value)s” can be read as more than one set of options; export the codes instead.")
                % {"value": " ".join(tokens)}
            )
        return tuple(by_position[position] for position in sorted(next(iter(readings))))


def _cuts(tokens: list[str], labels: dict[str, list[Choice]]) -> set[frozenset[int]]:
    """The distinct sets of options (by position) that `tokens` can be cut into, whole labels each; at most
    two are looked for (two already make the cell ambiguous)."""
    pieces = {tuple(label.split()): choices for label, choices in labels.items()}
    longest = max((len(piece) for piece in pieces), default=0)
    # readings[i]: the sets the tokens from i on can be cut into.
    readings: list[set[frozenset[int]]] = [set() for _ in range(len(tokens) + 1)]
    readings[len(tokens)] = {frozenset()}
    for start in range(len(tokens) - 1, -1, -1):
        found: set[frozenset[int]] = set()
        # Longest first: the greedy reading comes first, and a second one is only looked for past it.
        for size in range(min(longest, len(tokens) - start), 0, -1):
            choices = pieces.get(tuple(tokens[start : start + size]))
            if not choices:
                continue
            for choice in choices:
                for rest in readings[start + size]:
                    found.add(rest | {choice.position})
                    if len(found) > 1:
                        break
            if len(found) > 1:
                break
        readings[start] = found
    return readings[0]


def answer_value(
    question: Question, choices: Sequence[Choice], raw: str | Sequence[str] | None
) -> tuple[float | None, str, list[Choice]]:
    """(value, text, chosen options) of one answer; (None, "", []) when empty. Raises AnswerInvalid."""
    read = QuestionReader(question, choices).read(raw)
    return read.value, read.text, list(read.chosen)
