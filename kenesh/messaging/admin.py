"""The outbox and inbox in the admin, for reading: messages are written by the services only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.messaging.models import InboundSms, OutboundSms


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboundSms)
class OutboundSmsAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "municipality", "status", "attempts", "text"]
    list_filter = ["status"]
    list_select_related = ["municipality"]
    search_fields = ["to", "text", "reference", "gateway_reference"]
    date_hierarchy = "created_at"


@admin.register(InboundSms)
class InboundSmsAdmin(ReadOnlyAdmin):
    # The text of a secret keyword's message (a ballot) was never stored: `redacted` says so.
    list_display = ["received_at", "sender", "keyword", "municipality", "handled", "redacted", "text"]
    list_filter = ["handled", "keyword", "redacted"]
    search_fields = ["sender", "text"]
    date_hierarchy = "received_at"
    list_select_related = ["reply", "municipality"]
