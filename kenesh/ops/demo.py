"""The order in which apps load their demo data: each later capability appends its module here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

# Lower layers first: accounts' demo people hold roles in territory's demo municipalities.
DEMO_MODULES: tuple[str, ...] = (
    "kenesh.territory.demo",
    "kenesh.accounts.demo",
    "kenesh.messaging.demo",
    "kenesh.budgets.demo",
    "kenesh.pb.demo",
)


def demo_loaders(
    modules: tuple[str, ...] = DEMO_MODULES,
) -> list[tuple[str, Callable[[], None] | None]]:
    """(module, its load_demo) in order; the loader is None for an app that has no demo module yet."""
    loaders: list[tuple[str, Callable[[], None] | None]] = []
    for name in modules:
        module = _import_if_present(name)
        loaders.append((name, module.load_demo if module is not None else None))
    return loaders


def _import_if_present(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        # Only the demo module (or its app) may be missing; a broken import inside it must fail loudly.
        if error.name is None or not (name == error.name or name.startswith(f"{error.name}.")):
            raise
        return None
