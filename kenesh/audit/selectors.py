"""Reading the audit log, limited to what the viewer may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kenesh.audit.models import AuditEntry

VIEW_PERMISSION = "audit.view_log"


def audit_list(
    *,
    viewer: Any,
    municipality: Any = None,
    actor_label: str = "",
    action: str = "",
) -> QuerySet[AuditEntry]:
    """Entries newest first, with actor and target type loaded (one query per page).

    Without a municipality the viewer needs the country-wide permission; with one, the permission for
    that municipality. Anyone else gets an empty list. `action` matches a code or a dotted prefix of it.
    """
    entries = AuditEntry.objects.select_related("actor", "target_type")
    if municipality is not None:
        if not (viewer.has_perm(VIEW_PERMISSION) or viewer.has_perm(VIEW_PERMISSION, municipality)):
            return entries.none()
        entries = entries.filter(municipality_coate=municipality.coate)
    elif not viewer.has_perm(VIEW_PERMISSION):
        return entries.none()
    if actor_label:
        entries = entries.filter(actor_label__icontains=actor_label)
    if action:
        entries = entries.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    return entries
