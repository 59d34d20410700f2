"""Fixtures of the portraits tests: an oblast with two rayons and their municipalities, and hearings."""

from __future__ import annotations

import datetime

import pytest

from kenesh.hearings.models import Hearing, HearingKind
from kenesh.territory.models import Level, Unit

OBLAST = "41704000000000"
RAYON_A = "41704235000000"
RAYON_B = "41704240000000"


def unit_make(coate: str, level: str, name: str, parent: Unit | None = None, **fields: object) -> Unit:
    return Unit.objects.create(coate=coate, level=level, name_ru=name, name_ky=name, parent=parent, **fields)


def hearing_make(municipality: Unit, year: int, *, women: int, men: int) -> Hearing:
    day = datetime.date(year, 3, 10)
    return Hearing.objects.create(
        municipality=municipality,
        kind=HearingKind.DRAFT_BUDGET,
        date=day,
        year=year,
        notice_date=day - datetime.timedelta(days=15),
        notice_days_required=10,
        answer_due=day + datetime.timedelta(days=30),
        attendance_recorded=True,
        participants=women + men,
        women=women,
        men=men,
    )


@pytest.fixture
def place(db):
    """An oblast, two rayons, three municipalities (two in rayon A)."""
    oblast = unit_make(OBLAST, Level.OBLAST, "Чүй облусу")
    rayon_a = unit_make(RAYON_A, Level.RAYON, "Аламүдүн району", oblast)
    rayon_b = unit_make(RAYON_B, Level.RAYON, "Ысык-Ата району", oblast)
    first = unit_make("41704235825000", Level.MUNICIPALITY, "Кум-Добо", rayon_a, population=5000)
    second = unit_make("41704235832000", Level.MUNICIPALITY, "Семиз-Бел", rayon_a, population=3000)
    third = unit_make("41704240810000", Level.MUNICIPALITY, "Ысык-Ата", rayon_b, population=8000)
    return {"oblast": oblast, "rayon_a": rayon_a, "rayon_b": rayon_b, "units": [first, second, third]}
