"""Read-only admin of hearings: changes go through the office pages, which check and audit them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.hearings.models import Hearing, HearingPolicy, HearingProposal


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProposalInline(ReadOnly, admin.TabularInline):
    model = HearingProposal
    fields = ["number", "kind", "text_ky", "text_ru", "status", "answered_on", "budget_line_key"]
    extra = 0


@admin.register(Hearing)
class HearingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["municipality", "kind", "date", "notice_date", "participants", "women"]
    list_filter = ["kind", "year"]
    search_fields = ["municipality__name_ru", "municipality__coate", "title_ky", "title_ru"]
    list_select_related = ["municipality"]
    inlines = [ProposalInline]


@admin.register(HearingPolicy)
class HearingPolicyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["municipality", "notice_days", "answer_days"]
