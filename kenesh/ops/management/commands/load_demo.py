"""manage.py load_demo: fill the database with the demo municipalities, people and messages (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kenesh.ops.demo import demo_loaders


class Command(BaseCommand):
    help = "Load the demo data of every app, in order; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        for module, load_demo in demo_loaders():
            if load_demo is None:
                self.stderr.write(self.style.WARNING(f"Skipped {module}: the module does not exist yet."))
                continue
            with transaction.atomic():
                load_demo()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Loaded {module}")
