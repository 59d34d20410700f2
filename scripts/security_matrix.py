"""Render the permission grid (tests/accounts/test_permission_matrix.py, checked against the rules there)
into docs/security.md: `python scripts/security_matrix.py` prints it, `--write` replaces it in the file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="replace the grid in docs/security.md")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kenesh.config.settings")
    import django

    django.setup()
    from tests.accounts.test_permission_matrix import DOC, DOC_END, DOC_START, matrix_markdown

    table = matrix_markdown()
    if not args.write:
        print(table)
        return 0
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(DOC_START), text.index(DOC_END) + len(DOC_END)
    DOC.write_text(text[:start] + table + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
