"""The minutes of a hearing as an A4 PDF (WeasyPrint), in Kyrgyz or in Russian, as kenesh.budgets.pdf does.

The HTML is self-contained (inline style, DejaVu fonts from Debian); the rendered PDF is kept in the shared
cache under the SHA-256 of its HTML, so a change to the hearing (a new answer) gives a new key. Attendance
groups of 1 to 4 people are printed as "fewer than 5", as on the page and in the open data.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from kenesh.budgets.pdf import CACHE_SECONDS, render_pdf
from kenesh.hearings.models import Hearing
from kenesh.hearings.selectors import attendance_public

TEMPLATE = "hearings/minutes.html"
MINUTES_LANGUAGES = ("ky", "ru")


def minutes_html(hearing: Hearing, *, language: str, page_url: str = "") -> str:
    with translation.override(language):
        context = {
            "hearing": hearing,
            "attendance": attendance_public(hearing),
            "page_url": page_url,
            "LANGUAGE_CODE": language,
        }
        return render_to_string(TEMPLATE, context)


def minutes_pdf(hearing: Hearing, *, language: str, page_url: str = "") -> bytes:
    html = minutes_html(hearing, language=language, page_url=page_url)
    digest = hashlib.sha256(f"{version('weasyprint')}\n{html}".encode()).hexdigest()
    key = f"hearings:minutes:{digest}"
    pdf = cache.get(key)
    if not isinstance(pdf, bytes):
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
