"""The demo data of every app, in the order the apps load it: each app registers itself here.

An app calls `demo_register` in its AppConfig.ready(); Django calls those in INSTALLED_APPS order, lower
layers first (accounts' demo people hold roles in territory's demo municipalities), so this module names
no app and nothing here imports upwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoApp:
    """An app's demo: its loader (idempotent) and, for the people app, the logins to print."""

    module: str
    load: Callable[[], None]
    logins: Callable[[], list[tuple[Any, ...]]] | None = None


_registry: dict[str, DemoApp] = {}


def demo_register(
    module: str, load: Callable[[], None], logins: Callable[[], list[tuple[Any, ...]]] | None = None
) -> None:
    """Add an app's demo (registering one module twice keeps the first place)."""
    _registry.setdefault(module, DemoApp(module, load, logins))


def demo_modules() -> tuple[str, ...]:
    return tuple(_registry)


def demo_loaders(modules: tuple[str, ...] | None = None) -> list[tuple[str, Callable[[], None] | None]]:
    """(module, its load_demo) in the order given (default: every registered one); None if not registered."""
    names = demo_modules() if modules is None else modules
    return [(name, _registry[name].load if name in _registry else None) for name in names]


def demo_logins() -> list[tuple[Any, ...]]:
    """(role, login, password, note) of each demo person, from the apps that have people."""
    return [login for app in _registry.values() if app.logins is not None for login in app.logins()]
