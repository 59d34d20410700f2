"""The portal API: published items' metadata in the requested language, filtered and paginated; no
subscriber-only text, no draft, no unpublished page."""

from __future__ import annotations

import json

import pytest

from kenesh.portal.models import PortalHomePage, StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    home = PortalHomePage.objects.get(locale__language_code="ky")
    story = StoryPage(title="Жарыяланбаган окуя", slug="draft-story", summary="Долбоор.", live=False)
    home.add_child(instance=story)
    story.save_revision()
    return story


@pytest.fixture
def withdrawn(water):
    from kenesh.portal.models import BestPracticePage
    from kenesh.portal.services import item_publish

    page = BestPracticePage(title="Алынып салынган практика", slug="withdrawn", summary="Эски.")
    item = item_publish(page=page, language="ky")
    item.unpublish()
    return item


def test_items_in_the_requested_language_with_the_other_version(client, water, hearing_advice):
    response = client.get("/api/portal/items/?language=ru")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_type = {item["type"]: item for item in body["items"]}
    practice = by_type["best_practice"]
    assert practice["title"] == "Чистая питьевая вода в селе"
    assert practice["language"] == "ru"
    assert practice["other_language_id"] == water.pk
    assert practice["themes"] == ["services"]
    assert practice["tags"] == ["суу"]
    assert practice["municipalities"][0]["coate"] == "41703215810000"
    assert practice["published_on"] == "2025-05-20"
    assert practice["url"].endswith("/ru/portal/water/")
    assert practice["subscriber_only"] is False
    kyrgyz = client.get("/api/portal/items/?language=ky&type=best_practice").json()["items"]
    assert [item["id"] for item in kyrgyz] == [water.pk]
    assert kyrgyz[0]["title"] == "Айылдагы таза ичүүчү суу"
    # Only in Russian: given in Russian to a Kyrgyz reader, with no other version.
    advice = client.get("/api/portal/items/?language=ky&type=legal_consultation").json()["items"]
    assert advice[0]["language"] == "ru" and advice[0]["other_language_id"] is None


def test_filters_by_type_theme_year_and_municipality(client, water, hearing_advice):
    def ids(query):
        return [item["id"] for item in client.get(f"/api/portal/items/?{query}").json()["items"]]

    assert ids("theme=participation") == [hearing_advice.pk]
    assert ids("theme=services") == [water.pk]
    assert ids("year=2024") == [hearing_advice.pk]
    assert ids("year=2023") == []
    assert ids("municipality=41703215810000") == [water.pk]
    assert ids("municipality=41799999999999") == []
    assert ids("type=story") == []
    assert client.get("/api/portal/items/?type=nothing").status_code == 422
    assert client.get("/api/portal/items/?year=20245").status_code == 422
    assert client.get("/api/portal/items/?municipality=abc").status_code == 422


def test_pagination(client, water, hearing_advice):
    first = client.get("/api/portal/items/?limit=1").json()
    second = client.get("/api/portal/items/?limit=1&offset=1").json()
    assert first["count"] == second["count"] == 2
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {water.pk, hearing_advice.pk}
    assert client.get("/api/portal/items/?limit=100000").status_code == 422


def test_no_subscriber_only_text_leaks(client, hearing_advice):
    answer = "закон требует публичных слушаний"
    question = "Обязан ли айыл окмоту проводить слушания"
    listing = client.get("/api/portal/items/?language=ru").json()
    item = client.get(f"/api/portal/items/{hearing_advice.pk}/").json()
    for answered in (listing, item):
        text = json.dumps(answered, ensure_ascii=False)
        assert answer not in text and question not in text
        assert "Кто созывает слушания" in text  # the teaser everyone sees
    assert item["subscriber_only"] is True
    assert set(item) == {
        "id", "type", "language", "title", "other_language_id", "teaser", "subscriber_only", "themes",
        "tags", "municipalities", "published_on", "first_published_at", "last_published_at", "url",
    }  # fmt: skip


def test_drafts_and_unpublished_pages_are_absent(client, water, draft, withdrawn):
    listing = client.get("/api/portal/items/?language=ky").json()
    assert [item["id"] for item in listing["items"]] == [water.pk]
    for page in (draft, withdrawn):
        assert client.get(f"/api/portal/items/{page.pk}/").status_code == 404
    assert client.get(f"/api/portal/items/{water.pk}/").status_code == 200
    assert client.get("/api/portal/items/999999/").status_code == 404


def test_themes(client):
    themes = client.get("/api/portal/themes/").json()
    assert [theme["slug"] for theme in themes][:1] == ["services"]
    assert len(themes) == 5


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/portal/items/", "/api/portal/items/{item_id}/", "/api/portal/themes/"} <= set(paths)
