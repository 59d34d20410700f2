"""Links from a budget line to what upper apps tie to it (an action-plan item and its priority, a PB project),
by line key, without the budgets app importing those apps.

An upper app registers a provider in its AppConfig.ready(): ``line_links_register(provider)``, where
``provider(version)`` returns ``{line key: [objects with url and title]}`` in a fixed number of queries;
kenesh.budgets.selectors.line_links merges what the providers return for the citizen's budget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], dict[str, list[Any]]]

_providers: list[Provider] = []


def line_links_register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def line_links_of(version: Any) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {}
    for provider in _providers:
        for key, links in provider(version).items():
            merged.setdefault(key, []).extend(links)
    return merged


def line_links_providers() -> tuple[Provider, ...]:
    """The registered providers (a page's query count grows by one query per provider)."""
    return tuple(_providers)
