"""The A4 brochure of the citizen's budget: a real PDF from WeasyPrint whose text keeps ө, ү, ң, rendered once
per budget, language and content, then served from the shared cache."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.budgets import pdf
from kenesh.budgets.models import BudgetVersion, VersionKind
from kenesh.budgets.selectors import citizen_budget
from kenesh.budgets.services import budget_summary_edit, version_publish
from kenesh.territory.demo import KUM_DOBO
from tests.budgets.public_fixtures import AK_SUU, country_make
from tests.web.demo import demo_load

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


@pytest.fixture
def renders(monkeypatch):
    """Every PDF WeasyPrint writes (the real renderer runs, the calls are only counted); empty cache first."""
    calls: list[int] = []
    real = HTML.write_pdf

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", counted)
    cache.clear()
    yield calls
    cache.clear()


def get_brochure(client, language: str) -> bytes:
    with translation.override(language):
        url = reverse("budgets:brochure", kwargs={"coate": AK_SUU, "year": 2025})
    response = client.get(url)
    assert response.status_code == 200
    return bytes(response.content)


def test_a_brochure_is_rendered_once_then_served_from_the_cache(client, renders):
    country_make()
    first = get_brochure(client, "ky")
    assert get_brochure(client, "ky") == first
    assert get_brochure(Client(), "ky") == first  # another visitor
    assert len(renders) == 1
    russian = get_brochure(client, "ru")  # each language its own
    assert russian != first and len(renders) == 2
    assert get_brochure(client, "ru") == russian and len(renders) == 2


def test_a_change_to_the_budget_gives_a_new_brochure(client, renders):
    country = country_make()
    staff = person_make(role=Role.STAFF, municipality=country.ak_suu)
    before = get_brochure(client, "ky")
    budget = country.budget_2025
    budget_summary_edit(
        actor=staff,
        budget=budget,
        summary_ky="Жаңы максат: көчөлөрдү жарыктандыруу.",
        summary_ru=budget.summary_ru,
        summary_en=budget.summary_en,
        population=budget.population,
    )
    edited = get_brochure(client, "ky")
    assert len(renders) == 2 and edited != before
    assert "Жаңы максат: көчөлөрдү жарыктандыруу." in pdf_text(edited)
    # Publishing the amendment puts a new plan in force: a new brochure with its figures.
    amendment = BudgetVersion.objects.get(budget=budget, kind=VersionKind.AMENDMENT)
    version_publish(actor=staff, version=amendment)
    amended = get_brochure(client, "ky")
    assert len(renders) == 3 and amended != edited
    assert get_brochure(client, "ky") == amended and len(renders) == 3


def _content_bottom(box) -> float:
    bottom = box.position_y + box.margin_height()
    return max([bottom, *(_content_bottom(child) for child in getattr(box, "children", []))])


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_brochure_fills_its_a4_pages(settings, language):
    """No page is left half empty: every page but the last is at least three quarters full."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(("territory", "accounts", "budgets"))
    data = citizen_budget(coate=KUM_DOBO, year=2025)
    assert data is not None
    html = pdf.brochure_html(data, language=language, page_url="https://kenesh.example/")
    pages = HTML(string=html).render().pages
    fills = []
    for page in pages:
        box = page._page_box
        top = box.position_y + box.margin_top + box.border_top_width + box.padding_top
        body = box.children[0].children[0]  # html, then body (which reaches down to the page's foot)
        bottom = max(_content_bottom(child) for child in body.children)
        fills.append((bottom - top) / box.height)
    assert all(fill >= 0.75 for fill in fills[:-1]), [f"{fill:.0%}" for fill in fills]
