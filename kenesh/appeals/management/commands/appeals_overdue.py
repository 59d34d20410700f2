"""manage.py appeals_overdue: escalate now every open appeal past its deadline (the worker's scheduled checks
do it at each deadline; this is the safety net, e.g. after restoring a backup)."""

from typing import Any

from django.core.management.base import BaseCommand

from kenesh.appeals.overdue import appeals_overdue_sweep


class Command(BaseCommand):
    help = "Escalate every open appeal past its deadline to the head of its body, and mark it overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{appeals_overdue_sweep()} appeal(s) escalated.")
