"""The portal's public pages: homes in both languages, items with the language mark, themes, the gate."""

from __future__ import annotations

import pytest

from kenesh.accounts.testing import person_make

pytestmark = pytest.mark.django_db


def test_home_lists_the_item_in_the_reader_language(client, water):
    ky = client.get("/ky/portal/")
    assert ky.status_code == 200
    assert "Айылдагы таза ичүүчү суу" in ky.text
    assert "Чистая питьевая вода" not in ky.text
    ru = client.get("/ru/portal/")
    assert "Чистая питьевая вода в селе" in ru.text
    assert "Айылдагы таза ичүүчү суу" not in ru.text


def test_every_portal_page_has_the_search_form(client, water, themes):
    for url in (
        "/ky/portal/",
        "/ru/portal/water/",
        "/ru/portal/search/?q=вода",
        "/ky/portal/theme/services/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="q"' in response.text
        assert 'method="get"' in response.text


def test_item_in_both_languages(client, water):
    ky = client.get("/ky/portal/water/")
    assert "Айылда таза суу жок болчу" in ky.text
    assert "1 250 000" in ky.text.replace("\xa0", " ").replace("\u202f", " ")
    ru = client.get("/ru/portal/water/")
    assert "В селе не было чистой воды" in ru.text
    assert "lang-mark" not in ru.text


def test_untranslated_item_is_shown_in_the_other_language_with_a_mark(client, hearing_advice):
    response = client.get("/ky/portal/hearings/")
    assert response.status_code == 200
    assert "Как провести общественные слушания" in response.text
    assert 'class="lang-mark"' in response.text
    assert "(орусча)" in response.text
    listing = client.get("/ky/portal/")
    assert "Как провести общественные слушания" in listing.text
    assert "(орусча)" in listing.text


def test_subscriber_only_item_shows_a_teaser(client, hearing_advice, subscriber):
    anonymous = client.get("/ru/portal/hearings/")
    assert "Кто созывает слушания" in anonymous.text  # the summary
    assert "закон требует публичных слушаний" not in anonymous.text
    assert "portal-teaser" in anonymous.text
    client.force_login(subscriber, backend="django.contrib.auth.backends.ModelBackend")
    assert "закон требует публичных слушаний" in client.get("/ru/portal/hearings/").text
    someone = person_make(full_name="Someone Else")
    client.force_login(someone, backend="django.contrib.auth.backends.ModelBackend")
    assert "закон требует публичных слушаний" not in client.get("/ru/portal/hearings/").text


def test_theme_page_lists_its_items(client, water, hearing_advice):
    response = client.get("/ru/portal/theme/services/")
    assert "Чистая питьевая вода в селе" in response.text
    assert "Как провести общественные слушания" not in response.text
    assert client.get("/ru/portal/theme/no-such-theme/").status_code == 404


def test_unknown_item_is_404(client, water):
    assert client.get("/ky/portal/no-such-item/").status_code == 404


def test_unpublished_version_gives_way_to_the_other_then_to_404(client, water):
    water.unpublish()
    response = client.get("/ky/portal/water/")
    assert "Чистая питьевая вода в селе" in response.text
    assert "(орусча)" in response.text
    for translation in water.get_translations():
        translation.unpublish()
    assert client.get("/ky/portal/water/").status_code == 404
    assert client.get("/ru/portal/water/").status_code == 404
