"""Public pages: the home page and a municipality's page, in Kyrgyz and Russian, with their history."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kenesh.territory.demo import KARA_SUU, KOSH_DOBO, KUM_DOBO, SEMIZ_BEL

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "ky", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_home_lives_at_the_language_root(demo, client):
    assert url("home:home") == "/ky/"
    response = client.get("/ky/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Нарын облусу" in body
    assert "Кочкор району" in body
    assert "<details" in body
    assert f'href="/ky/m/{KUM_DOBO}/"' in body
    # An ended municipality is not listed among today's.
    assert f"/ky/m/{KOSH_DOBO}/" not in body


def test_home_in_russian(demo, client):
    body = client.get("/ru/").content.decode()
    assert '<html lang="ru"' in body
    assert "Нарынская область" in body
    assert "Кум-Дебенский айылный аймак" in body


def test_home_costs_a_fixed_number_of_queries(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/ky/")


def test_municipality_page_in_kyrgyz(demo, client):
    response = client.get(url("territory:municipality", coate=KUM_DOBO))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Кум-Дөбө айыл аймагы</h1>" in body
    assert "Кум-Дөбө айыл өкмөтү" in body
    assert "Кум-Дөбө айылдык кеңеши" in body
    assert "Асанова Айгүл Бакытовна" in body
    assert "Шамшы" in body
    # Ended mandates are not among today's deputies.
    assert "Кубанычбеков Мирлан" not in body
    assert '<meter id="women-share"' in body
    assert 'value="40"' in body


def test_municipality_page_in_russian_shows_the_quota(demo, client):
    body = client.get(url("territory:municipality", "ru", coate=SEMIZ_BEL)).content.decode()
    assert "<h1>Семиз-Бельский айылный аймак</h1>" in body
    assert "2 из 11 депутатов — женщины" in body
    assert "Ниже квоты 30%." in body


def test_municipality_page_shows_its_history(demo, client):
    body = client.get(url("territory:municipality", "en", coate=KARA_SUU)).content.decode()
    assert "Formed from" in body
    assert "Kosh-Dobo aiyl aimak" in body
    ended = client.get(url("territory:municipality", "en", coate=KOSH_DOBO)).content.decode()
    assert "no longer exists" in ended
    assert "Became part of" in ended
    assert f'href="/en/m/{KARA_SUU}/"' in ended


def test_a_past_date_shows_the_version_of_that_day(demo, client):
    body = client.get(url("territory:municipality", "en", coate=KARA_SUU) + "?on=2023-06-01").content.decode()
    assert "no longer exists" in body
    assert "Mantysh" in body
    assert "Kara-Saz" not in body  # Kosh-Dobo's village joined only in 2024


def test_municipality_page_costs_a_fixed_number_of_queries(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(url("territory:municipality", coate=KARA_SUU)).status_code == 200


def test_unknown_and_malformed_codes_give_404(demo, client):
    assert client.get("/ky/m/41799999999999/").status_code == 404
    assert client.get("/ky/m/123/").status_code == 404
    # A rayon is not a municipality.
    assert client.get("/ky/m/41704235000000/").status_code == 404


def test_pages_work_without_demo_data(db, client):
    assert client.get("/ky/").status_code == 200
