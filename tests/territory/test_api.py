"""The territory API: lists with filters and dates, one municipality with aggregated deputies, 404 as JSON."""

from __future__ import annotations

import pytest

from kenesh.territory.demo import KARA_SUU, KOSH_DOBO, KUM_DOBO, SEMIZ_BEL

pytestmark = pytest.mark.django_db


def test_oblasts(demo, client):
    data = client.get("/api/territory/oblasts").json()
    assert data["count"] == 9
    naryn = next(item for item in data["items"] if item["coate"] == "41704000000000")
    assert naryn["iso_code"] == "KG-N"
    assert naryn["name_ky"] == "Нарын облусу"
    assert naryn["parent_coate"] is None


def test_rayons_filtered_by_oblast(demo, client):
    data = client.get("/api/territory/rayons", {"oblast": "41704000000000"}).json()
    assert data["count"] == 6
    assert {item["parent_coate"] for item in data["items"]} == {"41704000000000"}


def test_municipalities_by_rayon_and_date(demo, client):
    today = client.get("/api/territory/municipalities", {"rayon": "41704235000000"}).json()
    assert {item["coate"] for item in today["items"]} == {KUM_DOBO, SEMIZ_BEL, KARA_SUU}
    before = client.get(
        "/api/territory/municipalities", {"rayon": "41704235000000", "on": "2023-06-01"}
    ).json()
    assert {item["coate"] for item in before["items"]} == {KUM_DOBO, SEMIZ_BEL, KARA_SUU, KOSH_DOBO}
    by_oblast = client.get("/api/territory/municipalities", {"oblast": "41708000000000"}).json()
    assert by_oblast["count"] == 0


def test_pagination(demo, client):
    page = client.get("/api/territory/rayons", {"limit": 5, "offset": 5}).json()
    assert page["count"] == 58
    assert len(page["items"]) == 5


def test_municipality_detail_aggregates_deputies(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        data = client.get(f"/api/territory/municipalities/{SEMIZ_BEL}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["name_ru"] == "Семиз-Бельский айылный аймак"
    assert data["rayon"]["coate"] == "41704235000000"
    assert data["oblast"]["coate"] == "41704000000000"
    council = data["council"]
    assert (council["seats"], council["deputies_serving"], council["women"], council["men"]) == (11, 11, 2, 9)
    assert council["women_percent"] == 18
    assert council["meets_quota"] is False
    assert set(council["deputies"][0]) == {"full_name"}
    assert data["executive"]["phone"] == "+996 3535 5 33 17"
    assert len(data["settlements"]) == 4


def test_municipality_history(demo, client):
    data = client.get(f"/api/territory/municipalities/{KARA_SUU}").json()
    assert {item["coate"] for item in data["predecessors"]} == {KARA_SUU, KOSH_DOBO}
    ended = client.get(f"/api/territory/municipalities/{KOSH_DOBO}").json()
    assert ended["valid_to"] == "2023-12-31"
    assert [item["coate"] for item in ended["successors"]] == [KARA_SUU]


def test_settlements(demo, client):
    data = client.get(f"/api/territory/municipalities/{KUM_DOBO}/settlements").json()
    assert {item["name_en"] for item in data} == {"Kum-Dobo", "Ak-Jar", "Buguchu", "Shamshy"}
    assert {item["parent_coate"] for item in data} == {KUM_DOBO}


def test_unknown_code_is_a_json_404(demo, client):
    for path in (
        "/api/territory/municipalities/41799999999999",
        "/api/territory/municipalities/x/settlements",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()


def test_bad_parameters_are_a_422(demo, client):
    assert client.get("/api/territory/municipalities", {"on": "yesterday"}).status_code == 422
    assert client.get("/api/territory/rayons", {"limit": 10**20}).status_code == 422
    assert client.get("/api/territory/rayons", {"offset": 10**20}).status_code == 422
    # Not a code: refused before the database sees it (PostgreSQL would fail on the NUL byte).
    assert client.get("/api/territory/municipalities", {"oblast": "41704\x00"}).status_code == 422
    assert client.get("/api/territory/rayons", {"oblast": "Naryn"}).status_code == 422


def test_openapi_documents_the_router(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/territory/municipalities/{coate}" in paths
