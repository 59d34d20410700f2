"""Fixtures of the accounts tests: two municipalities (ours and another), a village, people."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from kenesh.territory.models import Level, Municipality, Settlement, Unit


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /ru/... leaves Russian active in the thread; reverse() would then build /ru/ URLs.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture
def village(municipality) -> Settlement:
    return Settlement.objects.create(
        coate="41702215810010", level=Level.SETTLEMENT, name_ru="Теплоключенка", parent=municipality
    )
