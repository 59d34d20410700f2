"""Text typed in Kyrgyz and/or Russian: the reader's language, else the other one marked, never both at once.

Before: the Russian proposal page showed the Kyrgyz and the Russian descriptions one after the other, and a
proposal written only in Russian appeared on the Kyrgyz pages with no mark.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from kenesh.pb.models import Phase
from kenesh.pb.testing import process_make, proposal_make
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Municipality
from tests.browser.axe import axe_check
from tests.browser.urls import url_of


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load kenesh %}" + source).render(Context(context))


def test_the_readers_language_is_shown_alone():
    both = SimpleNamespace(title_ky="Көпүрө", title_ru="Мост", title_en="")
    assert render('{% bilingual obj "title" %}', "ky", obj=both) == "Көпүрө"
    assert render('{% bilingual obj "title" %}', "ru", obj=both) == "Мост"


def test_a_fallback_carries_its_language_and_a_mark():
    russian_only = SimpleNamespace(title_ky="", title_ru="Фонари <на улице>", title_en="")
    html = render('{% bilingual obj "title" %}', "ky", obj=russian_only)
    assert html == '<span lang="ru">Фонари &lt;на улице&gt;</span> <small class="lang-mark">(орусча)</small>'
    kyrgyz_only = SimpleNamespace(description_ky="Биринчи.\n\nЭкинчи.", description_ru="   ")
    html = render('{% bilingual obj "description" block=True %}', "ru", obj=kyrgyz_only)
    mark = '<p class="lang-mark" lang="ru">(на кыргызском)</p>'
    assert html.startswith(f'<div class="bilingual" lang="ky">{mark}')
    assert "<p>Биринчи.</p>" in html and "<p>Экинчи.</p>" in html
    empty = SimpleNamespace(title_ky="", title_ru="")
    assert render('{% bilingual obj "title" %}', "ru", obj=empty) == ""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "shown", "hidden", "mark"),
    [
        ("ky", "Көпүрөнү оңдоо керек.", "Нужно починить мост.", "(орусча)"),
        ("ru", "Нужно починить мост.", "Көпүрөнү оңдоо керек.", "(на кыргызском)"),
    ],
)
def test_proposal_and_process_pages_show_one_language_at_360px(page, site, language, shown, hidden, mark):
    municipality = Municipality.objects.get(coate=KUM_DOBO, valid_to__isnull=True)
    process = process_make(municipality, phase=Phase.VOTING)
    proposal_make(
        process,
        title_ky="Көпүрө",
        title_ru="Мост",
        description_ky="Көпүрөнү оңдоо керек.",
        description_ru="Нужно починить мост.",
    )
    # One proposal written only in Russian, one only in Kyrgyz: each is the other page's fallback.
    proposal_make(process, title_ky="", title_ru="Фонари", description_ru="Фонари на главной улице.")
    proposal_make(process, title_ky="Мектеп", title_ru="", description_ky="Мектептин чатыры.")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(url_of(site, "pb:proposal", language, process_id=process.pk, number=1))
    main = page.locator("main")
    assert main.get_by_text(shown).count() == 1
    assert main.get_by_text(hidden).count() == 0
    assert page.locator(".lang-mark").count() == 0

    fallback = 2 if language == "ky" else 3
    page.goto(url_of(site, "pb:proposal", language, process_id=process.pk, number=fallback))
    other = "ru" if language == "ky" else "ky"
    heading = page.get_by_role("heading", level=1)
    assert heading.locator(f'span[lang="{other}"]').count() == 1
    assert mark in heading.inner_text()
    assert page.locator(f'main div.bilingual[lang="{other}"] .lang-mark').inner_text() == mark
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)

    page.goto(url_of(site, "pb:process", language, process_id=process.pk))
    cards = page.locator(".pb-proposals .card")
    assert cards.count() == 3
    assert cards.nth(fallback - 1).locator(".lang-mark").inner_text() == mark
    assert cards.nth(0).locator(".lang-mark").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
