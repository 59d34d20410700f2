"""Writing the audit log: what an entry records, and that it lives and dies with the change."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponse

from kenesh.accounts.testing import person_make
from kenesh.audit.models import AuditEntry, AuditEntryImmutable
from kenesh.audit.services import AuditOutsideTransaction, audit_changes, audit_record
from kenesh.ops.middleware import RequestLogMiddleware
from kenesh.territory.models import Municipality

pytestmark = pytest.mark.django_db


def test_records_actor_target_municipality_and_changes(municipality):
    actor = person_make(email="staff@kenesh.test")
    changes = audit_changes(
        {"name_ru": "Ак-Суу", "budget": Decimal("100.50"), "since": datetime.date(2024, 1, 1)},
        {"name_ru": "Аксуу", "budget": Decimal("100.50"), "since": datetime.date(2025, 1, 1)},
    )

    with transaction.atomic():
        entry = audit_record(
            actor=actor,
            action="territory.municipality.update",
            target=municipality,
            municipality=municipality,
            changes=changes,
        )

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == actor
    assert entry.actor_label == "staff@kenesh.test"
    assert entry.action == "territory.municipality.update"
    assert entry.target_type == ContentType.objects.get_for_model(Municipality, for_concrete_model=False)
    assert entry.target_id == str(municipality.pk)
    assert entry.target_repr == str(municipality)
    assert entry.municipality_coate == "41702215810000"
    assert entry.changes == {
        "name_ru": {"before": "Ак-Суу", "after": "Аксуу"},
        "since": {"before": "2024-01-01", "after": "2025-01-01"},
    }
    assert entry.ip_address is None


def test_system_actions_have_no_actor():
    with transaction.atomic():
        by_none = audit_record(actor=None, action="ops.demo.load", target=None)
        by_anonymous = audit_record(
            actor=AnonymousUser(), action="ops.demo.load", target=None, municipality="41702215810000"
        )

    for entry in (by_none, by_anonymous):
        assert (entry.actor, entry.actor_label, entry.target_type, entry.target_id) == (None, "", None, "")
    assert by_anonymous.municipality_coate == "41702215810000"


def test_entry_keeps_the_actors_name_after_the_account_is_gone():
    actor = person_make(email="gone@kenesh.test")
    with transaction.atomic():
        entry = audit_record(actor=actor, action="accounts.role.assign", target=None)
    actor.delete()

    entry.refresh_from_db()
    assert (entry.actor, entry.actor_label) == (None, "gone@kenesh.test")


def test_rolled_back_change_leaves_no_entry():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="x.y", target=None)
        raise RuntimeError("the change failed")

    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_refuses_to_run_outside_a_transaction():
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=None, action="x.y", target=None)
    assert not AuditEntry.objects.exists()


def test_records_the_address_of_the_request_being_served(rf):
    def view(request):
        with transaction.atomic():
            recorded.append(audit_record(actor=None, action="x.y", target=None))
        return HttpResponse()

    recorded: list[AuditEntry] = []
    RequestLogMiddleware(view)(rf.post("/ky/office/", REMOTE_ADDR="203.0.113.7"))
    with transaction.atomic():
        outside = audit_record(actor=None, action="x.y", target=None)

    assert recorded[0].ip_address == "203.0.113.7"
    assert outside.ip_address is None


def test_entries_cannot_be_changed_or_deleted():
    with transaction.atomic():
        entry = audit_record(actor=None, action="x.y", target=None)

    entry.action = "x.z"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    assert AuditEntry.objects.get().action == "x.y"


def test_change_list_reads_both_shapes():
    entry = AuditEntry(
        changes={"b": {"before": 1, "after": 2}, "a": "new", "items": {"before": None, "after": 3}}
    )

    assert entry.change_list() == [("a", None, "new"), ("b", 1, 2), ("items", None, 3)]


def test_changes_between_snapshots():
    assert audit_changes({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": {"before": 2, "after": 3}}
    assert audit_changes({"a": 1}, {}) == {"a": {"before": 1, "after": None}}
