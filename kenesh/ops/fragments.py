"""Slots where an upper app adds a piece of a lower app's page, without the lower app importing it.

A lower app's template names a slot and passes an object: ``{% load fragments %}{% fragments "budgets.line"
line %}``. An upper app registers a renderer for the slot in its AppConfig.ready():
``fragment_register("budgets.line", render_priorities_of_line)``; a renderer takes (request, obj) and returns
HTML (already safe) or "". So the budget line page can say which priority a line serves, while the budgets
app knows nothing of action plans, and a municipality's page (territory, below every app) shows each app's
section: the arrows stay plans -> ops, budgets -> ops, territory -> ops.

Slots: "territory.municipality" (a municipality), "budgets.line" (a budget line), "needs.priorities" (a
published needs assessment), "plans.item" (an item of a public action plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[[Any, Any], str]

_slots: dict[str, list[Renderer]] = {}


def fragment_register(slot: str, renderer: Renderer) -> None:
    """Add `renderer` to `slot` (registering the same renderer twice adds it once)."""
    renderers = _slots.setdefault(slot, [])
    if renderer not in renderers:
        renderers.append(renderer)


def fragments_render(slot: str, request: Any, obj: Any) -> SafeString:
    """The pieces every registered renderer gives for `obj`, in registration order."""
    return mark_safe("".join(renderer(request, obj) for renderer in _slots.get(slot, ())))  # noqa: S308


@dataclass(frozen=True)
class TemplateFragment:
    """A renderer that renders one template with the slot's object under `name` (equal by value, so
    registering the same template twice adds it once)."""

    template_name: str
    name: str = "object"

    def __call__(self, request: Any, obj: Any) -> str:
        return render_to_string(self.template_name, {self.name: obj}, request=request)
