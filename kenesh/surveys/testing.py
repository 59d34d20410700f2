"""Helpers for tests and the bench: a municipality's villages, an instrument from the whole bank, a round."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.db import transaction

from kenesh.surveys.bank import BANK
from kenesh.surveys.models import Instrument, Mode, Round, RoundKind
from kenesh.surveys.services import instrument_create, round_create
from kenesh.territory.models import Level, Municipality, Settlement, Unit


def villages_make(
    municipality: Municipality, names: tuple[str, ...] = ("Ак-Суу", "Боз-Бешик", "Кичи-Тал")
) -> list[Settlement]:
    made = []
    for index, name in enumerate(names, start=1):
        unit = Unit.objects.create(
            coate=municipality.coate[:11] + f"{index:03d}",
            level=Level.SETTLEMENT,
            name_ru=name,
            name_ky=name,
            parent=municipality,
        )
        made.append(cast(Settlement, Settlement.objects.get(pk=unit.pk)))
    return made


def instrument_make(municipality: Municipality, actor: Any = None) -> Instrument:
    with transaction.atomic():
        return instrument_create(
            actor=actor,
            municipality=municipality,
            title_ky="Жарандардын пикири",
            title_ru="Мнение граждан",
            bank_codes=[entry.code for entry in BANK],
        )


def round_make(
    instrument: Instrument, kind: str = RoundKind.BASELINE, year: int = 2025, **fields: Any
) -> Round:
    fields.setdefault("mode", Mode.FACE_TO_FACE)
    fields.setdefault("sampling_ky", "Үй чарбаларынын кокустук тандоосу")
    fields.setdefault("sampling_ru", "Случайная выборка домохозяйств")
    with transaction.atomic():
        return round_create(
            actor=None,
            municipality=cast(Municipality, Municipality.objects.get(pk=instrument.municipality_id)),
            instrument=instrument,
            kind=kind,
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 3, 31),
            **fields,
        )


def answers_of(response: Any) -> dict[str, float | str]:
    """A stored response's answers by question code: the number (NaN left out), or the short text."""
    import math

    from kenesh.surveys.answers import values_unpack
    from kenesh.surveys.models import Question

    values = values_unpack(response.values)
    found: dict[str, float | str] = dict(response.texts)
    for code, slot in Question.objects.filter(instrument_id=response.round.instrument_id).values_list(
        "code", "slot"
    ):
        if slot < len(values) and not math.isnan(values[slot]):
            found[code] = float(values[slot])
    return found
