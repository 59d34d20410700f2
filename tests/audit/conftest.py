"""Fixtures of the audit tests: two municipalities and the people who look at their logs."""

from __future__ import annotations

import pytest

from kenesh.territory.models import Level, Municipality, Unit


def _municipality(coate: str, name: str) -> Municipality:
    rayon = Unit.objects.create(coate=coate[:8] + "000000", level=Level.RAYON, name_ru=f"{name} район")
    return Municipality.objects.create(
        coate=coate, level=Level.MUNICIPALITY, name_ru=name, name_ky=name, parent=rayon
    )


@pytest.fixture
def municipality(db) -> Municipality:
    return _municipality("41702215810000", "Ак-Суу")


@pytest.fixture
def other_municipality(db) -> Municipality:
    return _municipality("41703220820000", "Кара-Суу")
