"""The journal's archive: issues with their contents in order, the archive and an issue's page in both
languages, and the full PDF for subscribers and editors only, by its own address and by Wagtail's."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.portal import services
from kenesh.portal.demo import cover_png
from kenesh.portal.models import JournalIndexPage, JournalIssuePage, JournalTocEntry, PortalHomePage

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def cover_make(number: int = 1):
    image = get_image_model()(
        title=f"Cover {number}", file=ImageFile(BytesIO(cover_png(number, 2026)), name=f"cover-{number}.png")
    )
    image.save()
    return image


def pdf_make(content: bytes = PDF_BYTES, name: str = "issue.pdf"):
    document = get_document_model()(title="Issue", file=ContentFile(content, name=name))
    document.save()
    return document


def issue_make(number: int, *, entries=(), language: str = "ky", year: int = 2026, pdf=None, cover=None):
    return services.issue_publish(
        page=JournalIssuePage(
            title=f"Муниципалитет {year} № {number}",
            slug=f"{year}-{number}",
            number=number,
            year=year,
            published_on=datetime.date(year, min(number * 2, 12), 1),
            cover=cover,
            pdf=pdf,
        ),
        language=language,
        entries=list(entries),
    )


@pytest.fixture
def issue(water, hearing_advice):
    """No. 1 of 2026 in Kyrgyz and Russian: a plain entry, the water best practice (both languages), the
    subscriber-only consultation (Russian only)."""
    first = issue_make(
        1,
        cover=cover_make(),
        pdf=pdf_make(),
        entries=[
            JournalTocEntry(title="Редактордон", page_number=2),
            JournalTocEntry(article=water, page_number=4),
            JournalTocEntry(article=hearing_advice, page_number=10),
        ],
    )
    services.issue_translate(
        issue=first,
        language="ru",
        plain_titles={"Редактордон": "От редакции"},
        title="Муниципалитет 2026 № 1",
    )
    return first


def test_the_migration_made_an_archive_under_each_home():
    indexes = JournalIndexPage.objects.live()
    assert {page.locale.language_code for page in indexes} == {"ky", "ru"}
    assert len({page.translation_key for page in indexes}) == 1
    for home in PortalHomePage.objects.all():
        assert JournalIndexPage.objects.child_of(home).get().slug == "journal"


def test_contents_keep_their_order_in_both_languages(issue):
    ky = [(entry.title, entry.article_id, entry.page_number) for entry in issue.toc_entries.all()]
    assert [line[2] for line in ky] == [2, 4, 10]
    ru = JournalIssuePage.objects.get(translation_key=issue.translation_key, locale__language_code="ru")
    assert [(entry.title, entry.page_number) for entry in ru.toc_entries.all()] == [
        ("От редакции", 2),
        ("", 4),
        ("", 10),
    ]
    entries = list(issue.toc_entries.all())
    entries.reverse()
    issue.toc_entries = entries
    issue.save_revision().publish()
    issue.refresh_from_db()
    assert [entry.page_number for entry in issue.toc_entries.all()] == [10, 4, 2]


def test_an_entry_needs_an_article_or_a_title(issue):
    with pytest.raises(ValidationError):
        JournalTocEntry(issue=issue, page_number=3).full_clean()
    JournalTocEntry(issue=issue, title="Кат", page_number=3).full_clean()


def test_an_issue_number_is_once_a_year_per_language_and_the_pdf_is_a_pdf(issue):
    twin = JournalIssuePage(title="Twin", slug="twin", number=1, year=2026, locale=issue.locale)
    with pytest.raises(ValidationError) as raised:
        twin.clean()
    assert "number" in raised.value.message_dict
    fake = JournalIssuePage(
        title="Fake", slug="fake", number=5, year=2026, locale=issue.locale, pdf=pdf_make(b"MZ\x90\x00")
    )
    with pytest.raises(ValidationError) as raised:
        fake.clean()
    assert "pdf" in raised.value.message_dict


def test_archive_lists_issues_by_year_newest_first_in_the_reader_language(client, issue):
    issue_make(2)
    issue_make(4, year=2025)
    ky = client.get("/ky/portal/journal/")
    assert ky.status_code == 200
    text = ky.text
    assert text.index("Муниципалитет 2026 № 2") < text.index("Муниципалитет 2026 № 1")
    assert text.index("Муниципалитет 2026 № 1") < text.index("Муниципалитет 2025 № 4")
    assert text.index(">2026</h2>") < text.index(">2025</h2>")
    assert 'href="/ky/portal/journal/2026-1/"' in text
    assert "journal-cover" in text  # the cover's rendition
    ru = client.get("/ru/portal/journal/")
    assert 'href="/ru/portal/journal/2026-1/"' in ru.text
    # No. 2 has no Russian version yet: shown in Kyrgyz, marked.
    assert "(на кыргызском)" in ru.text


def test_issue_page_links_the_articles_in_the_reader_language(client, issue):
    ky = client.get("/ky/portal/journal/2026-1/")
    assert ky.status_code == 200
    assert 'href="/ky/portal/water/"' in ky.text
    assert "Айылдагы таза ичүүчү суу" in ky.text
    assert "Редактордон" in ky.text
    # The consultation is in Russian only: linked in Russian, marked.
    assert "Как провести общественные слушания по бюджету" in ky.text
    assert "(орусча)" in ky.text
    assert 'href="/ky/portal/hearings/"' in ky.text
    ru = client.get("/ru/portal/journal/2026-1/")
    assert "Чистая питьевая вода в селе" in ru.text
    assert "От редакции" in ru.text
    assert ru.text.index("От редакции") < ru.text.index("Чистая питьевая вода") < ru.text.index("слушания")


def test_untranslated_issue_is_shown_in_the_other_language(client, water):
    issue_make(3)
    response = client.get("/ru/portal/journal/2026-3/")
    assert response.status_code == 200
    assert "Муниципалитет 2026 № 3" in response.text
    assert 'class="lang-mark"' in response.text


def test_unknown_issue_is_404(client, issue):
    assert client.get("/ky/portal/journal/2030-9/").status_code == 404
    assert client.get("/ky/portal/journal/2030-9/pdf/").status_code == 404
    assert client.get("/ru/portal/journal/no-such/").status_code == 404


def test_issue_without_pdf_has_no_download(client, water):
    issue_make(3)
    assert client.get("/ky/portal/journal/2026-3/pdf/").status_code == 404
    assert "/pdf/" not in client.get("/ky/portal/journal/2026-3/").text


def _login(client, user) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def _no_pdf(response) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"%PDF" not in body


def test_anonymous_visitor_gets_no_pdf_by_any_address(client, issue):
    page = client.get("/ky/portal/journal/2026-1/")
    assert "/ky/portal/journal/2026-1/pdf/" not in page.text
    assert "/ky/subscriptions/" in page.text  # how to subscribe
    response = client.get("/ky/portal/journal/2026-1/pdf/")
    assert response.status_code == 403
    assert "/ky/subscriptions/" in response.text
    _no_pdf(response)
    document = issue.pdf
    direct = client.get(document.url)
    assert document.url.startswith("/portal/documents/")
    assert direct.status_code == 403
    _no_pdf(direct)
    # The stored file itself is never served.
    stored = client.get(f"/media/{document.file.name}")
    assert stored.status_code == 404
    _no_pdf(stored)


def test_signed_in_non_subscriber_gets_no_pdf(client, issue):
    _login(client, person_make(full_name="Not A Subscriber"))
    assert "/pdf/" not in client.get("/ky/portal/journal/2026-1/").text
    for url in ("/ky/portal/journal/2026-1/pdf/", "/ru/portal/journal/2026-1/pdf/", issue.pdf.url):
        response = client.get(url)
        assert response.status_code == 403, url
        _no_pdf(response)


def _pdf_bytes(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_subscriber_downloads_the_pdf(client, issue, subscriber):
    _login(client, subscriber)
    page = client.get("/ru/portal/journal/2026-1/")
    assert 'href="/ru/portal/journal/2026-1/pdf/"' in page.text
    response = client.get("/ru/portal/journal/2026-1/pdf/")
    assert _pdf_bytes(response) == PDF_BYTES
    assert "municipalitet-2026-1.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert _pdf_bytes(client.get(issue.pdf.url)) == PDF_BYTES


def test_seat_of_a_member_body_downloads_the_pdf(client, issue, village):
    from kenesh.subscriptions import services as subscriptions
    from kenesh.subscriptions.models import Subscription

    admin = person_make(role=Role.ADMIN)
    staff = person_make(role=Role.STAFF, municipality=village)
    subscriptions.dues_record(
        actor=admin,
        municipality=village,
        year=datetime.date.today().year,
        amount=15000,
        paid_on=datetime.date.today(),
    )
    subscription = Subscription.objects.get(municipality=village)
    deputy = person_make(role=Role.DEPUTY, municipality=village)
    subscriptions.seat_assign(actor=staff, subscription=subscription, user=deputy)
    _login(client, deputy)
    assert _pdf_bytes(client.get("/ky/portal/journal/2026-1/pdf/")) == PDF_BYTES


def test_editor_downloads_the_pdf(client, issue):
    _login(client, person_make(role=Role.EDITOR))
    assert _pdf_bytes(client.get("/ky/portal/journal/2026-1/pdf/")) == PDF_BYTES
    assert _pdf_bytes(client.get(issue.pdf.url)) == PDF_BYTES


def test_a_draft_s_new_pdf_is_not_public_either(client, issue, settings):
    # Wagtail serves documents through its view (which asks the hook), never by a storage address.
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    replacement = pdf_make(name="replacement.pdf")
    issue.pdf = replacement
    issue.save_revision()  # a draft: the live page still has the first PDF
    assert JournalIssuePage.objects.get(pk=issue.pk).pdf_id != replacement.pk
    response = client.get(replacement.url)
    assert response.status_code == 403
    _no_pdf(response)


def test_an_issue_s_pdf_stays_for_subscribers_after_the_issue_is_deleted(client, issue):
    document = issue.pdf
    issue.delete()
    assert not JournalIssuePage.objects.filter(pk=issue.pk).exists()
    response = client.get(document.url)
    assert response.status_code == 403
    _no_pdf(response)


def test_other_documents_stay_public(client):
    document = pdf_make(name="report.pdf")
    assert _pdf_bytes(client.get(document.url)) == PDF_BYTES


def test_portal_home_and_navigation_link_the_archive(client, water):
    home = client.get("/ky/portal/")
    assert 'href="/ky/portal/journal/"' in home.text
    article = client.get("/ru/portal/water/")
    assert 'href="/ru/portal/journal/"' in article.text


def _count(client, url: str) -> int:
    client.get(url)  # warm Wagtail's site-root cache, the session, the covers' renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_archive_and_issue_cost_a_fixed_number_of_queries(client, issue, water, subscriber):
    _login(client, subscriber)
    archive_few = _count(client, "/ky/portal/journal/")
    issue_few = _count(client, "/ky/portal/journal/2026-1/")
    for number in range(2, 7):
        issue_make(
            number,
            cover=cover_make(number),
            pdf=pdf_make(),
            entries=[JournalTocEntry(article=water, page_number=number)],
        )
    more = list(issue.toc_entries.all()) + [
        JournalTocEntry(article=water, page_number=30 + number) for number in range(5)
    ]
    issue.toc_entries = more
    issue.save_revision().publish()
    assert _count(client, "/ky/portal/journal/") == archive_few
    assert _count(client, "/ky/portal/journal/2026-1/") == issue_few
    # Session and user, Wagtail's site and route (three levels to the archive, four to an issue), then the
    # page's own reads: the issues with their covers and renditions; for an issue, the subscriber check, the
    # contents and their articles, the PDF's size, the cover and its rendition.
    assert (archive_few, issue_few) == (16, 22)


def _admin_form(index, **overrides):
    data = {
        "title": "Муниципалитет 2026 № 7",
        "slug": "2026-7",
        "number": "7",
        "year": "2026",
        "published_on": "2026-11-02",
        "cover": "",
        "pdf": "",
        "summary": "Кыскача.",
        "toc_entries-TOTAL_FORMS": "2",
        "toc_entries-INITIAL_FORMS": "0",
        "toc_entries-MIN_NUM_FORMS": "0",
        "toc_entries-MAX_NUM_FORMS": "1000",
        "toc_entries-0-article": "",
        "toc_entries-0-title": "Редактордон",
        "toc_entries-0-page_number": "2",
        "toc_entries-0-ORDER": "1",
        "toc_entries-0-id": "",
        "toc_entries-0-DELETE": "",
        "toc_entries-1-article": "",
        "toc_entries-1-title": "Экинчи макала",
        "toc_entries-1-page_number": "5",
        "toc_entries-1-ORDER": "2",
        "toc_entries-1-id": "",
        "toc_entries-1-DELETE": "",
    }
    data.update(overrides)
    return data


def test_an_editor_creates_submits_and_publishes_an_issue_in_the_admin(client, water):
    from kenesh.accounts.testing import office_login

    editor = person_make(role=Role.EDITOR)
    office_login(client, editor)
    index = JournalIndexPage.objects.get(locale__language_code="ky")
    add_url = f"/office/portal/pages/add/portal/journalissuepage/{index.pk}/"
    assert client.get(add_url).status_code == 200
    cover = cover_make()
    data = _admin_form(
        index,
        cover=str(cover.pk),
        pdf=str(pdf_make().pk),
        **{"toc_entries-1-article": str(water.pk), "toc_entries-1-title": ""},
    )
    data["action-submit"] = "1"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content[:2000]
    issue = JournalIssuePage.objects.get(slug="2026-7")
    assert not issue.live
    assert issue.current_workflow_state is not None
    assert client.get("/ky/portal/journal/2026-7/").status_code == 404
    task_state = issue.current_workflow_task_state
    approve = client.post(
        f"/office/portal/pages/workflow/action/{issue.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert approve.status_code in (200, 302)
    issue.refresh_from_db()
    assert issue.live
    assert [entry.page_number for entry in issue.toc_entries.all()] == [2, 5]
    page = client.get("/ky/portal/journal/2026-7/")
    assert "Редактордон" in page.text
    assert 'href="/ky/portal/water/"' in page.text


def test_the_admin_refuses_an_empty_entry_a_second_number_and_a_fake_pdf(client, issue):
    from kenesh.accounts.testing import office_login

    office_login(client, person_make(role=Role.EDITOR))
    index = JournalIndexPage.objects.get(locale__language_code="ky")
    add_url = f"/office/portal/pages/add/portal/journalissuepage/{index.pk}/"
    empty_entry = _admin_form(index, **{"toc_entries-1-title": ""})
    twice = _admin_form(index, number="1", slug="again")
    fake = _admin_form(index, slug="fake", pdf=str(pdf_make(b"MZ\x90\x00", name="fake.pdf").pk))
    for data in (empty_entry, twice, fake):
        response = client.post(add_url, data)
        assert response.status_code == 200
        assert "Муниципалитет 2026 № 7" in response.text  # what was typed is kept
    assert not JournalIssuePage.objects.filter(slug__in=["2026-7", "again", "fake"]).exists()
