"""The journal's archive: what its pages show, and the gate on the full PDF of an issue.

Everyone sees the archive, an issue's cover and table of contents, and the open articles it links to; the
full PDF is for subscribers (and editors), the same predicate as the subscriber-only items
(kenesh.portal.permissions). The PDF is served by the issue's own address (`…/journal/<issue>/pdf/`), which
asks first; Wagtail's document address of the same file (/portal/documents/<id>/<name>) asks the same
question (kenesh.portal.journal_gate, through the `before_serve_document` hook in wagtail_hooks.py), and
MEDIA_ROOT's documents are never served (only image renditions are, kenesh/portal/admin_urls.py). A table
of contents links each article in the reader's language when it is translated, else in the other one,
marked; an entry that is not in the portal is a title and a page number.

The pages' models (kenesh.portal.models) do the queries and call these functions with what they found; this
module never imports them (no circle between the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.images.models import SourceImageIOError

from kenesh.portal.permissions import may_read_subscriber_content

# The archive's address under each portal home (the index pages are made with this slug: setup.py, 0003).
JOURNAL_SLUG = "journal"
# Covers (A4 proportions) as Wagtail's renditions (resized, re-encoded): in the archive (prefetched with the
# issues, JournalIssuePage.visible) and on an issue's page. Read with Image.get_renditions, which writes the
# shared cache only for a rendition it had to look for (get_rendition, behind `{% image %}`, writes it for
# every cover: five queries each on the database cache).
COVER_SMALL = "fill-150x212|format-webp"
COVER_LARGE = "max-300x424|format-webp"


def reader_language() -> str:
    return (get_language() or "ky").split("-")[0]


def cover_rendition(image: Any, spec: str) -> Any:
    """The rendition of a cover (made the first time it is asked for), or None without a usable image."""
    if image is None:
        return None
    try:
        return image.get_renditions(spec)[spec]
    except SourceImageIOError:
        return None


def _home_context(request: HttpRequest, home: Any, language: str) -> dict[str, Any]:
    home_url = home.get_url(request) if home is not None else ""
    return {
        "portal_home": home,
        "portal_home_url": home_url,
        "journal_url": f"{home_url}{JOURNAL_SLUG}/" if home_url else "",
        "reader_language": language,
        "subscribe_url": reverse("subscriptions:how_to"),
    }


def index_context(request: HttpRequest, home: Any, issues: list[Any], language: str) -> dict[str, Any]:
    """The archive: the visible issues (JournalIssuePage.visible) grouped by year, with small covers."""
    for issue in issues:
        issue.cover_rendition = cover_rendition(issue.cover, COVER_SMALL)
    years = [(year, list(group)) for year, group in groupby(issues, key=lambda issue: issue.year)]
    return {**_home_context(request, home, language), "years": years}


@dataclass(frozen=True)
class TocLine:
    """A line of the contents as a reader sees it: a title, its address in the portal if any, its page."""

    title: str
    url: str
    page_number: int | None
    language: str
    fallback: bool
    subscriber_only: bool


def toc_lines(issue: Any, *, language: str, home_url: str) -> list[TocLine]:
    """The issue's contents in order, each article in the reader's language where it is published (two
    queries, whatever the number of entries: JournalIssuePage.toc_with_versions)."""
    entries, versions = issue.toc_with_versions()
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


def issue_context(request: HttpRequest, home: Any, issue: Any, language: str) -> dict[str, Any]:
    context = _home_context(request, home, language)
    issue_language = issue.locale.language_code
    may_download = may_read_subscriber_content(request.user)
    context.update(
        {
            "fallback_language": issue_language if issue_language != language else "",
            "toc": toc_lines(issue, language=language, home_url=context["portal_home_url"]),
            "may_download": may_download,
            "pdf_url": f"{context['journal_url']}{issue.slug}/pdf/" if issue.pdf_id is not None else "",
            "pdf_size": issue.pdf.file_size if may_download and issue.pdf_id is not None else None,
            "cover": cover_rendition(issue.cover_with_rendition(COVER_LARGE), COVER_LARGE),
        }
    )
    return context


def refusal(request: HttpRequest, home: Any, issue: Any = None) -> HttpResponse:
    """403: the full PDF is for subscribers; how to subscribe (and to sign in, for someone who is not)."""
    context = _home_context(request, home, reader_language())
    issue_url = f"{context['journal_url']}{issue.slug}/" if issue is not None else ""
    context.update({"issue": issue, "next_url": issue_url or request.path})
    return TemplateResponse(request, "portal/journal_refused.html", context, status=403)


def pdf_response(request: HttpRequest, home: Any, issue: Any) -> HttpResponseBase:
    """The issue's full PDF for a subscriber or an editor; a 403 page for everyone else; 404 without one."""
    if issue.pdf_id is None:
        raise Http404("no PDF")
    if not may_read_subscriber_content(request.user):
        return refusal(request, home, issue)
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
