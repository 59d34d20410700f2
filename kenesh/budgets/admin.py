"""Read-only admin of budgets and the classification: changes go through the office pages and the import
command, which audit them or keep row-numbered errors."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.budgets.models import Budget, BudgetLine, BudgetVersion, Classification


class ReadOnly:
    """Lists and shows, never writes: for model admins and inlines alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Classification)
class ClassificationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["kind", "code", "name_ru", "name_ky", "revenue_group", "is_own_revenue", "valid"]
    list_filter = ["kind", "revenue_group", "is_own_revenue", "valid"]
    search_fields = ["code", "name_ru", "name_ky", "name_en"]


class BudgetVersionInline(ReadOnly, admin.TabularInline):
    model = BudgetVersion
    fields = ["kind", "number", "period", "date", "act_title", "published_at"]


@admin.register(Budget)
class BudgetAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["municipality", "year", "population"]
    list_filter = ["year"]
    search_fields = ["municipality__name_ru", "municipality__coate"]
    list_select_related = ["municipality"]
    inlines = [BudgetVersionInline]


class BudgetLineInline(ReadOnly, admin.TabularInline):
    model = BudgetLine
    fields = ["direction", "code", "economic", "amount", "over_plan", "note"]


@admin.register(BudgetVersion)
class BudgetVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["budget", "kind", "number", "period", "date", "published_at"]
    list_filter = ["kind", "period"]
    list_select_related = ["budget__municipality"]
    inlines = [BudgetLineInline]
