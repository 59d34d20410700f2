"""Versioned units: the unit with a code on a date, history links, and the rules the database keeps."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from kenesh.territory.models import Level, Municipality, Settlement, Unit

D = datetime.date


def unit(coate: str, level: str = Level.MUNICIPALITY, **fields) -> Unit:
    fields.setdefault("name_ru", f"Unit {coate}")
    return Unit.objects.create(coate=coate, level=level, **fields)


@pytest.mark.django_db
class TestAsOf:
    def test_code_reused_after_a_reform_gives_the_version_of_each_date(self, django_assert_num_queries):
        old = unit("41704235812000", valid_to=D(2023, 12, 31))
        new = unit("41704235812000", valid_from=D(2024, 1, 1))
        with django_assert_num_queries(1):
            assert Unit.objects.filter(coate="41704235812000").as_of(D(2023, 12, 31)).get() == old
        assert Unit.objects.filter(coate="41704235812000").as_of(D(2024, 1, 1)).get() == new
        assert Unit.objects.filter(coate="41704235812000").as_of(D(2030, 1, 1)).get() == new
        assert Unit.objects.filter(coate="41704235812000").as_of(D(1995, 5, 1)).get() == old

    def test_a_unit_that_ended_is_not_current(self):
        ended = unit("41704235819000", valid_to=D(2023, 12, 31))
        assert not ended.is_current
        assert not Municipality.objects.current().filter(pk=ended.pk).exists()
        assert Municipality.objects.as_of(D(2020, 1, 1)).filter(pk=ended.pk).exists()

    def test_a_unit_not_yet_formed_is_not_valid(self):
        future = unit("41704235812000", valid_from=D(2099, 1, 1))
        assert not future.is_current
        assert not Unit.objects.current().filter(pk=future.pk).exists()

    def test_proxies_see_their_level_only(self):
        municipality = unit("41704235825000")
        village = unit("41704235825010", level=Level.SETTLEMENT, parent=municipality)
        assert list(Municipality.objects.all()) == [municipality]
        assert list(Settlement.objects.all()) == [village]
        assert list(Municipality.objects.get(pk=municipality.pk).settlements) == [village]


@pytest.mark.django_db
class TestHistory:
    def test_predecessors_and_successors(self):
        kara_suu = unit("41704235812000", valid_to=D(2023, 12, 31))
        kosh_dobo = unit("41704235819000", valid_to=D(2023, 12, 31))
        merged = unit("41704235812000", valid_from=D(2024, 1, 1))
        merged.predecessors.set([kara_suu, kosh_dobo])
        assert set(merged.predecessors.all()) == {kara_suu, kosh_dobo}
        assert list(kosh_dobo.successors.all()) == [merged]
        assert list(merged.successors.all()) == []


@pytest.mark.django_db
class TestConstraints:
    def test_coate_and_valid_from_are_unique(self):
        unit("41704235812000", valid_from=D(2024, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            unit("41704235812000", valid_from=D(2024, 1, 1), valid_to=D(2024, 2, 1))

    def test_only_one_undated_version_per_code(self):
        unit("41704235812000", valid_to=D(2020, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            unit("41704235812000", valid_to=D(2021, 1, 1))

    def test_only_one_open_version_per_code(self):
        unit("41704235812000", valid_from=D(2020, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            unit("41704235812000", valid_from=D(2024, 1, 1))

    def test_valid_to_not_before_valid_from(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            unit("41704235812000", valid_from=D(2024, 1, 1), valid_to=D(2023, 1, 1))


@pytest.mark.django_db
def test_name_follows_the_active_language_and_falls_back():
    from django.utils import translation

    named = unit("41704235825000", name_ky="Кум-Дөбө", name_ru="Кум-Дебе", name_en="")
    with translation.override("ru"):
        assert named.name == "Кум-Дебе"
    with translation.override("ky"):
        assert named.name == "Кум-Дөбө"
    with translation.override("en"):
        assert named.name == "Кум-Дөбө"  # no English name: Kyrgyz first
