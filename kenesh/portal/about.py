"""Read-only: the portal's published items about a place, for the pages of apps above the portal (a
district portrait). Nothing here writes, and the portal imports none of those apps.

An item is about a municipality when the editor linked it to that municipality (its places); about a rayon
or an oblast when it is linked to a municipality inside it. Each item once, in the reader's language where
it is translated, else in the other one (marked); newest first; one query whatever the number of items.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from wagtail.models import Site

from kenesh.portal.models import Kind, PortalItem
from kenesh.portal.selectors import items_visible
from kenesh.territory.models import Level, Unit
from kenesh.web.bilingual import LANGUAGE_MARKS

ABOUT_LIMIT = 8


@dataclass(frozen=True)
class AboutItem:
    title: str
    url: str
    kind: str
    kind_label: str
    published_on: datetime.date
    language: str
    fallback: bool

    @property
    def mark(self) -> str:
        return str(LANGUAGE_MARKS.get(self.language, "")) if self.fallback else ""


def _places_filter(unit: Unit) -> dict[str, int]:
    if unit.level == Level.MUNICIPALITY:
        return {"unit_id": unit.pk}
    if unit.level == Level.RAYON:
        return {"unit__parent_id": unit.pk}
    return {"unit__parent__parent_id": unit.pk}


def items_about(unit: Unit, *, language: str, limit: int = ABOUT_LIMIT) -> list[AboutItem]:
    """The newest published public items about `unit` (a municipality, rayon or oblast), at most `limit`."""
    if unit.level not in (Level.MUNICIPALITY, Level.RAYON, Level.OBLAST):
        return []
    places = PortalItem.municipalities.through.objects.filter(
        portalitem_id=OuterRef("pk"), **_places_filter(unit)
    )
    items = items_visible(language).filter(Exists(places)).order_by("-published_on", "-pk")[:limit]
    found: list[AboutItem] = []
    # Read once (Wagtail would read it from the cache for every item asked its address without a request).
    root_paths = Site.get_site_root_paths()
    for item in items:
        item._wagtail_cached_site_root_paths = root_paths
        item_language = item.locale.language_code
        found.append(
            AboutItem(
                title=item.title,
                url=item.get_url() or "",
                kind=item.kind,
                kind_label=str(Kind(item.kind).label) if item.kind in Kind.values else "",
                published_on=item.published_on,
                language=item_language,
                fallback=item_language != language,
            )
        )
    return found
