"""Compile every app's translation catalogue (.po to .mo) in pure Python, so GNU gettext is not needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand, CommandParser

import kenesh

PACKAGE_DIR = Path(kenesh.__file__).resolve().parent


def catalogue_paths(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every `kenesh/<app>/locale/<language>/LC_MESSAGES/django.po`, in a stable order."""
    return sorted(package_dir.glob("*/locale/*/LC_MESSAGES/django.po"))


def catalogue_compile(po_path: Path) -> Path:
    """Write the .mo beside `po_path`; fuzzy entries are left out, as msgfmt does."""
    language = po_path.parent.parent.name
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale=language, domain="django")
    mo_path = po_path.with_suffix(".mo")
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalogue, use_fuzzy=False)
    return mo_path


class Command(BaseCommand):
    help = "Compile kenesh/*/locale/*/LC_MESSAGES/django.po into .mo files (no gettext needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Skip a catalogue whose .mo is newer than its .po.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in catalogue_paths():
            mo_path = po_path.with_suffix(".mo")
            if (
                options["if_changed"]
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            catalogue_compile(po_path)
            compiled += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path.relative_to(PACKAGE_DIR.parent)}")
        if options["verbosity"] > 0:
            self.stdout.write(f"{compiled} catalogue(s) compiled")
