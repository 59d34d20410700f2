"""Checklist templates are data: administrators edit their questions and scale here."""

from django.contrib import admin

from kenesh.monitoring.models import ChecklistQuestion, ChecklistTemplate


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ChecklistQuestion
    extra = 1


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "service", "name_ru", "scale_min", "scale_max")
    inlines = [QuestionInline]
