"""Wagtail's own address of a journal issue's full PDF (/portal/documents/<id>/<name>): the same question as
the issue's address (kenesh.portal.journal.pdf_response), asked by the `before_serve_document` hook."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from wagtail.models import Revision

from kenesh.portal.journal import reader_language, refusal
from kenesh.portal.models import JournalIssuePage, PortalHomePage, journal_collection
from kenesh.portal.permissions import may_read_subscriber_content


def is_journal_pdf(document: Any) -> bool:
    """Whether `document` is, or was chosen as, the full PDF of an issue: in a page or in any of its
    revisions (a draft's new PDF is not yet in the page's row, and must not be public meanwhile), or kept in
    the journal's collection (where an issue's PDF stays after the issue is deleted)."""
    if document.collection_id == journal_collection().pk:
        return True
    if JournalIssuePage.objects.filter(pdf_id=document.pk).exists():
        return True
    issue_type = ContentType.objects.get_for_model(JournalIssuePage)
    return Revision.objects.filter(content_type=issue_type, content__pdf=document.pk).exists()


def document_gate(document: Any, request: HttpRequest) -> HttpResponse | None:
    """Wagtail's own document address: a journal issue's PDF only for whoever may read subscriber content."""
    if may_read_subscriber_content(request.user) or not is_journal_pdf(document):
        return None
    return refusal(request, PortalHomePage.for_language(reader_language()))
