"""Tests of participatory budgeting: uploads go to a temporary folder; the default language after each."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/... leaves English active in the thread; the next test would read its messages.
    yield
    translation.activate(settings.LANGUAGE_CODE)
