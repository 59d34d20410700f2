"""Send the subscriptions' expiry reminders that are due and not sent yet (each is sent once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kenesh.subscriptions.reminders import reminders_sweep


class Command(BaseCommand):
    help = (
        "Send the expiry reminders of subscriptions that are due (30 and 7 days before the end), once each."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_sweep()
        self.stdout.write(f"{sent} reminder(s) sent")
