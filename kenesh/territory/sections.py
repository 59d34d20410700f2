"""Sections that the apps above territory add to a municipality's page, so that territory names none of them.

An app registers a template in its AppConfig.ready(): `municipality_section_register("budgets/_x.html")`.
The page includes each registered template in registration order (INSTALLED_APPS order) with `municipality`
in its context. A section links to the app's pages; one that needs data loads it through its own tags.
"""

from __future__ import annotations

_SECTIONS: list[str] = []


def municipality_section_register(template_name: str) -> None:
    """Add `template_name` to every municipality page (once, however often it is registered)."""
    if template_name not in _SECTIONS:
        _SECTIONS.append(template_name)


def municipality_sections() -> tuple[str, ...]:
    return tuple(_SECTIONS)
