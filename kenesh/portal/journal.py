"""The journal's archive: what its pages show, and the gate on the full PDF of an issue.

Everyone sees the archive, an issue's cover and table of contents, and the open articles it links to; the
full PDF is for subscribers (and editors), the same predicate as the subscriber-only items
(kenesh.portal.permissions). The PDF is served by the issue's own address (`…/journal/<issue>/pdf/`), which
asks first; Wagtail's document address of the same file (/portal/documents/<id>/<name>) asks the same
question (the `before_serve_document` hook in wagtail_hooks.py), and MEDIA_ROOT's documents are never served
(only image renditions are, kenesh/portal/admin_urls.py). A table of contents links each article in the
reader's language when it is translated, else in the other one, marked; an entry that is not in the portal
is a title and a page number.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Revision

from kenesh.portal.models import JournalIssuePage, PortalHomePage, PortalItem
from kenesh.portal.permissions import may_read_subscriber_content

# The archive's address under each portal home (the index pages are made with this slug: setup.py, 0003).
JOURNAL_SLUG = "journal"
# Covers (A4 proportions) as Wagtail's renditions (resized, re-encoded): in the archive (prefetched with the
# issues) and on an issue's page. Read with Image.get_renditions, which writes the shared cache only for a
# rendition it had to look for (get_rendition, behind `{% image %}`, writes it for every cover: five
# queries each on the database cache).
COVER_SMALL = "fill-150x212|format-webp"
COVER_LARGE = "max-300x424|format-webp"


def reader_language() -> str:
    return (get_language() or "ky").split("-")[0]


def issues_visible(language: str) -> QuerySet[JournalIssuePage]:
    """Live public issues, one version per translation (the reader's language, else the other), newest first,
    with their covers' small renditions."""
    live = JournalIssuePage.objects.live().public()
    same_in_reader_language = live.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=language
    )
    covers = get_image_model().objects.prefetch_renditions(COVER_SMALL)
    return (
        live.filter(Q(locale__language_code=language) | ~Exists(same_in_reader_language))
        .select_related("locale")
        .prefetch_related(Prefetch("cover", queryset=covers))
        .order_by("-year", "-number", "pk")
    )


def cover_rendition(image: Any, spec: str) -> Any:
    """The rendition of a cover (made the first time it is asked for), or None without a usable image."""
    if image is None:
        return None
    try:
        return image.get_renditions(spec)[spec]
    except SourceImageIOError:
        return None


def _home_context(request: HttpRequest, language: str) -> dict[str, Any]:
    home = PortalHomePage.for_language(language)
    home_url = home.get_url(request) if home is not None else ""
    return {
        "portal_home": home,
        "portal_home_url": home_url,
        "journal_url": f"{home_url}{JOURNAL_SLUG}/" if home_url else "",
        "reader_language": language,
        "subscribe_url": reverse("subscriptions:how_to"),
    }


def index_context(request: HttpRequest, index_page: Any) -> dict[str, Any]:
    language = reader_language()
    issues = list(issues_visible(language))
    for issue in issues:
        issue.cover_rendition = cover_rendition(issue.cover, COVER_SMALL)
    years = [(year, list(group)) for year, group in groupby(issues, key=lambda issue: issue.year)]
    return {**_home_context(request, language), "years": years}


@dataclass(frozen=True)
class TocLine:
    """A line of the contents as a reader sees it: a title, its address in the portal if any, its page."""

    title: str
    url: str
    page_number: int | None
    language: str
    fallback: bool
    subscriber_only: bool


def toc_lines(issue: JournalIssuePage, *, language: str, home_url: str) -> list[TocLine]:
    """The issue's contents in order, each article in the reader's language where it is published (two
    queries, whatever the number of entries)."""
    entries = list(issue.toc_entries.select_related("article", "article__locale").order_by("sort_order"))
    keys = {entry.article.translation_key for entry in entries if entry.article is not None}
    versions: dict[Any, dict[str, PortalItem]] = {}
    if keys:
        live = PortalItem.objects.live().public().filter(translation_key__in=keys)
        for item in live.select_related("locale"):
            versions.setdefault(item.translation_key, {})[item.locale.language_code] = item
    lines = []
    for entry in entries:
        article = entry.article
        found = versions.get(article.translation_key, {}) if article is not None else {}
        item = found.get(language) or next(iter(sorted(found.items())), (None, None))[1]
        if item is not None:
            item_language = item.locale.language_code
            lines.append(
                TocLine(
                    title=item.title,
                    url=f"{home_url}{item.slug}/",
                    page_number=entry.page_number,
                    language=item_language,
                    fallback=item_language != language,
                    subscriber_only=item.subscriber_only,
                )
            )
            continue
        title = entry.title.strip() or (article.title if article is not None else "")
        if title:
            entry_language = issue.locale.language_code
            lines.append(
                TocLine(
                    title=title,
                    url="",
                    page_number=entry.page_number,
                    language=entry_language,
                    fallback=entry_language != language,
                    subscriber_only=False,
                )
            )
    return lines


def _cover_of(issue: JournalIssuePage) -> Any:
    """The issue's cover with its large rendition prefetched (no lookup in the shared cache)."""
    if issue.cover_id is None:
        return None
    return get_image_model().objects.prefetch_renditions(COVER_LARGE).filter(pk=issue.cover_id).first()


def issue_context(request: HttpRequest, issue: JournalIssuePage) -> dict[str, Any]:
    language = reader_language()
    context = _home_context(request, language)
    issue_language = issue.locale.language_code
    may_download = may_read_subscriber_content(request.user)
    context.update(
        {
            "fallback_language": issue_language if issue_language != language else "",
            "toc": toc_lines(issue, language=language, home_url=context["portal_home_url"]),
            "may_download": may_download,
            "pdf_url": f"{context['journal_url']}{issue.slug}/pdf/" if issue.pdf_id is not None else "",
            "pdf_size": issue.pdf.file_size if may_download and issue.pdf_id is not None else None,
            "cover": cover_rendition(_cover_of(issue), COVER_LARGE),
        }
    )
    return context


def refusal(request: HttpRequest, issue: JournalIssuePage | None = None) -> HttpResponse:
    """403: the full PDF is for subscribers; how to subscribe (and to sign in, for someone who is not)."""
    context = _home_context(request, reader_language())
    issue_url = f"{context['journal_url']}{issue.slug}/" if issue is not None else ""
    context.update({"issue": issue, "next_url": issue_url or request.path})
    return TemplateResponse(request, "portal/journal_refused.html", context, status=403)


def pdf_response(request: HttpRequest, issue: JournalIssuePage) -> HttpResponseBase:
    """The issue's full PDF for a subscriber or an editor; a 403 page for everyone else; 404 without one."""
    if issue.pdf_id is None:
        raise Http404("no PDF")
    if not may_read_subscriber_content(request.user):
        return refusal(request, issue)
    document = issue.pdf
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"municipalitet-{issue.year}-{issue.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def is_journal_pdf(document: Any) -> bool:
    """Whether `document` is, or was chosen as, the full PDF of an issue: in a page or in any of its
    revisions (a draft's new PDF is not yet in the page's row, and must not be public meanwhile)."""
    if JournalIssuePage.objects.filter(pdf_id=document.pk).exists():
        return True
    issue_type = ContentType.objects.get_for_model(JournalIssuePage)
    return Revision.objects.filter(content_type=issue_type, content__pdf=document.pk).exists()


def document_gate(document: Any, request: HttpRequest) -> HttpResponse | None:
    """Wagtail's own document address: a journal issue's PDF only for whoever may read subscriber content."""
    if may_read_subscriber_content(request.user) or not is_journal_pdf(document):
        return None
    return refusal(request)
