"""A portrait as an A4 PDF in Kyrgyz or Russian (WeasyPrint, as kenesh.budgets.pdf: no URL is fetched)."""

from __future__ import annotations

import base64
import mimetypes

from django.template.loader import render_to_string
from django.utils import translation

from kenesh.portraits.selectors import Portrait

LANGUAGES = ("ky", "ru")


def _embed_photos(data: Portrait) -> None:
    """Each editor's photo as a data: address (its small rendition, read from storage once)."""
    for text in data.texts:
        for photo in text.photos:
            if photo.data_uri or photo.rendition is None:
                continue
            try:
                with photo.rendition.file.open("rb") as handle:
                    content = handle.read()
            except OSError:
                continue  # a rendition whose file is gone: printed without it, never an error
            kind = mimetypes.guess_type(photo.rendition.file.name)[0] or "image/jpeg"
            photo.data_uri = f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def portrait_html(data: Portrait, *, language: str, page_url: str = "") -> str:
    _embed_photos(data)
    with translation.override(language):
        return render_to_string(
            "portraits/portrait_pdf.html", {"data": data, "page_url": page_url, "LANGUAGE_CODE": language}
        )


def render_pdf(html: str) -> bytes:
    """WeasyPrint's PDF of the portrait's HTML; its fetcher reads `data:` addresses only (the editors'
    photos, embedded above): no network or file address is ever followed."""
    from weasyprint import HTML  # imported here: loading Pango takes a while and only this page needs it
    from weasyprint.urls import URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf()  # type: ignore[no-any-return]


def portrait_pdf(data: Portrait, *, language: str, page_url: str = "") -> bytes:
    return render_pdf(portrait_html(data, language=language, page_url=page_url))
