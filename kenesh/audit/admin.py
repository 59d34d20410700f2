"""The audit log in the admin: readable, never editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["time", "actor_label", "action", "target_repr", "municipality_coate"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_repr", "municipality_coate"]
    date_hierarchy = "time"
    list_select_related = ["actor", "target_type"]

    # The log is append-only: entries come from audit_record and nobody edits or deletes them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
