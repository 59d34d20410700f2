"""Writes: LSG bodies, councils and deputies, their rules, and one audit entry per change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kenesh.audit.models import AuditEntry
from kenesh.territory.demo import KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Council, ExecutiveBody, Level, Municipality, Settlement, Sex, Unit
from kenesh.territory.services import (
    council_update,
    deputy_add,
    deputy_end_term,
    executive_body_update,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def municipality() -> Unit:
    rayon = Unit.objects.create(coate="41704235000000", level=Level.RAYON, name_ru="Кочкорский район")
    unit = Unit.objects.create(
        coate="41704235825000", level=Level.MUNICIPALITY, name_ru="Кум-Дебе", parent=rayon
    )
    Unit.objects.create(coate="41704235825010", level=Level.SETTLEMENT, name_ru="Кум-Дебе", parent=unit)
    return unit


def test_bodies_are_created_then_changed_with_one_audit_entry_each(municipality):
    executive_body_update(actor=None, municipality=municipality, name_ky="Кум-Дөбө айыл өкмөтү", name_ru="АО")
    executive_body_update(actor=None, municipality=municipality, name_ky="Кум-Дөбө айыл өкмөтү", name_ru="АО")
    executive_body_update(
        actor=None,
        municipality=municipality,
        name_ky="Кум-Дөбө айыл өкмөтү",
        name_ru="АО",
        phone="0555 123 456",
    )
    council = council_update(actor=None, municipality=municipality, name_ky="Кеңеш", name_ru="Кенеш", seats=3)
    assert ExecutiveBody.objects.get().phone == "0555 123 456"
    assert council.seats == 3
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "territory.executive.create",
        "territory.executive.update",
        "territory.council.create",
    ]
    assert AuditEntry.objects.filter(municipality_coate="41704235825000").count() == 3


def test_a_bad_phone_is_refused_and_nothing_is_written(municipality):
    with pytest.raises(ValidationError) as caught:
        executive_body_update(
            actor=None, municipality=municipality, name_ky="А", name_ru="А", phone="call me"
        )
    assert "phone" in caught.value.error_dict
    assert not ExecutiveBody.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.fixture
def english():
    # The messages below are matched in English; the default language is Kyrgyz.
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_seats_limit_the_serving_deputies(municipality):
    council = council_update(actor=None, municipality=municipality, name_ky="К", name_ru="К", seats=2)
    deputy_add(
        actor=None, council=council, full_name="Асанова Айгүл", sex=Sex.FEMALE, term_start=D(2024, 11, 17)
    )
    deputy_add(
        actor=None, council=council, full_name="Токтогулов Азамат", sex=Sex.MALE, term_start=D(2024, 11, 17)
    )
    with pytest.raises(ValidationError, match="All 2 seats"):
        deputy_add(actor=None, council=council, full_name="Үчүнчү", sex=Sex.MALE, term_start=D(2024, 11, 17))
    # A past mandate takes no seat today.
    deputy_add(
        actor=None,
        council=council,
        full_name="Мурунку Депутат",
        sex=Sex.MALE,
        term_start=D(2021, 4, 11),
        term_end=D(2024, 11, 16),
    )
    with pytest.raises(ValidationError, match="2 deputies are serving"):
        council_update(actor=None, municipality=municipality, name_ky="К", name_ru="К", seats=1)
    assert Council.objects.get().deputies.count() == 3


@pytest.mark.usefixtures("english")
def test_constituency_must_be_a_village_of_the_municipality(demo):
    council = Council.objects.get(municipality__coate=KUM_DOBO)
    deputy = council.deputies.serving_on().first()
    deputy_end_term(actor=None, deputy=deputy, term_end=D(2025, 1, 1))
    elsewhere = Settlement.objects.filter(parent__coate=SEMIZ_BEL).first()
    with pytest.raises(ValidationError, match="not in this municipality"):
        deputy_add(
            actor=None,
            council=council,
            full_name="Бөтөн Айылдан",
            sex=Sex.MALE,
            term_start=D(2025, 1, 2),
            constituency=elsewhere,
        )


def test_ending_a_term_is_audited_and_checked(demo):
    deputy = Council.objects.get(municipality__coate=KUM_DOBO).deputies.serving_on().first()
    with pytest.raises(ValidationError):
        deputy_end_term(actor=None, deputy=deputy, term_end=D(2020, 1, 1))
    deputy_end_term(actor=None, deputy=deputy, term_end=D(2025, 3, 1))
    entry = AuditEntry.objects.get(action="territory.deputy.end_term")
    assert entry.changes == {"term_end": {"before": None, "after": "2025-03-01"}}
    assert entry.municipality_coate == KUM_DOBO
    assert Municipality.objects.current().get(coate=KUM_DOBO).council.deputies.serving_on().count() == 14
