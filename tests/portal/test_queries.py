"""A portal page costs a fixed number of queries, whatever the number of items."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kenesh.portal import services
from kenesh.portal.models import ExpertArticlePage

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    client.get(url)  # warm Wagtail's site-root cache and the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _articles(themes, count: int) -> None:
    for number in range(count):
        services.item_publish(
            page=ExpertArticlePage(
                title=f"Макала {number}",
                slug=f"article-{number}",
                summary="Кыскача.",
                published_on=datetime.date(2025, 1, 1),
            ),
            language="ky",
            themes=[themes["finance"]],
            tags=["салык"],
        )


def test_home_and_article_cost_a_fixed_number_of_queries(client, water, themes):
    _articles(themes, 1)
    home_few = _count(client, "/ky/portal/")
    article_few = _count(client, "/ky/portal/water/")
    search_few = _count(client, "/ky/portal/search/?q=суу&theme=services")
    for number in range(1, 6):
        services.item_publish(
            page=ExpertArticlePage(title=f"Дагы {number}", slug=f"more-{number}", summary="Кыскача."),
            language="ky",
            themes=[themes["finance"]],
        )
    assert _count(client, "/ky/portal/") == home_few
    assert _count(client, "/ky/portal/water/") == article_few
    assert _count(client, "/ky/portal/search/?q=суу&theme=services") == search_few
    # Session and user, Wagtail's site and route, then the page's own reads (one per item type on the home).
    # On PostgreSQL the search runs in a savepoint with JIT off (SAVEPOINT, SET LOCAL, RELEASE).
    postgres_extra = 3 if connection.vendor == "postgresql" else 0
    assert (home_few, article_few, search_few) == (13, 14, 12 + postgres_extra)
