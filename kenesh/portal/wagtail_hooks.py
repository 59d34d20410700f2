"""Wagtail hooks: the thematic directions as an editable snippet; people and roles stay in Kenesh's office."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from kenesh.portal.journal_gate import document_gate
from kenesh.portal.models import Theme

register_snippet(Theme)


@hooks.register("construct_settings_menu")
def hide_people_menus(request: Any, menu_items: list[Any]) -> None:
    """Accounts, groups and roles are managed in Kenesh's office (kenesh.accounts), never here."""
    menu_items[:] = [item for item in menu_items if item.name not in ("users", "groups")]


@hooks.register("before_serve_document")
def journal_pdf_for_subscribers(document: Any, request: Any) -> Any:
    """A journal issue's PDF by its Wagtail address: subscribers and editors only (kenesh.portal.journal)."""
    return document_gate(document, request)
