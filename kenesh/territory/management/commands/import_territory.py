"""`manage.py import_territory FILE.csv`: import СОАТЕ units; report every bad row, or write them all."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kenesh.territory.importer import TerritoryImportError
from kenesh.territory.services import territory_import_csv


class Command(BaseCommand):
    help = "Import territorial units from a СОАТЕ CSV file (coate,name_ru,level,parent_coate,...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument(
            "--valid-from",
            type=datetime.date.fromisoformat,
            default=None,
            help="date (YYYY-MM-DD) for rows without valid_from; default: since before our records",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = territory_import_csv(file=options["file"], valid_from=options["valid_from"])
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        except TerritoryImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s); nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.total} units: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
