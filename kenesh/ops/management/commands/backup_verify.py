"""manage.py backup_verify FILE: restore FILE into a scratch database and compare it with its manifest."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from kenesh.ops.backup import BackupMismatch, backup_verify


class Command(BaseCommand):
    help = "Restore a backup into a fresh scratch database and check every table's rows and every digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found = backup_verify(options["file"])
        except BackupMismatch as error:
            raise CommandError(f"the restored copy differs from the manifest:\n{error}") from error
        except subprocess.CalledProcessError as error:
            detail = (error.stderr or b"").decode("utf-8", "replace").strip()
            raise CommandError(f"the backup did not restore: {detail}") from error
        except (OSError, ValueError, DatabaseError) as error:
            raise CommandError(f"the backup could not be read: {error}") from error
        rows = sum(found["tables"].values())
        digests = sum(len(values) for values in found["digests"].values())
        self.stdout.write(
            f"restored and checked: {len(found['tables'])} tables, {rows} rows, {digests} digests"
        )
