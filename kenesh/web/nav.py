"""The public site's sections, linked from every page: the few in the header, all of them in the footer.

The apps own the pages; these lists name them by URL name (no import of the apps above), and a name that
does not resolve (its app is not installed or routes no such page) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SitePage:
    url_name: str
    title: str | Promise


# The header: what a citizen comes for most, short enough for a phone's width.
HEADER_PAGES: tuple[SitePage, ...] = (
    SitePage("budgets:overview", _("Budgets")),
    SitePage("pb:processes", _("Participatory budgeting")),
    SitePage("appeals:index", _("Appeals")),
)
# The footer: every public section, in the order of the budget cycle.
FOOTER_PAGES: tuple[SitePage, ...] = (
    SitePage("needs:overview", _("Needs assessment")),
    SitePage("budgets:overview", _("Budgets")),
    SitePage("hearings:national", _("Public hearings")),
    SitePage("pb:processes", _("Participatory budgeting")),
    SitePage("appeals:index", _("Appeals")),
    SitePage("appeals:national", _("Responsiveness of all municipalities")),
    SitePage("surveys:national", _("Surveys")),
    SitePage("portraits:dashboard", _("National dashboard of local self-government")),
    SitePage("portal_home", _("Knowledge portal")),
)


def site_links(pages: tuple[SitePage, ...], path: str = "") -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = []
    for page in pages:
        try:
            url = reverse(page.url_name)
        except NoReverseMatch:
            continue
        links.append({"url": url, "title": page.title, "current": url == path})
    return links
