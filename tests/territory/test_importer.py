"""The СОАТЕ importer: the shared classifier file, shipped data, every kind of bad row, all or nothing."""

from __future__ import annotations

import datetime
import io
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kenesh.territory.importer import TerritoryImportError
from kenesh.territory.models import Municipality, Oblast, Rayon, Settlement, Unit
from kenesh.territory.services import territory_import_csv

D = datetime.date
HEADER = "coate,name_ru,level,parent_coate"
GOOD = textwrap.dedent(
    """\
    coate,name_ru,level,parent_coate,name_ky,population
    41704000000000,Нарынская область,oblast_or_republican_city,,Нарын облусу,
    41704235000000,Кочкорский район,rayon_or_oblast_city,41704000000000,Кочкор району,
    41704235825000,Кум-Дебенский айылный аймак,aiyl_aimak_or_rayon_city,41704235000000,,9400
    41704235825010,Кум-Дебе,settlement,41704235825000,Кум-Дөбө,3900
    """
)


def csv_file(text: str) -> io.StringIO:
    return io.StringIO(textwrap.dedent(text))


def problems_of(text: str) -> list[str]:
    with pytest.raises(TerritoryImportError) as caught, translation.override("en"):
        territory_import_csv(file=csv_file(text), valid_from=None)
    with translation.override("en"):
        return [str(problem) for problem in caught.value.problems]


@pytest.mark.django_db
class TestValidFile:
    def test_imports_every_level_with_parents(self):
        result = territory_import_csv(file=csv_file(GOOD), valid_from=None)
        assert (result.created, result.updated) == (4, 0)
        village = Settlement.objects.get()
        assert village.population == 3900
        assert village.parent.coate == "41704235825000"
        assert village.parent.parent.parent.name_ky == "Нарын облусу"
        assert Municipality.objects.get().valid_from is None

    def test_importing_again_updates_instead_of_duplicating(self):
        territory_import_csv(file=csv_file(GOOD), valid_from=None)
        result = territory_import_csv(file=csv_file(GOOD.replace("9400", "9500")), valid_from=None)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
        assert Unit.objects.count() == 4
        assert Municipality.objects.get().population == 9500

    def test_default_valid_from_applies_to_undated_rows(self):
        territory_import_csv(file=csv_file(GOOD), valid_from=D(2021, 1, 1))
        assert set(Unit.objects.values_list("valid_from", flat=True)) == {D(2021, 1, 1)}

    def test_parent_may_already_be_in_the_database(self):
        territory_import_csv(file=csv_file("\n".join(GOOD.splitlines()[:3])), valid_from=None)
        territory_import_csv(
            file=csv_file(
                f"{HEADER}\n41704235825000,Кум-Дебенский,aiyl_aimak_or_rayon_city,41704235000000\n"
            ),
            valid_from=None,
        )
        assert Municipality.objects.get().parent == Rayon.objects.get()

    def test_a_reform_with_predecessors_and_a_reused_code(self):
        territory_import_csv(file=csv_file(GOOD), valid_from=None)
        territory_import_csv(
            file=csv_file(
                """\
                coate,name_ru,level,parent_coate,valid_from,valid_to,predecessors
                41704235819000,Кош-Дебенский,aiyl_aimak_or_rayon_city,41704235000000,,2023-12-31,
                41704235812000,Кара-Сууский,aiyl_aimak_or_rayon_city,41704235000000,,2023-12-31,
                41704235812000,Кара-Сууский,aiyl_aimak_or_rayon_city,41704235000000,2024-01-01,,41704235812000;41704235819000
                """
            ),
            valid_from=None,
        )
        merged = Municipality.objects.get(coate="41704235812000", valid_from=D(2024, 1, 1))
        assert {(unit.coate, unit.valid_to) for unit in merged.predecessors.all()} == {
            ("41704235812000", D(2023, 12, 31)),
            ("41704235819000", D(2023, 12, 31)),
        }

    def test_bytes_and_a_byte_order_mark_are_read(self):
        territory_import_csv(file=io.BytesIO(("\ufeff" + GOOD).encode()), valid_from=None)
        assert Unit.objects.count() == 4


@pytest.mark.django_db
def test_the_shared_classifier_file_imports_whole(shared_coate_csv: Path, django_assert_max_num_queries):
    # A few bulk statements, not a query per row.
    with django_assert_max_num_queries(40):
        result = territory_import_csv(file=shared_coate_csv, valid_from=None)
    assert result.created == 2438
    assert Oblast.objects.count() == 9
    assert Rayon.objects.count() == 58
    assert Municipality.objects.count() == 516
    assert Settlement.objects.count() == 1855
    kochkorka = Settlement.objects.select_related("parent__parent__parent").get(coate="41704235816010")
    assert kochkorka.name_ru == "Кочкорка"
    assert kochkorka.parent.parent.parent.name_ru == "Нарынская область"
    # Names are cleaned of doubled spaces on the way in.
    assert Rayon.objects.get(coate="41706259000000").name_ru == "Чон-Алайский район"


@pytest.mark.django_db
def test_the_command_imports_the_shared_file_then_the_shipped_names(shared_coate_csv: Path):
    out = io.StringIO()
    call_command("import_territory", str(shared_coate_csv), stdout=out)
    assert "2438" in out.getvalue()
    call_command("import_territory", "kenesh/territory/data/regions.csv", stdout=out)
    assert Rayon.objects.get(coate="41702220000000").name_ru == "Тонский район"
    assert Unit.objects.count() == 2438


@pytest.mark.django_db
class TestBadRows:
    def test_every_bad_row_is_reported_by_line_and_nothing_is_written(self):
        problems = problems_of(
            """\
            coate,name_ru,level,parent_coate,population,valid_from,valid_to
            41704000000000,Нарынская область,oblast_or_republican_city,,,,
            4170423500000,Короткий код,rayon_or_oblast_city,41704000000000,,,
            41704235000000,Кочкорский район,county,41704000000000,,,
            41704235825000,Кум-Дебе,aiyl_aimak_or_rayon_city,41799999000000,,,
            41704235825010,Кум-Дебе,settlement,41704235825000,много,,
            41704235825020,Ак-Джар,settlement,41704235825000,-5,,
            41704235825030,Бугучу,settlement,41704235825000,,2024-13-01,
            41704235825040,Шамшы,settlement,41704235825000,,2024-01-01,2023-01-01
            41704000000000,Нарынская область,oblast_or_republican_city,,,,
            41704235825050,,settlement,41704235825000,,,
            41704235825060,Без родителя,settlement,,,,
            """
        )
        assert problems == [
            "Line 3: The СОАТЕ code “4170423500000” is not 14 digits.",
            "Line 4: Unknown level “county”.",
            "Line 5: The parent 41799999000000 is neither in the file nor in the database.",
            "Line 6: The population “много” is not a whole number of people.",
            "Line 7: The population “-5” is not a whole number of people.",
            "Line 8: The date “2024-13-01” in valid_from is not a date like 2024-01-31.",
            "Line 9: valid_to is before valid_from.",
            "Line 10: The code 41704000000000 appears twice (also on line 2).",
            "Line 11: The Russian name is empty.",
            "Line 12: The parent code is empty.",
        ]
        assert Unit.objects.count() == 0

    def test_parent_of_the_wrong_level(self):
        problems = problems_of(
            f"""\
            {HEADER}
            41704000000000,Нарынская область,oblast_or_republican_city,
            41704235825000,Кум-Дебе,aiyl_aimak_or_rayon_city,41704000000000
            """
        )
        assert problems == [
            "Line 3: The parent 41704000000000 is at the level “oblast or city of republican significance”, "
            "but “aiyl aimak or city” hangs under “rayon or city of oblast significance”."
        ]

    def test_names_too_long(self):
        too_long = "N" * 201
        text = f"{HEADER},name_en\n41704000000000,Нарын,oblast_or_republican_city,,{too_long}\n"
        assert problems_of(text) == ["Line 2: The name in name_en is longer than 200 characters."]

    def test_missing_columns(self):
        assert problems_of("coate,name_ru\n41704000000000,Нарын\n") == [
            "Line 1: Missing columns: level, parent_coate."
        ]

    def test_empty_file(self):
        assert problems_of("") == ["Line 1: The file is empty."]
        assert problems_of(f"{HEADER}\n") == ["Line 1: The file has no rows."]

    def test_oblast_with_a_parent_and_a_bad_parent_code(self):
        problems = problems_of(
            f"""\
            {HEADER}
            41704000000000,Нарынская область,oblast_or_republican_city,41708000000000
            41704235000000,Кочкорский район,rayon_or_oblast_city,4170400000000X
            """
        )
        assert problems == [
            "Line 2: An oblast-level unit has no parent.",
            "Line 3: The parent code “4170400000000X” is not 14 digits.",
        ]

    def test_overlapping_versions_and_unknown_predecessors(self):
        problems = problems_of(
            """\
            coate,name_ru,level,parent_coate,valid_from,valid_to,predecessors
            41704000000000,Нарынская область,oblast_or_republican_city,,2000-01-01,,
            41704000000000,Нарынская область,oblast_or_republican_city,,2010-01-01,,
            41708000000000,Чуйская область,oblast_or_republican_city,,2024-01-01,,41799999000000
            41707000000000,Таласская область,oblast_or_republican_city,,,,41799999000000
            """
        )
        assert problems == [
            "Line 2: The code 41704000000000 has another version valid at the same time.",
            "Line 3: The code 41704000000000 has another version valid at the same time.",
            "Line 4: The predecessor 41799999000000 has no version that ended before 2024-01-01.",
            "Line 5: A unit formed from predecessors needs its valid_from date.",
        ]

    def test_a_version_overlapping_one_in_the_database(self):
        territory_import_csv(file=csv_file(GOOD), valid_from=None)
        problems = problems_of(
            """\
            coate,name_ru,level,parent_coate,valid_from
            41704000000000,Нарынская область,oblast_or_republican_city,,2024-01-01
            """
        )
        assert problems == ["Line 2: The code 41704000000000 has another version valid at the same time."]
        assert Unit.objects.count() == 4

    def test_messages_are_translated(self):
        with pytest.raises(TerritoryImportError) as caught:
            territory_import_csv(
                file=csv_file(f"{HEADER}\n1,Нарын,oblast_or_republican_city,\n"), valid_from=None
            )
        with translation.override("ru"):
            assert str(caught.value.problems[0]) == "Строка 2: Код СОАТЕ «1» не состоит из 14 цифр."
        with translation.override("ky"):
            assert str(caught.value.problems[0]).startswith("2-сап:")

    def test_a_database_failure_midway_leaves_nothing(self, monkeypatch):
        from kenesh.territory import services

        calls = {"n": 0}
        real = services.Unit.objects.bulk_create

        def fail_on_second_level(objs, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
            return real(objs, **kwargs)

        monkeypatch.setattr(services.Unit.objects, "bulk_create", fail_on_second_level)
        with pytest.raises(RuntimeError):
            territory_import_csv(file=csv_file(GOOD), valid_from=None)
        assert Unit.objects.count() == 0

    def test_the_command_lists_problems_and_fails(self, tmp_path):
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{HEADER}\n123,X,oblast_or_republican_city,\n456,Y,oblast_or_republican_city,\n")
        err = io.StringIO()
        with pytest.raises(CommandError, match="2 problem"), translation.override("en"):
            call_command("import_territory", str(bad), stderr=err)
        assert "Line 2:" in err.getvalue() and "Line 3:" in err.getvalue()
        assert Unit.objects.count() == 0
