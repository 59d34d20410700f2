"""The citizen's budget as an A4 brochure (WeasyPrint), in Kyrgyz or Russian (English too).

Fonts come from Debian (fonts-dejavu-core: DejaVu Sans has ө, ү, ң); the style sheet and the charts are inline
in the HTML, so WeasyPrint fetches nothing: `_no_fetch` refuses any URL it might meet.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from kenesh.budgets.charts import citizen_charts
from kenesh.budgets.selectors import CitizenBudget

TEMPLATE = "budgets/brochure.html"


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
    """The brochure's PDF bytes; the page URL is printed on it so a reader finds the full open data."""
    from weasyprint import HTML  # imported here: loading Pango takes a while and only this page needs it

    html = brochure_html(data, language=language, page_url=page_url)
    document = HTML(string=html, url_fetcher=_no_fetch)
    return document.write_pdf()  # type: ignore[no-any-return]
