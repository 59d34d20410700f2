"""RSS feeds per theme and type, in the reader's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_feeds(client, water, hearing_advice):
    everything = client.get("/ru/portal/feed/")
    assert everything.status_code == 200
    assert everything["Content-Type"].startswith("application/rss+xml")
    assert "Чистая питьевая вода в селе" in everything.text
    assert "/ru/portal/water/" in everything.text
    theme = client.get("/ky/portal/feed/theme/services/")
    assert "Айылдагы таза ичүүчү суу" in theme.text
    assert "слушания" not in theme.text
    kind = client.get("/ru/portal/feed/type/legal_consultation/")
    assert "Как провести общественные слушания" in kind.text
    assert "Чистая питьевая вода" not in kind.text
    assert client.get("/ru/portal/feed/theme/nothing/").status_code == 404
    assert client.get("/ru/portal/feed/type/nothing/").status_code == 404


def test_atom_feeds_per_theme_and_type(client, water, hearing_advice):
    everything = client.get("/ru/portal/feed/atom/")
    assert everything.status_code == 200
    assert everything["Content-Type"].startswith("application/atom+xml")
    assert 'xmlns="http://www.w3.org/2005/Atom"' in everything.text and 'xml:lang="ru"' in everything.text
    assert "Чистая питьевая вода в селе" in everything.text
    assert "<updated>" in everything.text
    theme = client.get("/ky/portal/feed/theme/services/atom/")
    assert "Айылдагы таза ичүүчү суу" in theme.text
    assert "слушания" not in theme.text
    kind = client.get("/ru/portal/feed/type/legal_consultation/atom/")
    assert "Как провести общественные слушания" in kind.text
    # The feed carries the summary, never the subscriber-only answer.
    assert "закон требует" not in kind.text
    assert "Чистая питьевая вода" not in kind.text
    assert client.get("/ru/portal/feed/theme/nothing/atom/").status_code == 404
    assert client.get("/ru/portal/feed/type/nothing/atom/").status_code == 404


def test_pages_link_their_feeds(client, water):
    home = client.get("/ru/portal/").text
    assert 'type="application/rss+xml"' in home and 'href="/ru/portal/feed/"' in home
    assert 'type="application/atom+xml"' in home and 'href="/ru/portal/feed/atom/"' in home
    theme = client.get("/ru/portal/theme/services/").text
    assert 'href="/ru/portal/feed/theme/services/"' in theme
    assert 'href="/ru/portal/feed/theme/services/atom/"' in theme
    item = client.get("/ru/portal/water/").text
    assert 'href="/ru/portal/feed/type/best_practice/atom/"' in item
    search = client.get("/ru/portal/search/?type=legal_consultation").text
    assert 'href="/ru/portal/feed/type/legal_consultation/"' in search
