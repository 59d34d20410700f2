"""The registry: every app's indicators, translated, computed in a fixed number of queries; the k-anonymity
rule and how rayons and oblasts are summed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kenesh.ops import indicators as ind
from kenesh.portraits.models import IndicatorValue
from kenesh.portraits.services import indicators_refresh
from kenesh.territory.models import Level, Unit
from tests.portraits.conftest import hearing_make, unit_make

pytestmark = pytest.mark.django_db


def test_every_capability_registers_its_own_indicators_with_names_in_three_languages():
    registered = ind.indicators()
    assert {item.source for item in registered} == {
        "budgets",
        "pb",
        "hearings",
        "needs",
        "appeals",
        "surveys",
        "territory",
    }
    for item in registered:
        assert apps.is_installed(f"kenesh.{item.source}")
        names = {}
        for language in ("ky", "ru", "en"):
            with translation.override(language):
                names[language] = str(item.name)
        assert len(set(names.values())) == 3, names
    assert ind.indicator_get("kenesh_women_share").target == Decimal("0.3")


def _queries(units: dict[int, Unit], item: ind.Indicator) -> int:
    with CaptureQueriesContext(connection) as context:
        item.compute(units, None)
    return len(context.captured_queries)


def test_each_indicator_is_computed_in_a_fixed_number_of_queries(place):
    few = {unit.pk: unit for unit in place["units"][:1]}
    for number in range(12):
        unit_make(f"417042409{number:02d}000", Level.MUNICIPALITY, f"М{number}", place["rayon_b"])
    many = {unit.pk: unit for unit in Unit.objects.filter(level=Level.MUNICIPALITY)}
    for unit in many.values():
        hearing_make(unit, 2025, women=10, men=10)
    for item in ind.indicators():
        assert _queries(few, item) == _queries(many, item), item.key


def test_a_figure_about_fewer_than_5_people_is_hidden_and_an_absent_one_is_not_invented(place, client):
    first, second, third = place["units"]
    hearing_make(first, 2025, women=3, men=20)
    hearing_make(second, 2025, women=12, men=8)
    indicators_refresh()
    rows = {row.unit_id: row for row in IndicatorValue.objects.filter(key="hearings_women_share", year=2025)}
    assert rows[first.pk].figure.small
    assert not rows[second.pk].figure.small
    assert third.pk not in rows  # no hearing: absent, not 0
    page = client.get(f"/ru/portraits/{first.coate}/").content.decode()
    assert "меньше 5" in page
    assert "Доля женщин на слушаниях" in page
    ky = client.get(f"/ky/portraits/{first.coate}/").content.decode()
    assert "5тен аз" in ky
    api = client.get(f"/api/portraits/units/{first.coate}/?year=2025").json()
    share = next(value for value in api["values"] if value["key"] == "hearings_women_share")
    assert share["value"] == "<5"
    csv = client.get("/ru/portraits/?year=2025&format=csv").content.decode()
    assert "меньше 5" in csv
    assert "0.15" not in csv


def test_rayons_and_oblasts_sum_their_municipalities(place):
    first, second, third = place["units"]
    hearing_make(first, 2025, women=10, men=30)
    hearing_make(first, 2025, women=5, men=5)
    hearing_make(second, 2025, women=30, men=20)
    hearing_make(third, 2025, women=6, men=14)
    indicators_refresh()

    def value(unit: Unit, key: str) -> IndicatorValue:
        return IndicatorValue.objects.get(unit=unit, year=2025, key=key)

    assert value(first, "hearings_held").value == 2
    assert value(place["rayon_a"], "hearings_held").value == 3
    assert value(place["oblast"], "hearings_held").value == 4
    # The share of the rayon is the sum of women over the sum of participants, not a mean of shares.
    assert value(place["rayon_a"], "hearings_women_share").value == Decimal(45) / Decimal(100)
    assert value(place["rayon_a"], "hearings_women_share").units == 2
    assert value(place["oblast"], "hearings_participants").value == 120
    assert ind.median([Decimal(3), Decimal(1), Decimal(2), Decimal(10)]) == Decimal("2.5")


def test_refreshing_one_municipality_recomputes_its_oblast_only(place):
    first, second, _third = place["units"]
    other_oblast = unit_make("41702000000000", Level.OBLAST, "Ысык-Көл облусу")
    other_rayon = unit_make("41702215000000", Level.RAYON, "Ак-Суу району", other_oblast)
    elsewhere = unit_make("41702215810000", Level.MUNICIPALITY, "Ак-Суу", other_rayon)
    hearing_make(first, 2025, women=10, men=10)
    hearing_make(elsewhere, 2025, women=10, men=10)
    indicators_refresh()
    before = IndicatorValue.objects.get(unit=elsewhere, key="hearings_held").computed_at
    hearing_make(second, 2025, women=10, men=10)
    indicators_refresh(municipality_id=second.pk)
    assert IndicatorValue.objects.get(unit=place["rayon_a"], key="hearings_held").value == 2
    assert IndicatorValue.objects.get(unit=elsewhere, key="hearings_held").computed_at == before
