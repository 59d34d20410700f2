"""The citizen's budget as an A4 brochure (WeasyPrint), in Kyrgyz or Russian (English too).

Fonts come from Debian (fonts-dejavu-core: DejaVu Sans has ө, ү, ң); the style sheet and the charts are inline
in the HTML, so WeasyPrint fetches nothing: `_no_fetch` refuses any URL it might meet.

Rendering takes about half a second, so a brochure is kept in the shared cache, keyed by the SHA-256 of the
HTML it is made from (and WeasyPrint's version): the same published figures, summary, population, language
and address give the same HTML and are served from the cache; any change to them (a version published, a
line or the summary edited) gives new HTML, hence a new key and a new PDF. Nothing needs invalidating.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from kenesh.budgets.charts import citizen_charts
from kenesh.budgets.selectors import CitizenBudget

TEMPLATE = "budgets/brochure.html"
CACHE_SECONDS = 7 * 24 * 3600
"""How long a rendered brochure stays in the cache (its key changes anyway when what it shows changes)."""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: the brochure is self-contained, so no URL (network or file) is followed."""
    raise ValueError(f"the brochure may not load {url}")


def brochure_html(data: CitizenBudget, *, language: str, page_url: str = "") -> str:
    with translation.override(language):
        return render_to_string(
            TEMPLATE,
            {"data": data, "charts": citizen_charts(data), "page_url": page_url, "LANGUAGE_CODE": language},
        )


def brochure_pdf(data: CitizenBudget, *, language: str, page_url: str = "") -> bytes:
    """The brochure's PDF bytes; the page URL is printed on it so a reader finds the full open data.

    From the shared cache when the same HTML was rendered before (see the module's docstring).
    """
    html = brochure_html(data, language=language, page_url=page_url)
    digest = hashlib.sha256(f"{version('weasyprint')}\n{html}".encode()).hexdigest()
    key = f"budgets:brochure:{digest}"
    pdf = cache.get(key)
    if not isinstance(pdf, bytes):
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def render_pdf(html: str) -> bytes:
    """WeasyPrint's PDF of the brochure's HTML (about half a second)."""
    from weasyprint import HTML  # imported here: loading Pango takes a while and only this page needs it

    document = HTML(string=html, url_fetcher=_no_fetch)
    return document.write_pdf()  # type: ignore[no-any-return]
