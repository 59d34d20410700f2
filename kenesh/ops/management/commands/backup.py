"""manage.py backup FILE: the database and its manifest (row counts, digests), read in one snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kenesh.ops.backup import backup_write


class Command(BaseCommand):
    help = "Back up the database to FILE (pg_dump custom format, or a SQLite copy) with FILE.manifest.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_write(options["file"])
        except (OSError, NotImplementedError) as error:
            raise CommandError(f"backup failed: {error}") from error
        rows = sum(manifest["tables"].values())
        digests = sum(len(found) for found in manifest["digests"].values())
        self.stdout.write(f"backed up {len(manifest['tables'])} tables, {rows} rows, {digests} digests")
