"""Reads of the portal: the items a reader sees (one language version each), themes, and search.

A reader sees each item once: in their language when it is translated, else in the other one (marked in
the template). Search folds the query as the indexed text is folded (kenesh.portal.folding); on PostgreSQL
it is full-text search with the 'russian' configuration (Russian endings stemmed) over an expression index,
elsewhere a containment match of each word, its Russian ending cut off. Words match either language version
of an item; the reader sees the version in their language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, Exists, FloatField, Max, Min, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length, Substr
from django.utils.translation import get_language

from kenesh.portal.folding import SEARCH_CONFIG, query_words
from kenesh.portal.models import Kind, PortalHomePage, PortalItem, Theme, in_reader_language
from kenesh.territory.models import Level, Unit
from kenesh.web.bilingual import localized

PAGE_SIZE = 20
# On SQLite a word this long or longer loses its last two letters (a Russian or Kyrgyz ending) before the
# containment match, so "водоснабжение" finds "водоснабжения".
SQLITE_STEM_MIN_LENGTH = 6
# The fields of an item that a list of results shows (portal/_item_list.html) and feeds and the API read.
RESULT_FIELDS = (
    "title",
    "slug",
    "kind",
    "summary",
    "published_on",
    "subscriber_only",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "locale__language_code",
)


def reader_language() -> str:
    return (get_language() or "ky").split("-")[0]


def portal_home_for(language: str) -> PortalHomePage | None:
    """The portal home in `language`, else any portal home."""
    return PortalHomePage.for_language(language)


def themes() -> list[Theme]:
    return list(Theme.objects.all())


def items_visible(language: str) -> QuerySet[PortalItem]:
    """Live public items, one version per translation: the reader's language, else the other one."""
    return in_reader_language(PortalItem.objects.live().public(), language)


@dataclass
class SearchFilters:
    q: str = ""
    theme: str = ""
    kind: str = ""
    year: int | None = None
    oblast: int | None = None
    municipality: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(
            self.q.strip() or self.theme or self.kind or self.year or self.oblast or self.municipality
        )


def _as_int(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 12:
        return None
    return int(value)


def search_filters_from(params: Any) -> SearchFilters:
    """The filters of a GET query; anything that is not a valid value is ignored, never an error."""
    kinds = {kind.value for kind in Kind}
    kind = (params.get("type") or "").strip()
    year = _as_int(params.get("year"))
    return SearchFilters(
        q=(params.get("q") or "")[:2000],
        theme=(params.get("theme") or "").strip()[:60],
        kind=kind if kind in kinds else "",
        year=year if year is not None and 1990 <= year <= 2100 else None,
        oblast=_as_int(params.get("oblast")),
        municipality=_as_int(params.get("municipality")),
    )


def _words_query(words: list[str]) -> SearchQuery:
    return SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")


def _stems(words: list[str]) -> list[str]:
    return [word[:-2] if len(word) >= SQLITE_STEM_MIN_LENGTH else word for word in words]


def _text_matches(words: list[str]) -> QuerySet[PortalItem]:
    """Live items of either language whose folded text holds every word (the index's expression on PG)."""
    items = PortalItem.objects.live().public()
    if connection.vendor == "postgresql":
        return items.filter(search_document=_words_query(words))  # the stored, GIN-indexed vector
    for stem in _stems(words):
        items = items.filter(search_text__contains=stem)
    return items


def _prefixes(words: list[str]) -> list[str]:
    """Each word without its last two letters (at least three kept): a loose containment test that any
    ending of the word passes, for PostgreSQL to decide precisely (stemmed) where it passes."""
    return [word[: max(3, len(word) - 2)] for word in words]


def _ranked(items: QuerySet[PortalItem], words: list[str]) -> QuerySet[PortalItem]:
    """The items by relevance: the words in the title first, then in the summary, then elsewhere only;
    newest first within each.

    The folded search text begins with the folded title and then the summary (PortalItem.save), so both
    are read from it by length, folded as the query is. On PostgreSQL the title's rank is ts_rank
    (SearchRank) of its vector with weight A, computed only where the folded title contains every word's
    beginning (a cheap string test): vectorising the text of thousands of matches again would cost more
    than the search itself; a summary holding every word ranks next, then the rest (body matches, found
    through the GIN index). On SQLite the same tiers by containment of each word's stem.
    """
    title = Substr("search_text", 1, Length("title"))
    summary = Substr("search_text", Length("title") + 2, Length("summary"))
    postgres = connection.vendor == "postgresql"
    ranked = items.alias(search_title=title, search_summary=summary)
    in_title = Q()
    in_summary = Q()
    for stem in _prefixes(words) if postgres else _stems(words):
        in_title &= Q(search_title__contains=stem)
        in_summary &= Q(search_summary__contains=stem)
    if postgres:
        title_rank = SearchRank(SearchVector(title, config=SEARCH_CONFIG, weight="A"), _words_query(words))
        rank = Case(
            When(in_title, then=Value(2.0) + title_rank),
            When(in_summary, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    else:
        rank = Case(
            When(in_title, then=Value(2.0)),
            When(in_summary, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    # Only what a result list shows: the sort then carries narrow rows (whole rows, each with its text and
    # body, made PostgreSQL sort thousands of them on disk).
    return ranked.annotate(rank=rank).only(*RESULT_FIELDS).order_by("-rank", "-published_on", "-pk")


def items_search(filters: SearchFilters, *, language: str) -> QuerySet[PortalItem]:
    """The items that match `filters`, each once in the reader's language where it exists: by relevance
    when there are words (`_ranked`), else newest first.

    Words match either language version (a Kyrgyz query finds an item on the Russian page); the rank is
    that of the version shown.
    """
    items = items_visible(language)
    themes_through = PortalItem.themes.through
    places_through = PortalItem.municipalities.through
    if filters.theme:
        items = items.filter(
            Exists(themes_through.objects.filter(portalitem_id=OuterRef("pk"), theme__slug=filters.theme))
        )
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.year:
        start = datetime.date(filters.year, 1, 1)
        items = items.filter(published_on__gte=start, published_on__lt=start.replace(year=filters.year + 1))
    if filters.municipality:
        items = items.filter(
            Exists(places_through.objects.filter(portalitem_id=OuterRef("pk"), unit_id=filters.municipality))
        )
    if filters.oblast:
        items = items.filter(
            Exists(
                places_through.objects.filter(
                    portalitem_id=OuterRef("pk"), unit__parent__parent_id=filters.oblast
                )
            )
        )
    if filters.q.strip():
        words = query_words(filters.q)
        if not words:
            return items.none()
        items = items.filter(translation_key__in=_text_matches(words).values("translation_key"))
        return _ranked(items, words)
    return items.order_by("-published_on", "-pk")


def filter_choices() -> dict[str, Any]:
    """What the search form offers: themes, types, the years items span, oblasts, municipalities with items.

    Each a small indexed query, whatever the number of items (no scan of the items themselves).
    """
    span = PortalItem.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    places_through = PortalItem.municipalities.through
    municipalities = (
        Unit.objects.current()
        .filter(Exists(places_through.objects.filter(unit_id=OuterRef("pk"))), level=Level.MUNICIPALITY)
        .order_by("name_ru")
    )
    oblasts = Unit.objects.current().filter(level=Level.OBLAST).order_by("name_ru")
    return {
        "themes": [(theme.slug, localized(theme, "name").text) for theme in themes()],
        "kinds": list(Kind),
        "years": years,
        "oblasts": [(unit.pk, localized(unit, "name").text) for unit in oblasts],
        "municipalities": [(unit.pk, localized(unit, "name").text) for unit in municipalities],
    }


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiles a search query for longer than the query runs (180 ms of 450 ms measured at
    20,000 items); switched off for the search's own transaction, nowhere else."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # And ranked results are sorted before the page is cut: in memory, not in files on disk.
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
        yield


def latest_by_kind(language: str, per_kind: int = 3) -> list[tuple[Kind, list[PortalItem]]]:
    """The newest items of each type (one query per type that has items: a fixed number per page)."""
    visible = items_visible(language).order_by("-published_on", "-pk")
    return [(kind, list(visible.filter(kind=kind)[:per_kind])) for kind in Kind]
