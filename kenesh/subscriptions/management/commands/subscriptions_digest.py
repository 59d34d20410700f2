"""Send this week's portal digest to the subscribers who chose it and have not had it this week."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kenesh.subscriptions.digest import digests_send
from kenesh.subscriptions.tasks import digest_schedule


class Command(BaseCommand):
    help = "Send this week's portal digest to the subscribers who chose it (never twice in one week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true", help="Also queue the weekly digest task.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send()
        self.stdout.write(f"{sent} digest(s) sent")
        if options["schedule"]:
            digest_schedule()
