"""The portal's public pages: the home of one language, a theme, search, and an item's context.

The home, a theme, search and the feeds are Django views (kenesh/portal/urls.py, before Wagtail's own
routes, which serve the items); each finds the portal home of the reader's language. Every page has the GET
search form (`q`), so a search has an address to share.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kenesh.portal import selectors
from kenesh.portal.feeds import PortalAtomFeed, PortalFeed
from kenesh.portal.models import Kind, PortalHomePage, Theme
from kenesh.web.bilingual import localized


def reader_language() -> str:
    return (get_language() or "ky").split("-")[0]


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def _base_context(request: HttpRequest, home: PortalHomePage) -> dict[str, Any]:
    return {
        "page": home,
        "self": home,
        "portal_home": home,
        "portal_home_url": home.get_url(request),
        "reader_language": reader_language(),
        "themes": selectors.themes(),
        "kinds": list(Kind),
    }


def _home() -> PortalHomePage:
    home = selectors.portal_home_for(reader_language())
    if home is None:
        raise Http404("no portal home")
    return home


def portal_home(request: HttpRequest) -> HttpResponse:
    home = _home()
    context = _base_context(request, home)
    context["sections"] = [
        (kind, items) for kind, items in selectors.latest_by_kind(reader_language()) if items
    ]
    return TemplateResponse(request, "portal/home.html", context)


def portal_theme(request: HttpRequest, slug: str) -> HttpResponse:
    home = _home()
    theme = next((theme for theme in selectors.themes() if theme.slug == slug), None)
    if theme is None:
        raise Http404(slug)
    context = _base_context(request, home)
    items = selectors.items_search(selectors.SearchFilters(theme=slug), language=reader_language())
    page = Paginator(items, selectors.PAGE_SIZE).get_page(_page_number(request))
    context.update({"theme": theme, "results": page})
    return TemplateResponse(request, "portal/theme.html", context)


def portal_search(request: HttpRequest) -> HttpResponse:
    context = _base_context(request, _home())
    filters = selectors.search_filters_from(request.GET)
    results = None
    if filters.active:
        items = selectors.items_search(filters, language=reader_language())
        with selectors.without_jit():
            results = Paginator(items, selectors.PAGE_SIZE).get_page(_page_number(request))
            results.object_list = list(results.object_list)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context.update(
        {
            "filters": filters,
            "choices": selectors.filter_choices(),
            "results": results,
            "query_string": query_without_page.urlencode(),
            "kind_label": Kind(filters.kind).label if filters.kind else "",
        }
    )
    return TemplateResponse(request, "portal/search.html", context)


def theme_name(theme: Theme, language: str) -> str:
    return theme.name_ru if language == "ru" else theme.name_ky


def portal_feed(request: HttpRequest, *, theme: str = "", kind: str = "", atom: bool = False) -> HttpResponse:
    """RSS (or Atom) of the newest items: all, of one thematic direction, or of one type."""
    home = _home()

    title = str(_("Knowledge portal"))
    if theme:
        found = next((item for item in selectors.themes() if item.slug == theme), None)
        if found is None:
            raise Http404(theme)
        title = f"{title}: {localized(found, 'name').text}"
    if kind:
        if kind not in {value.value for value in Kind}:
            raise Http404(kind)
        title = f"{title}: {Kind(kind).label}"
    feed_class = PortalAtomFeed if atom else PortalFeed
    feed = feed_class(home, selectors.SearchFilters(theme=theme, kind=kind), title)
    return feed(request)
