"""Read-only admin of subscriptions: people opt in and out themselves (the page, the link, STOP)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.notices.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["municipality", "channel", "language", "created_at", "cancelled_at"]
    list_filter = ["channel", "language"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
