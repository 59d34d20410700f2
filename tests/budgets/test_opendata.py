"""Open data downloads: CSV, JSON, the Data Package (validated with frictionless), zip, Last-Modified."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from frictionless import Package

from kenesh.budgets.models import VersionKind
from tests.budgets.public_fixtures import AK_SUU, country_make

pytestmark = pytest.mark.django_db
BASE = f"/budgets/data/{AK_SUU}/2025"


@pytest.fixture
def country():
    return country_make()


def test_csv_download(client, country, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(f"{BASE}/approved.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Last-Modified" in response
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == 8
    assert sum(Decimal(row["amount"]) for row in rows if row["direction"] == "revenue") == Decimal("10000000")
    education = next(row for row in rows if row["key"] == "expenditure:7091:2111")
    assert education["code_name_ky"] == "Мектепке чейинки билим берүү"
    assert education["top_code"] == "709"
    assert education["economic_top_code"] == "2"


def test_json_download(client, country):
    body = client.get(f"{BASE}/execution-year.json").json()
    assert body["kind"] == "execution"
    assert body["phase"] == "executed"
    assert body["licence"]["name"] == "CC-BY-4.0"
    assert body["urls"]["datapackage"].endswith("/execution-year.datapackage.json")
    assert body["totals"]["expenditure"] == "8900000.00"


def test_not_modified_since(client, country):
    response = client.get(f"{BASE}/approved.csv")
    again = client.get(f"{BASE}/approved.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_unpublished_versions_are_not_open_data(client, country):
    assert client.get(f"{BASE}/amendment-1.csv").status_code == 404
    assert client.get(f"{BASE}/amendment-1.datapackage.json").status_code == 404
    assert client.get(f"/budgets/data/{AK_SUU}/2025/nonsense.csv").status_code == 404


def test_data_package_validates_with_frictionless(client, country, tmp_path):
    """The descriptor and the CSV as served, side by side in a folder, form a valid Data Package."""
    descriptor = client.get(f"{BASE}/approved.datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (tmp_path / "approved.csv").write_bytes(client.get(f"{BASE}/approved.csv").content)
    package = Package(str(tmp_path / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["fiscalPeriod"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert descriptor["model"]["measures"]["amount"]["currency"] == "KGS"
    assert package.resources[0].read_rows()[0]["amount"] > 0


def test_zip_holds_a_valid_package(client, country, tmp_path):
    response = client.get(f"{BASE}/execution-year.zip")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["datapackage.json", "execution-year.csv"]
        archive.extractall(tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_csv_neutralises_formulas_in_staff_notes(client, country):
    from kenesh.budgets.models import BudgetLine

    BudgetLine.objects.filter(version__budget=country.budget_2025, code__code="1132").update(
        note='=HYPERLINK("http://evil.example","x")'
    )
    text = client.get(f"{BASE}/approved.csv").content.decode()
    row = next(row for row in csv.DictReader(io.StringIO(text)) if row["code"] == "1132")
    assert row["note"].startswith("'=")
    body = client.get(f"{BASE}/approved.json").json()
    assert next(line for line in body["lines"] if line["code"] == "1132")["note"].startswith("=")


def test_the_act_title_is_open_in_both_languages(client, country):
    """Before, the JSON, the API and the data package carried only the Kyrgyz title of the act."""
    version = country.budget_2025.versions.get(kind=VersionKind.APPROVED)
    version.act_title = "Айылдык кеңештин 2024-жылдын 20-декабрындагы №5 токтому"
    version.act_title_ru = "Постановление айылного кенеша от 20 декабря 2024 года №5"
    version.save(update_fields=["act_title", "act_title_ru"])

    download = client.get(f"{BASE}/approved.json").json()
    api = client.get(f"/api/budgets/{AK_SUU}/2025/approved").json()
    descriptor = client.get(f"{BASE}/approved.datapackage.json").json()

    for body in (download, api):
        assert body["act_title"] == version.act_title
        assert body["act_title_ru"] == version.act_title_ru
    assert [source["title"] for source in descriptor["sources"]] == [version.act_title, version.act_title_ru]
