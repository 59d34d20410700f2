"""The apps above territory add their sections to a municipality's page; territory names none of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kenesh.territory import sections
from kenesh.territory.demo import KUM_DOBO

pytestmark = pytest.mark.django_db


def test_the_budgets_app_adds_the_way_to_the_budget(demo, client):
    assert "budgets/_municipality_link.html" in sections.municipality_sections()

    body = client.get(reverse("territory:municipality", kwargs={"coate": KUM_DOBO})).content.decode()

    assert f'href="/ky/budgets/{KUM_DOBO}/"' in body


def test_a_section_registered_twice_shows_once(monkeypatch):
    monkeypatch.setattr(sections, "_SECTIONS", [])

    sections.municipality_section_register("a/_one.html")
    sections.municipality_section_register("b/_two.html")
    sections.municipality_section_register("a/_one.html")

    assert sections.municipality_sections() == ("a/_one.html", "b/_two.html")
