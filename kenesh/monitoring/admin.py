"""Checklist templates in the Django admin, to read only: they are edited in the office
(monitoring:office_checklists, kenesh.monitoring.services.checklist_save), where a recorded visit's questions
and scale are kept as they were scored; an admin form would let anyone reword them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.monitoring.models import ChecklistQuestion, ChecklistTemplate


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ChecklistQuestion
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "service", "name_ru", "scale_min", "scale_max")
    inlines = [QuestionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
