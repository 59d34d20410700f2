"""The home page leads a newcomer: what one can do here, what is open now, a search for one's municipality
(tolerant of о/ө, у/ү, н/ң and case, without JavaScript), and only the oblasts that have municipalities.

Before: 8 of 9 oblasts said "(0 municipalities)", there was no search and nothing said what one can do here;
the process page said nothing about when proposals are collected next.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from kenesh.hearings.testing import hearing_make
from kenesh.pb.models import Phase
from kenesh.pb.testing import process_make
from kenesh.territory.demo import KARA_SUU, KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Municipality
from kenesh.territory.selectors import municipality_search, search_key
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    demo_load(("territory",))


def municipality(coate: str) -> Municipality:
    return Municipality.objects.get(coate=coate, valid_to__isnull=True)


def test_search_key_folds_kyrgyz_letters_case_and_hyphens():
    assert search_key("Кум-Дөбө АЙЫЛ  аймагы") == search_key("кум добо айыл аймагы") == "кум добо айыл аймагы"
    assert search_key("Үч-Коргон, Ңө") == "уч коргон, но"


@pytest.mark.parametrize(
    ("query", "coate"),
    [
        ("Кум-Дөбө", KUM_DOBO),
        ("кум добо", KUM_DOBO),
        ("КУМ-ДЕБЕН", KUM_DOBO),
        ("семиз бел", SEMIZ_BEL),
        ("Кара-Сууский", KARA_SUU),
        ("kum-dobo", KUM_DOBO),
    ],
)
def test_municipality_search_in_kyrgyz_and_russian(territory, query, coate):
    assert [unit.coate for unit in municipality_search(query=query)] == [coate]


def test_municipality_search_lists_several_and_ignores_too_short(territory):
    assert len(municipality_search(query="айыл аймагы")) >= 3
    assert municipality_search(query="к") == []
    assert municipality_search(query="Бишкек-Нью-Йорк") == []


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_search_page_redirects_lists_and_explains(territory, language):
    client = Client()
    response = client.get(f"/{language}/search/", {"q": "кум добо"})
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/m/{KUM_DOBO}/"
    many = client.get(f"/{language}/search/", {"q": "айыл"}).content.decode()
    assert f"/{language}/m/{KUM_DOBO}/" in many and f"/{language}/m/{SEMIZ_BEL}/" in many
    short = client.get(f"/{language}/search/", {"q": " к "})
    assert short.status_code == 200
    assert {"ky": "Аталыштын жок дегенде 2 тамгасын", "ru": "Введите не менее 2 букв"}[language] in (
        short.content.decode()
    )
    none = client.get(f"/{language}/search/", {"q": "x" * 500})
    assert none.status_code == 200
    assert {"ky": "деген муниципалитет жок", "ru": "нет муниципалитета"}[language] in none.content.decode()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_home_lists_oblasts_with_municipalities_and_what_is_open(territory, language):
    now = timezone.now()
    voting = process_make(
        municipality(KUM_DOBO),
        phase=Phase.VOTING,
        title_ky="Суу түтүгү",
        title_ru="Водопровод",
        voting_until=now + datetime.timedelta(days=5),
    )
    collecting = process_make(municipality(SEMIZ_BEL), phase=Phase.PROPOSALS, title_ky="", title_ru="Парк")
    process_make(municipality(SEMIZ_BEL), phase=Phase.RESULTS, title_ru="Старый процесс")
    page = Client().get(f"/{language}/").content.decode()
    assert "(0 " not in page
    assert {"ky": "Нарын облусу", "ru": "Нарынская область"}[language] in page
    assert {"ky": "Чүй облусу", "ru": "Чуйская область"}[language] not in page
    assert f'action="/{language}/search/"' in page and 'method="get"' in page
    assert f"/{language}/pb/{voting.pk}/" in page and f"/{language}/pb/{collecting.pk}/" in page
    assert "Старый процесс" not in page
    if language == "ky":
        assert '<span lang="ru">Парк</span> <small class="lang-mark">(орусча)</small>' in page


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_home_lists_the_hearings_announced_and_not_yet_held(territory, language):
    today = timezone.localdate()
    soon = hearing_make(municipality(KUM_DOBO), today + datetime.timedelta(days=3), notice_days=10)
    hearing_make(municipality(KUM_DOBO), today - datetime.timedelta(days=30))  # held already
    # Its notice goes out in 15 days: not announced yet.
    hearing_make(municipality(SEMIZ_BEL), today + datetime.timedelta(days=20), notice_days=5)

    response = Client().get(f"/{language}/")

    hearings = response.context["open_now"].hearings
    assert hearings == [soon]
    page = response.content.decode()
    assert f'href="/{language}/hearings/{KUM_DOBO}/{soon.pk}/"' in page
    assert {"ky": "Алдыдагы коомдук угуулар", "ru": "Предстоящие публичные слушания"}[language] in page


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_process_page_says_when_proposals_are_collected_next(territory, language):
    client = Client()
    finished = process_make(municipality(KUM_DOBO), phase=Phase.RESULTS)
    page = client.get(f"/{language}/pb/{finished.pk}/").content.decode()
    assert {"ky": "жарыялай элек", "ru": "пока не объявил"}[language] in page

    opens = timezone.now() + datetime.timedelta(days=30)
    process_make(municipality(KUM_DOBO), phase=Phase.DRAFT, proposals_from=opens)
    page = client.get(f"/{language}/pb/{finished.pk}/").content.decode()
    assert {"ky": "кийинки кабыл алуусу", "ru": "Следующий сбор предложений"}[language] in page
    assert str(timezone.localtime(opens).year) in page

    collecting = process_make(municipality(KUM_DOBO), phase=Phase.PROPOSALS)
    page = client.get(f"/{language}/pb/{finished.pk}/").content.decode()
    assert f'href="/{language}/pb/{collecting.pk}/"' in page


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("language", "typed"), [("ky", "кум добо"), ("ru", "КУМ-ДЕБЕН")])
def test_a_newcomer_finds_the_municipality_without_js_at_360px(page_without_js, site, language, typed):
    page = page_without_js
    process_make(municipality(KUM_DOBO), phase=Phase.VOTING, title_ky="Суу", title_ru="Вода")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url_of(site, "home:home", language))
    open_now = {"ky": "Азыр ачык", "ru": "Открыто сейчас"}[language]
    assert page.get_by_role("heading", name=open_now).count() == 1
    assert page.get_by_role("link", name={"ky": "Суу", "ru": "Вода"}[language]).count() == 1
    assert page.get_by_text("(0 ").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    label = {"ky": "Муниципалитетиңизди табыңыз", "ru": "Найдите свой муниципалитет"}[language]
    page.get_by_role("searchbox", name=label).fill(typed)
    page.get_by_role("button", name={"ky": "Издөө", "ru": "Найти"}[language]).click()
    page.wait_for_url(f"**/{language}/m/{KUM_DOBO}/")
    name = {"ky": "Кум-Дөбө айыл аймагы", "ru": "Кум-Дебенский айылный аймак"}[language]
    assert page.get_by_role("heading", level=1).inner_text() == name


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("language", ["ky", "ru"])
def test_home_and_search_pages_pass_axe_at_360px(page, site, language):
    process_make(municipality(KUM_DOBO), phase=Phase.PROPOSALS, title_ky="", title_ru="Парк")
    page.set_viewport_size({"width": 360, "height": 740})
    for url in (url_of(site, "home:home", language), url_of(site, "territory:search", language) + "?q=айыл"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        axe_check(page)
