"""The portal's best practices and articles about a place on its portrait: published items linked to the
municipality (or to one inside the rayon or oblast), in the reader's language else marked, newest first,
limited, linked; the same number of queries whatever the number of items."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kenesh.portal import services
from kenesh.portal.about import ABOUT_LIMIT, items_about
from kenesh.portal.models import BestPracticePage, ExpertArticlePage

pytestmark = pytest.mark.django_db


def practice_make(place, title_ky: str, *, day: datetime.date, title_ru: str = "", live: bool = True):
    page = BestPracticePage(
        title=title_ky, slug=f"p-{title_ky.lower().replace(' ', '-')}", summary="Кыскача.", published_on=day
    )
    item = services.item_publish(page=page, language="ky", municipalities=[place])
    if title_ru:
        services.item_translate(item=item, language="ru", title=title_ru, summary="Кратко.")
    if not live:
        item.unpublish()
    return item


def test_a_municipalitys_portrait_lists_its_items_newest_first_in_the_readers_language(place, client):
    village, other = place["units"][0], place["units"][2]
    practice_make(village, "Таза суу", title_ru="Чистая вода", day=datetime.date(2025, 5, 1))
    practice_make(village, "Мектеп оңдолду", day=datetime.date(2025, 9, 1))
    practice_make(village, "Жашырылган", day=datetime.date(2025, 10, 1), live=False)
    practice_make(other, "Башка айыл", day=datetime.date(2025, 8, 1))
    article = ExpertArticlePage(
        title="Бюджет жөнүндө макала",
        slug="article",
        summary="Кыскача.",
        published_on=datetime.date(2024, 1, 5),
    )
    services.item_publish(page=article, language="ky", municipalities=[village])
    html = client.get(f"/ru/portraits/{village.coate}/").content.decode()
    assert "Чистая вода" in html and "Таза суу" not in html
    assert "Башка айыл" not in html and "Жашырылган" not in html
    assert html.index("Мектеп оңдолду") < html.index("Чистая вода") < html.index("Бюджет жөнүндө макала")
    assert 'lang="ky"' in html and "(на кыргызском)" in html
    assert "/ru/portal/p-" in html or "/portal/" in html


def test_a_rayon_and_an_oblast_list_the_items_of_their_municipalities(place, client):
    practice_make(place["units"][1], "Көпүрө", day=datetime.date(2025, 5, 1))
    practice_make(place["units"][2], "Жол", day=datetime.date(2025, 6, 1))
    rayon = client.get(f"/ky/portraits/{place['rayon_a'].coate}/").content.decode()
    assert "Көпүрө" in rayon and "Жол" not in rayon
    oblast = client.get(f"/ky/portraits/{place['oblast'].coate}/").content.decode()
    assert "Көпүрө" in oblast and "Жол" in oblast


def test_the_list_is_limited_and_costs_the_same_queries_for_one_or_many_items(place, client):
    village = place["units"][0]
    practice_make(village, "Биринчи", day=datetime.date(2025, 1, 1))
    client.get(f"/ky/portraits/{village.coate}/")

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/ky/portraits/{village.coate}/").status_code == 200
        return len(context.captured_queries)

    few = count()
    for number in range(ABOUT_LIMIT + 2):
        practice_make(village, f"Тажрыйба {number}", day=datetime.date(2025, 2, number + 1))
    assert count() == few
    assert len(items_about(village, language="ky")) == ABOUT_LIMIT
