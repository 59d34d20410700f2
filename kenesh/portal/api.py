"""The portal API at /api/portal/: published items' metadata, never a subscriber-only text.

An item is listed once, in the requested language where it is translated, else in the other one (as the
portal's lists show it), with the id of its other language version. The teaser is the item's summary, the
part everyone sees (a subscriber-only item's body stays on the site, behind the subscriber gate). Drafts,
unpublished and private pages are not listed.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations of the operations.
import datetime
from typing import Annotated, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kenesh.portal import selectors
from kenesh.portal.models import Kind, PortalItem, Theme
from kenesh.territory.models import Unit

router = Router(tags=["portal"])

KindName = Literal[
    "best_practice",
    "legal_consultation",
    "lsg_question",
    "legislation_news",
    "research",
    "state_comment",
    "expert_article",
    "story",
]
Language = Literal["ky", "ru"]


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=1_000_000)


class PlaceOut(Schema):
    coate: str
    name_ky: str
    name_ru: str


class ItemOut(Schema):
    id: int
    type: str = Field(description=", ".join(kind.value for kind in Kind))
    language: str = Field(description="the language of this version: ky or ru")
    title: str
    other_language_id: int | None = Field(description="the id of the version in the other language, if any")
    teaser: str = Field(description="the summary everyone may read (never a subscriber-only text)")
    subscriber_only: bool = Field(description="the full text is for subscribers")
    themes: list[str] = Field(description="slugs of the thematic directions")
    tags: list[str]
    municipalities: list[PlaceOut]
    published_on: datetime.date
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    url: str


class ThemeOut(Schema):
    slug: str
    name_ky: str
    name_ru: str


class ItemFilter(Schema):
    language: Language = Field("ky", description="the version preferred: ky or ru")
    type: KindName | None = Field(None, description="one type of item")
    theme: str | None = Field(None, pattern=r"^[-a-zA-Z0-9_]{1,60}$", description="a direction's slug")
    year: int | None = Field(None, ge=1990, le=2100, description="published in this year")
    municipality: str | None = Field(None, pattern=r"^\d{14}$", description="СОАТЕ of a municipality")


def _with_facts(items: QuerySet[PortalItem]) -> QuerySet[PortalItem]:
    """The items with their directions, places and tags (three queries, whatever the number of items)."""
    return items.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("slug", "position")),
        Prefetch("municipalities", queryset=Unit.objects.only("coate", "name_ky", "name_ru")),
        "tags",
    )


def _home_url(request: HttpRequest, language: str) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse("portal_home"))


def _rows(request: HttpRequest, items: list[PortalItem], language: str) -> list[dict[str, Any]]:
    """Each item as the API gives it; one query for all the other language versions."""
    versions = (
        PortalItem.objects.live()
        .public()
        .filter(translation_key__in={item.translation_key for item in items})
        .order_by()
        .values_list("pk", "translation_key")
    )
    by_key: dict[Any, list[int]] = {}
    for pk, key in versions:
        by_key.setdefault(key, []).append(pk)
    home_url = _home_url(request, language)
    return [
        {
            "id": item.pk,
            "type": item.kind,
            "language": item.locale.language_code,
            "title": item.title,
            "other_language_id": next(
                (pk for pk in by_key.get(item.translation_key, []) if pk != item.pk), None
            ),
            "teaser": item.summary,
            "subscriber_only": item.subscriber_only,
            "themes": [theme.slug for theme in item.themes.all()],
            "tags": sorted(tag.name for tag in item.tags.all()),
            "municipalities": [
                {"coate": unit.coate, "name_ky": unit.name_ky, "name_ru": unit.name_ru}
                for unit in item.municipalities.all()
            ],
            "published_on": item.published_on,
            "first_published_at": item.first_published_at,
            "last_published_at": item.last_published_at,
            "url": f"{home_url}{item.slug}/",
        }
        for item in items
    ]


class _Rows:
    """The search's queryset whose slices come back as API rows (the paginator slices, then counts)."""

    def __init__(self, request: HttpRequest, queryset: QuerySet[PortalItem], language: str) -> None:
        self.request = request
        self.queryset = queryset
        self.language = language

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        return _rows(self.request, list(self.queryset[index]), self.language)


@router.get("/items/", response=list[ItemOut], summary="Published portal items, newest first")
@paginate(Pagination)
def item_list(request: HttpRequest, filters: Query[ItemFilter]) -> Any:
    search = selectors.SearchFilters(theme=filters.theme or "", kind=filters.type or "", year=filters.year)
    if filters.municipality:
        unit = Unit.objects.filter(coate=filters.municipality).only("pk").first()
        if unit is None:
            return []
        search.municipality = unit.pk
    items = _with_facts(selectors.items_search(search, language=filters.language))
    return _Rows(request, items, filters.language)


@router.get(
    "/items/{item_id}/", response={200: ItemOut, 404: dict}, summary="One published portal item, by its id"
)
def item_detail(
    request: HttpRequest,
    item_id: Annotated[int, Path(ge=1, le=2**62, description="the item's id")],
    language: Annotated[Language, Query(description="the language of the links: ky or ru")] = "ky",
) -> Any:
    item = _with_facts(PortalItem.objects.live().public().select_related("locale")).filter(pk=item_id).first()
    if item is None:
        raise HttpError(404, "No such published item.")
    return _rows(request, [item], language)[0]


@router.get("/themes/", response=list[ThemeOut], summary="The thematic directions")
def theme_list(request: HttpRequest) -> Any:
    return [
        {"slug": theme.slug, "name_ky": theme.name_ky, "name_ru": theme.name_ru}
        for theme in selectors.themes()
    ]
