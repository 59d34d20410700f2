"""Fixtures of the accounts tests: two municipalities (ours and another), a village, people."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from kenesh.territory.models import Level, Settlement
from tests.territory.fixtures import municipality, other_municipality

__all__ = ["municipality", "other_municipality"]


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    # The cache is a database table (settings.CACHES): only tests with the database can use it.
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        cache.clear()
    elif request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /ru/... leaves Russian active in the thread; reverse() would then build /ru/ URLs.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def village(municipality) -> Settlement:
    return Settlement.objects.create(
        coate="41702215810010", level=Level.SETTLEMENT, name_ru="Теплоключенка", parent=municipality
    )
