"""manage.py load_demo: fill the database with the demo municipalities, people and messages (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kenesh.ops.demo import demo_loaders


class Command(BaseCommand):
    help = "Load the demo data of every app, in order; running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even though DJANGO_SECURE is set (a public demo server).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo people have published passwords and second-factor codes: never load them by accident
        # on a real server.
        if settings.SECURE and not options["allow_production"]:
            raise CommandError(
                "Refusing to load the demo data on a production server (DJANGO_SECURE is set): its people "
                "have published passwords. Use --allow-production for a public demo server."
            )
        for module, load_demo in demo_loaders():
            if load_demo is None:
                self.stderr.write(self.style.WARNING(f"Skipped {module}: the module does not exist yet."))
                continue
            with transaction.atomic():
                load_demo()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Loaded {module}")
