"""Writes of the portal outside the editors' admin: publishing an item or a journal issue, and its
translation (demo, tests).

Editors work in Wagtail's admin, which keeps revisions and its own log of actions; these functions publish
through the same revision machinery, so a page made here is indistinguishable from one made there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from wagtail.models import Locale

from kenesh.portal.models import (
    JournalIndexPage,
    JournalIssuePage,
    JournalTocEntry,
    PortalHomePage,
    PortalItem,
    Theme,
)


def home_for(language: str) -> PortalHomePage:
    return PortalHomePage.objects.get(locale__language_code=language)


def _relate(
    item: PortalItem, themes: Iterable[Theme], municipalities: Iterable[Any], tags: Iterable[str]
) -> None:
    item.themes.set(list(themes))
    item.municipalities.set(list(municipalities))
    item.tags.set(list(tags))


@transaction.atomic
def item_publish(
    *,
    page: PortalItem,
    language: str = "ky",
    themes: Iterable[Theme] = (),
    municipalities: Iterable[Any] = (),
    tags: Iterable[str] = (),
    user: Any = None,
) -> PortalItem:
    """Add `page` (a new item of any type) under the portal home of `language` and publish it."""
    home = home_for(language)
    _relate(page, themes, municipalities, tags)
    home.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


@transaction.atomic
def item_translate(*, item: PortalItem, language: str, user: Any = None, **fields: Any) -> PortalItem:
    """Publish the `language` version of `item` (same translation key), with its texts in `fields`."""
    locale = Locale.objects.get(language_code=language)
    translation = item.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    _relate(translation, item.themes.all(), item.municipalities.all(), item.tags.names())
    translation.save_revision(user=user).publish(user=user)
    translation.refresh_from_db()
    return translation


def journal_index_for(language: str) -> JournalIndexPage:
    return JournalIndexPage.objects.child_of(home_for(language)).get()


@transaction.atomic
def issue_publish(
    *,
    page: JournalIssuePage,
    language: str = "ky",
    entries: Iterable[JournalTocEntry] = (),
    user: Any = None,
) -> JournalIssuePage:
    """Add `page` (a new journal issue, its contents in order) to the archive of `language` and publish it."""
    page.toc_entries = list(entries)
    journal_index_for(language).add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


@transaction.atomic
def issue_translate(
    *,
    issue: JournalIssuePage,
    language: str,
    plain_titles: dict[str, str] | None = None,
    user: Any = None,
    **fields: Any,
) -> JournalIssuePage:
    """Publish the `language` version of `issue`: the same cover, PDF and contents (each article shown in the
    reader's language where it is translated), its own title and summary from `fields`, and the titles of
    the entries that are not in the portal translated by `plain_titles` (original: translation)."""
    locale = Locale.objects.get(language_code=language)
    translation = issue.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    entries = list(translation.toc_entries.all())
    for entry in entries:
        entry.title = (plain_titles or {}).get(entry.title, entry.title)
    translation.toc_entries = entries
    translation.save_revision(user=user).publish(user=user)
    translation.refresh_from_db()
    return translation
