"""The budgets API: published versions, their lines, the citizen's budget, the OpenAPI document."""

from decimal import Decimal

import pytest

from tests.budgets.public_fixtures import AK_SUU, country_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    return country_make()


def test_versions_lists_only_published_ones(client, country):
    response = client.get("/api/budgets/versions", {"coate": AK_SUU})
    assert response.status_code == 200
    body = response.json()
    slugs = sorted((item["year"], item["slug"]) for item in body["items"])
    assert slugs == [(2024, "approved"), (2025, "approved"), (2025, "execution-year")]
    first = body["items"][0]
    assert first["licence"]["name"] == "CC-BY-4.0"
    assert first["currency"] == "KGS"
    assert first["urls"]["csv"].endswith(".csv")
    assert client.get("/api/budgets/versions", {"coate": "nope"}).status_code == 422


def test_version_detail_with_lines_and_last_modified(client, country, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/budgets/{AK_SUU}/2025/approved")
    assert response.status_code == 200
    assert "Last-Modified" in response
    body = response.json()
    assert body["totals"] == {"revenue": "10000000.00", "expenditure": "10000000.00"}
    lines = {line["key"]: line for line in body["lines"]}
    assert Decimal(lines["expenditure:7091:2111"]["amount"]) == Decimal("4000000")
    assert lines["revenue:1132:"]["own_revenue"] is True
    assert lines["revenue:1311:"]["own_revenue"] is False
    assert lines["expenditure:7091:2111"]["own_revenue"] is None
    assert lines["expenditure:7091:2111"]["top_code"] == "709"


def test_unpublished_or_unknown_version_is_404(client, country):
    assert client.get(f"/api/budgets/{AK_SUU}/2025/amendment-1").status_code == 404
    assert client.get(f"/api/budgets/{AK_SUU}/2019/approved").status_code == 404
    assert client.get(f"/api/budgets/{AK_SUU}/2025/whatever").status_code in (404, 422)


def test_citizen_budget_api(client, country):
    body = client.get(f"/api/budgets/{AK_SUU}/2025/citizen", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["plan"] == "approved"
    assert body["execution"] == "execution-year"
    assert Decimal(body["own_share"]) == Decimal("0.25")
    assert Decimal(body["expenditure"]["per_capita"]) == Decimal("1000")
    assert [row["code"] for row in body["functions"]] == ["709", "706", "701"]


def test_datapackage_api_points_to_the_csv(client, country):
    response = client.get(f"/api/budgets/{AK_SUU}/2025/approved/datapackage")
    assert response.status_code == 200
    descriptor = response.json()
    assert descriptor["resources"][0]["path"] == f"http://testserver/budgets/data/{AK_SUU}/2025/approved.csv"
    assert descriptor["model"]["measures"]["amount"]["currency"] == "KGS"


def test_openapi_document_lists_the_budget_operations(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/budgets/versions" in paths
    assert "/api/budgets/{coate}/{year}/{slug}" in paths
