"""RSS and Atom feeds of the portal: everything, one thematic direction, or one type; newest 20, reader's
language."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kenesh.portal import selectors
from kenesh.portal.models import PortalHomePage, PortalItem

FEED_SIZE = 20


class PortalFeed(Feed):
    """Built per request by the portal home's routes (kenesh.portal.models), with the filters in hand."""

    def __init__(self, home: PortalHomePage, filters: selectors.SearchFilters, title: str) -> None:
        super().__init__()
        self.home = home
        self.filters = filters
        self.feed_title = title
        self.home_url = ""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.home_url = self.home.get_url(request) or ""
        return None

    def title(self) -> str:
        return self.feed_title

    def link(self) -> str:
        return self.home_url

    def description(self) -> str:
        return _("New items of the knowledge portal")

    def items(self) -> list[PortalItem]:
        language = selectors.reader_language()
        return list(selectors.items_search(self.filters, language=language)[:FEED_SIZE])

    def item_title(self, item: PortalItem) -> str:
        return item.title

    def item_description(self, item: PortalItem) -> str:
        return item.summary

    def item_link(self, item: PortalItem) -> str:
        return f"{self.home_url}{item.slug}/"

    def item_pubdate(self, item: PortalItem) -> Any:
        return item.first_published_at

    def item_updateddate(self, item: PortalItem) -> Any:
        return item.last_published_at or item.first_published_at


class PortalAtomFeed(PortalFeed):
    """The same items as Atom 1.0 (the description becomes the feed's subtitle)."""

    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
