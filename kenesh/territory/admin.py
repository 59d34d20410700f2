"""Read-only admin of territories and LSG bodies: changes go through the office pages, which audit them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.territory.models import Council, Deputy, ExecutiveBody, Unit


class ReadOnly:
    """Lists and shows, never writes: for model admins and inlines alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["coate", "name_ru", "name_ky", "level", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["coate", "name_ru", "name_ky", "name_en"]
    list_select_related = ["parent"]


@admin.register(ExecutiveBody)
class ExecutiveBodyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name_ru", "head", "phone", "updated_at"]
    list_select_related = ["municipality"]


class DeputyInline(ReadOnly, admin.TabularInline):
    model = Deputy
    fields = ["full_name", "sex", "term_start", "term_end", "party"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name_ru", "seats", "updated_at"]
    inlines = [DeputyInline]
