"""An invoice as an A4 PDF (WeasyPrint, as the citizen's budget: kenesh.budgets.pdf), in Kyrgyz or Russian,
with the LSG Union's bank requisites from settings (KENESH_UNION_REQUISITES)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from kenesh.budgets.pdf import render_pdf
from kenesh.subscriptions.conf import union_requisites
from kenesh.subscriptions.models import Invoice

TEMPLATE = "subscriptions/invoice_pdf.html"
LANGUAGES = ("ky", "ru")


def invoice_html(invoice: Invoice, *, language: str) -> str:
    requisites = union_requisites()
    union_name = requisites.get(f"name_{language}") or requisites.get("name_ru", "")
    municipality = invoice.subscription.municipality
    payer = invoice.payer
    if municipality is not None:
        payer = str(getattr(municipality, f"name_{language}", "") or municipality.name_ru or payer)
    with translation.override(language):
        return render_to_string(
            TEMPLATE,
            {
                "invoice": invoice,
                "union": requisites,
                "union_name": union_name,
                "payer": payer,
                "LANGUAGE_CODE": language,
            },
        )


def invoice_pdf(invoice: Invoice, *, language: str) -> bytes:
    """The PDF bytes of the invoice in `language` (ky or ru)."""
    if language not in LANGUAGES:
        raise ValueError(f"invoices are printed in {LANGUAGES}, not {language!r}")
    return render_pdf(invoice_html(invoice, language=language))
