"""The portal demo loads with the rest, once: every type and direction in both languages."""

import pytest

from kenesh.portal import demo as portal_demo
from kenesh.portal.models import JournalIssuePage, Kind, PortalItem, Theme
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_every_type_and_theme_in_both_languages(settings, client, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    loaded = demo_load(("territory", "accounts", "messaging", "portal"))
    assert "portal" in loaded
    items = PortalItem.objects.live()
    count = items.count()
    portal_demo.load_demo()
    assert PortalItem.objects.count() == count
    assert JournalIssuePage.objects.count() == 4
    for language in ("ky", "ru"):
        in_language = items.filter(locale__language_code=language)
        assert set(in_language.values_list("kind", flat=True)) == {kind.value for kind in Kind}
        for theme in Theme.objects.all():
            assert in_language.filter(themes=theme).exists(), (language, theme.slug)
    ky = client.get("/ky/portal/kum-dobo-drinking-water/")
    assert "Кум-Добо айылына таза ичүүчү суу келди" in ky.text
    ru = client.get("/ru/portal/kum-dobo-drinking-water/")
    assert "Чистая питьевая вода пришла в село Кум-Добо" in ru.text
    found = client.get("/ky/portal/search/", {"q": "ичуучу суу"})
    assert "Кум-Добо айылына таза ичүүчү суу келди" in found.text
    hearings = client.get("/ru/portal/public-hearings-on-the-budget/")
    assert "Как проводить общественные слушания" in hearings.text
    assert "portal-teaser" in hearings.text
    # Two journal issues in both languages, a cover and a PDF each, contents linking the demo's articles.
    issues = JournalIssuePage.objects.live()
    assert sorted(issues.values_list("locale__language_code", "year", "number")) == [
        ("ky", 2026, 1),
        ("ky", 2026, 2),
        ("ru", 2026, 1),
        ("ru", 2026, 2),
    ]
    for issue in issues:
        assert issue.cover is not None and issue.cover.width == 300
        with issue.pdf.open_file() as handle:
            assert handle.read(5) == b"%PDF-"
        assert issue.toc_entries.filter(article__isnull=False).count() >= 3
    archive = client.get("/ru/portal/journal/")
    assert "Журнал «Муниципалитет», 2026, № 2" in archive.text
    first = client.get("/ru/portal/journal/2026-1/")
    assert "Чистая питьевая вода пришла в село Кум-Добо" in first.text
    assert "От редакции" in first.text
    assert client.get("/ru/portal/journal/2026-1/pdf/").status_code == 403
