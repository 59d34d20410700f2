"""The audit log names actions, fields and values in the reader's language instead of showing codes.

Before: `pb.process.phase`, `full_name`, `sex → male` as they are stored.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.labels import ACTION_LABELS, action_label
from kenesh.audit.services import audit_record
from kenesh.territory.models import Council, Deputy

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_entry(municipality):
    council = Council.objects.create(municipality=municipality, name_ky="Кеңеш", name_ru="Кенеш", seats=11)
    deputy = Deputy.objects.create(
        council=council, full_name="Асан Үсөнов", sex="male", term_start=datetime.date(2024, 11, 17)
    )
    with transaction.atomic():
        audit_record(
            actor=None,
            action="territory.deputy.update",
            target=deputy,
            municipality=municipality,
            changes={
                "full_name": {"before": "Асан", "after": "Асан Үсөнов"},
                "sex": {"before": "female", "after": "male"},
            },
        )
        audit_record(actor=None, action="pb.process.phase", target=None, municipality=municipality)
        audit_record(actor=None, action="some.future.code", target=None, municipality=municipality)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ky", ["Депутаттын маалыматы өзгөртүлдү", "Аты-жөнү", "аял → эркек", "Процесс башка этапка өттү"]),
        ("ru", ["Данные депутата изменены", "ФИО", "женщина → мужчина", "Процесс переведён на другой этап"]),
    ],
)
def test_the_log_shows_labels_not_codes(client, deputy_entry, language, expected):
    office_login(client, person_make(role=Role.ADMIN))
    page = client.get(f"/{language}/office/audit/").content.decode()
    for text in expected:
        assert text in page, text
    assert "<code>" not in page
    assert ">full_name<" not in page and "male →" not in page and "→ male" not in page
    assert "some.future.code" in page  # an unknown action is shown as it is, not hidden


def test_every_action_the_apps_write_has_a_label():
    assert action_label("pb.process.phase") != "pb.process.phase"
    assert all(ACTION_LABELS.values())
