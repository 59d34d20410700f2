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
