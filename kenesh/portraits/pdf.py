"""A portrait as an A4 PDF in Kyrgyz or Russian (WeasyPrint, as kenesh.budgets.pdf: no URL is fetched)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from kenesh.budgets.pdf import render_pdf
from kenesh.portraits.selectors import Portrait

LANGUAGES = ("ky", "ru")


def portrait_html(data: Portrait, *, language: str, page_url: str = "") -> str:
    with translation.override(language):
        return render_to_string(
            "portraits/portrait_pdf.html", {"data": data, "page_url": page_url, "LANGUAGE_CODE": language}
        )


def portrait_pdf(data: Portrait, *, language: str, page_url: str = "") -> bytes:
    return render_pdf(portrait_html(data, language=language, page_url=page_url))
