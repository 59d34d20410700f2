"""Writing the audit log.

Call `audit_record` inside the same database transaction as the change it describes (the caller's
`transaction.atomic` block), so that the entry exists exactly when the change does: a change that rolls
back leaves no entry, and no change is committed without one. It refuses to run outside a transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from kenesh.audit.models import AuditEntry
from kenesh.ops.middleware import current_client_ip


class AuditOutsideTransaction(RuntimeError):
    """audit_record was called in autocommit mode, where the entry could outlive a failed change."""


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None,
    municipality: Any = None,
    changes: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    `actor` is the user who acted (None or an anonymous user for the system); `action` a dotted code such
    as ``"territory.deputy.update"``; `target` the changed object; `municipality` a Municipality (or its
    СОАТЕ code) the change belongs to; `changes` maps each changed field to ``{"before": ..., "after": ...}``
    (see `audit_changes`). The client address defaults to the one of the request being served.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction("audit_record must be called inside the transaction of the change.")
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_person else None,
        actor_label=actor.get_username()[:200] if is_person else "",
        action=action,
        municipality_coate=_coate_of(municipality),
        changes=dict(changes or {}),
        ip_address=ip_address or current_client_ip(),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:300]
    entry.save(force_insert=True)
    return entry


def change_recorded_receive(sender: Any, signal: Any = None, **change: Any) -> AuditEntry:
    """Write a change that territory or accounts announced (kenesh.ops.events.change_record)."""
    return audit_record(**change)


def audit_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose value differs between two snapshots, as ``{field: {"before": a, "after": b}}``."""
    return {
        field: {"before": before.get(field), "after": after.get(field)}
        for field in sorted(set(before) | set(after))
        if before.get(field) != after.get(field)
    }


def _coate_of(municipality: Any) -> str:
    if municipality is None:
        return ""
    if isinstance(municipality, str):
        return municipality
    return str(municipality.coate)
