"""Test-wide settings: static files come from the app folders, so no collectstatic is needed."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _static_from_finders(django_settings_is_configured):
    if not django_settings_is_configured:
        return
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
