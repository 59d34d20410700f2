"""Test-wide settings: static files come from the app folders (no collectstatic), catalogues are compiled."""

from collections.abc import Iterator
from pathlib import Path

import pytest

# One plugin for the browser fixtures, so every app's browser tests share one Chromium (two Playwright
# sessions in one thread cannot run side by side).
pytest_plugins = ["tests.browser.fixtures"]


def _django_configured() -> bool:
    from django.conf import settings

    return settings.configured


@pytest.fixture(autouse=True, scope="session")
def _static_from_finders() -> Iterator[None]:
    if not _django_configured():
        yield
        return
    from django.conf import settings
    from django.test import override_settings

    # WhiteNoise warns on every request handler it starts when STATIC_ROOT is missing; nothing is collected.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # override_settings (not plain assignment) so Django forgets any storage it has already built.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True, scope="session")
def _catalogues_compiled() -> None:
    """The .mo files are not in git: compile the changed ones, as `make test` does, so pytest alone works."""
    if not _django_configured():
        return
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_catalogues", "--if-changed", verbosity=0)
    # Forget catalogues loaded before the compile (apps' verbose names may have been translated already).
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _default_language_after() -> Iterator[None]:
    """A request to /en/ or /ru/ leaves that language active in the thread; the next test starts afresh."""
    yield
    if _django_configured():
        from django.conf import settings
        from django.utils import translation

        translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _shared_cache_emptied(request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate-limit counters live in the database cache table, which a transactional test's flush keeps."""
    yield
    if not _django_configured():
        return
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.core.cache import cache

        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            cache.clear()
