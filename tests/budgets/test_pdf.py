"""The A4 brochure of the citizen's budget: a real PDF from WeasyPrint whose text keeps ө, ү, ң."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from tests.budgets.public_fixtures import AK_SUU, country_make

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # Table cells wrap their words over lines: compare text with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def brochure(client, language):
    country_make()
    with translation.override(language):
        url = reverse("budgets:brochure", kwargs={"coate": AK_SUU, "year": 2025})
    return client.get(url)


def test_kyrgyz_brochure_keeps_the_kyrgyz_letters(client):
    response = brochure(client, "ky")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    text = pdf_text(response.content)
    for letter in "өүң":
        assert letter in text
    assert "Билим берүү" in text  # education
    assert "Бюджеттин негизги максаты" in text  # the staff's summary
    assert "Ак-Суу" in text


def test_russian_brochure(client):
    text = pdf_text(brochure(client, "ru").content)
    assert "Образование" in text
    assert "Выравнивающий грант" in text
