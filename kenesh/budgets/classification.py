"""Reading the budget classification CSV and applying it to the table, row by row with row-numbered errors.

Used by the data migration (with the historical model) and by ``manage.py import_classification``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "classification.csv"
COLUMNS = ("code", "kind", "parent_code", "revenue_group", "is_own_revenue", "name_ky", "name_ru", "name_en")
KINDS = ("revenue", "function", "economic")
REVENUE_GROUPS = ("tax", "non_tax", "equalization", "categorical", "other_transfer")
YES = ("yes", "1", "true", "да", "ооба")
NO = ("no", "0", "false", "", "нет", "жок")


class ClassificationError(ValueError):
    """The file has bad rows; `errors` lists (row number, reason)."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{row}: {reason}" for row, reason in errors))


@dataclass(frozen=True)
class ClassificationRow:
    row: int
    code: str
    kind: str
    parent_code: str
    revenue_group: str
    is_own_revenue: bool
    name_ky: str
    name_ru: str
    name_en: str


def classification_rows_read(text: str) -> list[ClassificationRow]:
    """Parse and check the CSV text; raise ClassificationError listing every bad row (row 1 is the header)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ClassificationError([(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})])
    errors: list[tuple[int, str]] = []
    rows: list[ClassificationRow] = []
    seen: set[tuple[str, str]] = set()
    for number, record in enumerate(reader, start=2):
        values = {key: (value or "").strip() for key, value in record.items() if key}
        code, kind, parent_code = values["code"], values["kind"], values["parent_code"]
        group, own = values["revenue_group"], values["is_own_revenue"].lower()
        problem = None
        if not code or len(code) > 16 or not code.isalnum():
            problem = _("The code must be 1 to 16 letters or digits.")
        elif kind not in KINDS:
            problem = _("Unknown kind “%(kind)s”.") % {"kind": kind}
        elif (kind, code) in seen:
            problem = _("The code %(code)s appears twice.") % {"code": code}
        elif parent_code and (kind, parent_code) not in seen:
            problem = _("The parent %(code)s must come earlier in the file.") % {"code": parent_code}
        elif kind == "revenue" and group and group not in REVENUE_GROUPS:
            problem = _("Unknown revenue group “%(group)s”.") % {"group": group}
        elif kind != "revenue" and group:
            problem = _("Only revenue codes have a revenue group.")
        elif own not in YES + NO:
            problem = _("Own revenue must be yes or no.")
        elif not values["name_ru"]:
            problem = _("The Russian name is required.")
        if problem:
            errors.append((number, problem))
            continue
        seen.add((kind, code))
        rows.append(
            ClassificationRow(
                row=number,
                code=code,
                kind=kind,
                parent_code=parent_code,
                revenue_group=group,
                is_own_revenue=own in YES,
                name_ky=values["name_ky"],
                name_ru=values["name_ru"],
                name_en=values["name_en"],
            )
        )
    if errors:
        raise ClassificationError(errors)
    return rows


def classification_apply(model: Any, rows: list[ClassificationRow]) -> dict[str, int]:
    """Create or update every code of `rows` (by kind and code) in `model`'s table, in file order; codes of
    the table that the file leaves out stay (old lines point to them) but are marked no longer valid.

    `model` is the Classification class (the historical one in a migration). Call inside a transaction.
    """
    existing = {(item.kind, item.code): item for item in model.objects.all()}
    created = updated = 0
    listed: set[tuple[str, str]] = set()
    for order, row in enumerate(rows, start=1):
        key = (row.kind, row.code)
        listed.add(key)
        parent = existing[(row.kind, row.parent_code)] if row.parent_code else None
        fields = {
            "parent": parent,
            "revenue_group": row.revenue_group,
            "is_own_revenue": row.is_own_revenue,
            "name_ky": row.name_ky,
            "name_ru": row.name_ru,
            "name_en": row.name_en,
            "sort_order": order * 10,
            "valid": True,
        }
        item = existing.get(key)
        if item is None:
            item = model.objects.create(kind=row.kind, code=row.code, **fields)
            existing[key] = item
            created += 1
        elif any(getattr(item, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(item, name, value)
            item.save()
            updated += 1
    withdrawn = model.objects.filter(valid=True).exclude(
        pk__in=[item.pk for key, item in existing.items() if key in listed]
    )
    retired = withdrawn.update(valid=False)
    return {"created": created, "updated": updated, "retired": retired}
