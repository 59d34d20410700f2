"""`{% load kenesh %}`: money, numbers and dates in the active language, the language links, the office menu.

Filters (empty for None, the value unchanged when it is not a number or a date, as Django's filters do):
    {{ amount|som }}          1 234 567,50 сом     {{ amount|som:0 }}      1 234 568 сом
                              (tiyin only where there are some: 1 500 сом)
    {{ count|number }}        12 345               {{ value|number:1 }}    12 345,0
    {{ share|percent }}       35%  (share 0.345)   {{ share|percent:1 }}   34,5%
    {{ day|date_long }}       2026-ж., 8-март      {{ day|date_short }}    08.03.2026
    {{ moment|date_time }}    2026-ж., 8-март 14:30 (in Asia/Bishkek)
Tags:
    {% language_links as languages %}  each: code, name (in its own language), url (this page), current
    {% office_links as pages %}        the back-office pages the user may open: url, title, description
    {% bilingual obj "title" %}        obj.title_ky / _ru / _en in the reader's language, else another one
                                       with its lang attribute and a mark "(орусча)"; never both
    {% bilingual obj "description" block=True %}  the same as paragraphs in a <div lang="…">
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation

from kenesh.web import bilingual as bilingual_text
from kenesh.web import l10n, nav
from kenesh.web.office import OfficeLink
from kenesh.web.office import office_links as office_links_for

register = template.Library()


def _blank(value: Any) -> bool:
    return value is None or value == ""


@register.filter
def som(value: Any, decimals: int | None = None) -> Any:
    if _blank(value):
        return ""
    try:
        return l10n.format_som(value, decimals=None if decimals is None else int(decimals))
    except (TypeError, ValueError):
        return value


@register.filter
def number(value: Any, decimals: int | None = None) -> Any:
    if _blank(value):
        return ""
    try:
        return l10n.format_number(value, decimals=None if decimals is None else int(decimals))
    except (TypeError, ValueError):
        return value


@register.filter
def percent(value: Any, decimals: int = 0) -> Any:
    if _blank(value):
        return ""
    try:
        return l10n.format_percent(value, decimals=int(decimals))
    except (TypeError, ValueError):
        return value


@register.filter
def date_long(value: Any) -> Any:
    if not isinstance(value, datetime.date):
        return "" if _blank(value) else value
    return l10n.format_date(value, style="long")


@register.filter
def date_short(value: Any) -> Any:
    if not isinstance(value, datetime.date):
        return "" if _blank(value) else value
    return l10n.format_date(value, style="short")


@register.filter
def date_time(value: Any, style: str = "long") -> Any:
    if not isinstance(value, datetime.datetime):
        return "" if _blank(value) else value
    return l10n.format_datetime(value, style=style)


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """This page in each language, for the language switcher and the `hreflang` alternates.

    The page's own URL match is reversed in each language; resolving the path again, as `translate_url`
    does, walks every URL pattern and cost about 3 ms of every page. `translate_url` remains for a request
    without a match (an error page)."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    match = getattr(request, "resolver_match", None)
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": _page_in(match, path, query, code),
                "current": code == current,
            }
        )
    return links


def _page_in(match: Any, path: str, query: str, code: str) -> str:
    if match is None or not match.url_name:
        return translate_url(path, code)
    with translation.override(code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return translate_url(path, code)
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def header_links(context: template.Context) -> list[dict[str, Any]]:
    request = context.get("request")
    return nav.site_links(nav.HEADER_PAGES, request.path if request is not None else "")


@register.simple_tag(takes_context=True)
def footer_links(context: template.Context) -> list[dict[str, Any]]:
    request = context.get("request")
    return nav.site_links(nav.FOOTER_PAGES, request.path if request is not None else "")


@register.simple_tag(takes_context=True)
def office_links(context: template.Context) -> list[OfficeLink]:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return []
    return office_links_for(user)


@register.simple_tag
def bilingual(obj: Any, field: str, block: bool = False) -> str:
    """The one shared way to show a field typed in Kyrgyz and/or Russian (see kenesh.web.bilingual)."""
    if obj is None:
        return ""
    text = bilingual_text.localized(obj, field)
    return bilingual_text.render_block(text) if block else bilingual_text.render_inline(text)
