"""The portal's public pages: the home of one language, a theme, search, and an item's context.

Wagtail routes /<lang>/portal/... to the portal home of that language (kenesh.portal.models), which calls
these functions; every page has the GET search form (`q`), so a search has an address to share.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kenesh.portal import selectors
from kenesh.portal.models import Kind, PortalHomePage, PortalItem, Theme
from kenesh.portal.permissions import may_read_subscriber_content


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


def portal_home(request: HttpRequest, home: PortalHomePage) -> HttpResponse:
    context = _base_context(request, home)
    context["sections"] = [
        (kind, items) for kind, items in selectors.latest_by_kind(reader_language()) if items
    ]
    return TemplateResponse(request, "portal/home.html", context)


def portal_theme(request: HttpRequest, home: PortalHomePage, slug: str) -> HttpResponse:
    theme = next((theme for theme in selectors.themes() if theme.slug == slug), None)
    if theme is None:
        raise Http404(slug)
    context = _base_context(request, home)
    items = selectors.items_search(selectors.SearchFilters(theme=slug), language=reader_language())
    page = Paginator(items, selectors.PAGE_SIZE).get_page(_page_number(request))
    context.update({"theme": theme, "results": page})
    return TemplateResponse(request, "portal/theme.html", context)


def portal_search(request: HttpRequest, home: PortalHomePage) -> HttpResponse:
    context = _base_context(request, home)
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
        }
    )
    return TemplateResponse(request, "portal/search.html", context)


def item_context(request: HttpRequest, item: PortalItem) -> dict[str, Any]:
    """What an item's template needs beside the page: its home in the reader's language, the gate, marks."""
    language = reader_language()
    home = selectors.portal_home_for(language)
    return {
        "portal_home": home,
        "portal_home_url": home.get_url(request) if home is not None else "",
        "reader_language": language,
        "fallback_language": item.locale.language_code if item.locale.language_code != language else "",
        "item_themes": list(item.themes.all()),
        "item_municipalities": list(item.municipalities.all()),
        "item_tags": list(item.tags.all()),
        "may_read": not item.subscriber_only or may_read_subscriber_content(request.user),
        "kind_label": Kind(item.kind).label if item.kind else "",
    }


def theme_name(theme: Theme, language: str) -> str:
    return theme.name_ru if language == "ru" else theme.name_ky


def portal_feed(
    request: HttpRequest, home: PortalHomePage, *, theme: str = "", kind: str = ""
) -> HttpResponse:
    """RSS of the newest items: all, of one thematic direction, or of one type."""
    from kenesh.portal.feeds import PortalFeed
    from kenesh.web.bilingual import localized

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
    feed = PortalFeed(home, selectors.SearchFilters(theme=theme, kind=kind), title)
    return feed(request)
