"""The shipped data: oblasts with ISO codes (checked against Debian's iso-codes), rayons, names, demo."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kenesh.territory.demo import DEMO_CSV, REGIONS_CSV, load_demo
from kenesh.territory.models import Council, Deputy, ExecutiveBody, Level, Oblast, Rayon, Unit
from tests.ci import missing

ISO_CODES_JSON = Path("/usr/share/iso-codes/json/iso_3166-2.json")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_nine_oblast_level_units_and_fifty_eight_rayons():
    levels = [row["level"] for row in rows(REGIONS_CSV)]
    assert levels.count(Level.OBLAST) == 9
    assert levels.count(Level.RAYON) == 58


def test_every_name_in_three_languages_without_classifier_typos():
    for row in rows(REGIONS_CSV) + rows(DEMO_CSV):
        for language in ("ky", "ru", "en"):
            name = row[f"name_{language}"]
            assert name and name == " ".join(name.split()), row
            assert "районрайон" not in name
        assert not any(letter in row["name_en"] for letter in "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөүң")


def test_iso_codes_match_debian_iso_codes():
    shipped = {row["iso_code"] for row in rows(REGIONS_CSV) if row["iso_code"]}
    assert len(shipped) == 9
    if not ISO_CODES_JSON.exists():
        missing("Debian's iso-codes is not installed (apt-get install iso-codes)")
    subdivisions = json.loads(ISO_CODES_JSON.read_text(encoding="utf-8"))["3166-2"]
    kyrgyz = {item["code"]: item for item in subdivisions if item["code"].startswith("KG-")}
    assert shipped == set(kyrgyz)
    by_code = {row["iso_code"]: row for row in rows(REGIONS_CSV) if row["iso_code"]}
    assert kyrgyz["KG-GB"]["type"] == "City" and by_code["KG-GB"]["name_en"] == "Bishkek"
    assert kyrgyz["KG-GO"]["type"] == "City" and by_code["KG-GO"]["name_ru"] == "г. Ош"


def test_shipped_codes_are_those_of_the_shared_classifier(shared_coate_csv: Path):
    classifier = {row["coate"]: row for row in rows(shared_coate_csv)}
    for row in rows(REGIONS_CSV) + rows(DEMO_CSV):
        assert row["coate"] in classifier
        assert classifier[row["coate"]]["level"] == row["level"]


def test_demo_aiyl_aimaks_have_realistic_populations():
    for row in rows(DEMO_CSV):
        if row["level"] == Level.MUNICIPALITY:
            assert 3000 <= int(row["population"]) <= 15000


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    load_demo()
    counts = (
        Unit.objects.count(),
        ExecutiveBody.objects.count(),
        Council.objects.count(),
        Deputy.objects.count(),
    )
    load_demo()
    assert counts == (
        Unit.objects.count(),
        ExecutiveBody.objects.count(),
        Council.objects.count(),
        Deputy.objects.count(),
    )
    assert Oblast.objects.count() == 9
    assert Rayon.objects.count() == 58
    assert Council.objects.count() == 3


@pytest.mark.django_db
def test_demo_loads_over_the_whole_classifier(shared_coate_csv: Path):
    from kenesh.territory.demo import KARA_SUU, KOSH_DOBO
    from kenesh.territory.models import Municipality
    from kenesh.territory.services import territory_import_csv

    territory_import_csv(file=shared_coate_csv, valid_from=None)
    load_demo()
    assert Municipality.objects.current().filter(coate=KOSH_DOBO).count() == 0
    merged = Municipality.objects.current().get(coate=KARA_SUU)
    assert merged.settlements.count() == 7
    assert Municipality.objects.filter(coate=KARA_SUU).count() == 2
    # The classifier's other 513 municipalities are untouched and current.
    assert Municipality.objects.current().count() == 515
