"""The national dashboard (fixed queries, filters, server-side sort, change from the year before, downloads),
a portrait's 404 for a unit the reform ended, the API and the refresh queued when source data changes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from kenesh.portraits.services import indicators_refresh
from kenesh.portraits.tasks import indicators_schedule
from kenesh.territory.models import Level
from tests.portraits.conftest import RAYON_A, hearing_make, unit_make

pytestmark = pytest.mark.django_db


def _dashboard_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_dashboard_costs_the_same_queries_for_3_or_15_municipalities(place, client):
    for unit in place["units"]:
        hearing_make(unit, 2025, women=10, men=10)
    indicators_refresh()
    few = _dashboard_queries(client, "/ru/portraits/")
    for number in range(12):
        unit = unit_make(f"417042409{number:02d}000", Level.MUNICIPALITY, f"М{number}", place["rayon_b"])
        hearing_make(unit, 2025, women=number + 5, men=10)
        hearing_make(unit, 2024, women=5, men=10)
    indicators_refresh()
    assert _dashboard_queries(client, "/ru/portraits/?sort=hearings_women_share&dir=desc") == few


def test_the_dashboard_filters_sorts_and_shows_the_change_from_the_year_before(place, client):
    first, second, third = place["units"]
    hearing_make(first, 2025, women=10, men=40)  # 20%
    hearing_make(second, 2025, women=40, men=10)  # 80%
    hearing_make(third, 2025, women=25, men=25)  # 50%
    hearing_make(second, 2024, women=30, men=20)  # 60% -> +20 points
    indicators_refresh()
    html = client.get("/ru/portraits/?year=2025&sort=hearings_women_share&dir=desc").content.decode()
    assert html.index("Семиз-Бел") < html.index("Ысык-Ата</a>") < html.index("Кум-Добо")
    html = client.get("/ru/portraits/?year=2025&sort=hearings_women_share").content.decode()
    assert html.index("Кум-Добо") < html.index("Ысык-Ата</a>") < html.index("Семиз-Бел")
    only_a = client.get(f"/ru/portraits/?year=2025&oblast={place['oblast'].coate}&rayon={RAYON_A}")
    assert "Семиз-Бел" in only_a.content.decode() and "Ысык-Ата</a>" not in only_a.content.decode()
    changed = client.get("/ru/portraits/?year=2025&indicator=hearings_women_share&sort=change&dir=desc")
    assert "+20,0" in changed.content.decode()
    assert "Медианы по областям" in changed.content.decode()
    assert "<svg" in changed.content.decode()
    # Nonsense in the query string is ignored, never a 500.
    assert client.get("/ru/portraits/?year=abc&sort=drop&dir=x&oblast=1&indicator=zz").status_code == 200
    csv = client.get("/ru/portraits/?year=2025&format=csv").content.decode().splitlines()
    assert csv[0].startswith("код СОАТЕ,Муниципалитет")
    assert len(csv) == 4


def test_a_unit_ended_by_the_reform_gets_a_404_linking_to_its_successor(place, client):
    first = place["units"][0]
    old = unit_make(
        "41704235899000",
        Level.MUNICIPALITY,
        "Эски-Айыл",
        place["rayon_a"],
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2019, 12, 31),
    )
    first.predecessors.add(old)
    gone = client.get("/ru/portraits/41704235899000/")
    assert gone.status_code == 404
    assert f"/ru/portraits/{first.coate}/" in gone.content.decode()
    assert client.get("/ru/portraits/41704235899000/?year=2015").status_code == 200
    before = client.get(f"/ky/portraits/{first.coate}/?year=2015")
    assert before.status_code == 200  # no valid_from: "since before our records"
    assert client.get("/ru/portraits/00000000000000/").status_code == 404
    assert client.get("/api/portraits/units/00000000000000/").status_code == 404


def test_the_api_gives_the_indicators_and_a_units_figures_in_the_openapi_document(place, client):
    hearing_make(place["units"][0], 2025, women=10, men=10)
    indicators_refresh()
    listed = client.get("/api/portraits/indicators/").json()
    assert any(item["key"] == "hearings_held" and item["name_ru"] for item in listed)
    rayon = client.get(f"/api/portraits/units/{RAYON_A}/").json()
    held = next(value for value in rayon["values"] if value["key"] == "hearings_held")
    assert held["value"] == 1 and held["year"] == 2025 and held["source_url"] is None
    document = client.get("/api/openapi.json").json()
    assert "/api/portraits/units/{coate}/" in document["paths"]


def test_a_change_of_source_data_queues_a_refresh_once_and_the_hourly_refresh_is_queued_once(
    place, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hearing_make(place["units"][0], 2025, women=10, men=10)
        hearing_make(place["units"][0], 2024, women=10, men=10)
    assert DBTaskResult.objects.filter(task_path__endswith="indicators_refresh_task").count() == 1
    indicators_schedule()
    indicators_schedule()
    assert DBTaskResult.objects.filter(task_path__endswith="indicators_refresh_hourly").count() == 1
