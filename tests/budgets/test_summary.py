"""The "In short" box of the citizen's budget and its brochure: its figures are those of the version shown.

The demo's summary was typed for the approved budget while the page shows the amendment in force: 45.6 M som,
30% and 46% against 46,397,900 som, 29% and 45% on the same page. The box now states the figures of the
version shown, and the staff's words carry none.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kenesh.budgets import selectors
from kenesh.budgets.models import VersionKind
from kenesh.territory.demo import KUM_DOBO
from kenesh.web import l10n
from tests.browser.urls import url_of
from tests.budgets.test_pdf import pdf_text
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_load(("territory", "budgets"))


def _section(html: str) -> str:
    match = re.search(r'<section class="budget-summary".*?</section>', html, re.S)
    assert match, "no summary box"
    return flat(re.sub(r"<[^>]+>", " ", match.group(0)).replace("&nbsp;", " "))


def flat(text: str) -> str:
    """Spaces of every kind (the no-break ones of money and percentages too) as single plain spaces."""
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_summary_box_states_the_figures_of_the_version_shown(demo, language):
    with translation.override(language):
        data = selectors.citizen_budget(coate=KUM_DOBO, year=2025)
        assert data is not None and data.plan is not None
        assert data.plan.kind == VersionKind.AMENDMENT  # the demo's plan in force is an amendment
        url = reverse("budgets:citizen", kwargs={"coate": KUM_DOBO, "year": 2025})
        revenue = flat(l10n.format_som(data.revenue.plan, decimals=0))
        own = flat(l10n.format_percent(data.own_share))
        top = flat(l10n.format_percent(data.functions[0].share))
        label = data.plan.label
    box = _section(Client().get(url).content.decode())
    assert revenue in box and own in box and top in box and label in box
    assert "млн" not in box  # no rounded figure typed for another version

    # An earlier version shows its own figures in the box.
    with translation.override(language):
        approved = next(v for v in data.plans if v.kind == VersionKind.APPROVED)
        earlier = selectors.citizen_budget(
            coate=KUM_DOBO, year=2025, plan_slug=selectors.version_slug(approved)
        )
        assert earlier is not None
        approved_revenue = flat(l10n.format_som(earlier.revenue.plan, decimals=0))
    assert approved_revenue != revenue
    page = Client().get(url, {"version": selectors.version_slug(approved)}).content.decode()
    assert approved_revenue in _section(page)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_brochure_summary_states_the_figures_of_the_plan_in_force(demo, language):
    with translation.override(language):
        data = selectors.citizen_budget(coate=KUM_DOBO, year=2025)
        assert data is not None
        revenue = l10n.format_som(data.revenue.plan, decimals=0)
        own = l10n.format_percent(data.own_share)
        url = reverse("budgets:brochure", kwargs={"coate": KUM_DOBO, "year": 2025})
    response = Client().get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    summary = flat(text[: text.index(pdf_heading(language))])  # the box comes before "Key figures"
    assert flat(revenue) in summary and flat(own) in summary
    assert "млн" not in summary


def pdf_heading(language: str) -> str:
    with translation.override(language):
        return str(translation.gettext("Key figures"))


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("ky", "Айылдык кеңештин", "Постановление"),
        ("ru", "Постановление айылного кенеша", "Айылдык кеңештин"),
    ],
)
def test_the_act_is_named_in_the_readers_language(demo, language, shown, hidden):
    with translation.override(language):
        url = reverse("budgets:citizen", kwargs={"coate": KUM_DOBO, "year": 2025})
    page = Client().get(url).content.decode()
    version = re.search(r'<p class="budget-version">.*?</p>', page, re.S)
    assert version is not None
    assert shown in version.group(0) and hidden not in version.group(0)


def test_an_act_typed_only_in_kyrgyz_is_marked_on_the_russian_page(demo):
    data = selectors.citizen_budget(coate=KUM_DOBO, year=2025)
    assert data is not None and data.plan is not None
    data.plan.act_title_ru = ""
    data.plan.save(update_fields=["act_title_ru"])
    with translation.override("ru"):
        url = reverse("budgets:citizen", kwargs={"coate": KUM_DOBO, "year": 2025})
    page = Client().get(url).content.decode()
    assert '<span lang="ky">Айылдык кеңештин' in page
    assert '<small class="lang-mark">(на кыргызском)</small>' in page


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("language", ["ky", "ru"])
def test_in_short_agrees_with_the_key_figures_at_360px(page, site, language):
    demo_load(("budgets",))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url_of(site, "budgets:citizen", language, coate=KUM_DOBO, year=2025))
    box = flat(page.locator("section.budget-summary").inner_text())
    revenue = flat(page.locator(".budget-figures div").first.locator("dd").inner_text())
    assert revenue in box
    assert "млн" not in box
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
