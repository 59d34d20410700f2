"""Absolute URLs of the live server by URL name, in a language."""

from typing import Any

from django.urls import reverse
from django.utils import translation


def url_of(site: str, name: str, language: str = "ky", **kwargs: Any) -> str:
    with translation.override(language):
        return site + reverse(name, kwargs=kwargs or None)
