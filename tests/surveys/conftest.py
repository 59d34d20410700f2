"""Fixtures of the surveys tests: our municipality with three villages, an instrument from the whole bank."""

from __future__ import annotations

import pytest

from kenesh.surveys.testing import instrument_make, round_make, villages_make
from tests.territory.fixtures import municipality, other_municipality

__all__ = ["municipality", "other_municipality"]


@pytest.fixture
def villages(municipality):
    return villages_make(municipality)


@pytest.fixture
def instrument(municipality, villages):
    return instrument_make(municipality)


@pytest.fixture
def survey_round(instrument):
    return round_make(instrument, open_on_web=True)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the default language is Kyrgyz); pages are asked for under /en/."""
    from django.utils import translation

    translation.activate("en")
