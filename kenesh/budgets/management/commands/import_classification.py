"""`manage.py import_classification FILE.csv`: update the budget classification, all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kenesh.budgets.classification import ClassificationError
from kenesh.budgets.services import classification_import


class Command(BaseCommand):
    help = (
        "Update the budget classification from a CSV file with the columns of "
        "kenesh/budgets/data/classification.csv (code,kind,parent_code,revenue_group,is_own_revenue,"
        "name_ky,name_ru,name_en)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the CSV file (UTF-8)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            counts = classification_import(actor=None, text=text, source=path.name)
        except ClassificationError as error:
            for row, reason in error.errors:
                self.stderr.write(f"row {row}: {reason}")
            raise CommandError(f"{len(error.errors)} bad row(s); nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Classification updated: {counts['created']} new, {counts['updated']} changed, "
                f"{counts['retired']} no longer valid."
            )
        )
