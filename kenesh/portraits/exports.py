"""The national dashboard as CSV and XLSX: the rows and columns of the page, values as published (the
"fewer than 5" rule applied), numbers unformatted (shares as fractions) so a spreadsheet can compute."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from kenesh.portraits.selectors import Dashboard, fewer_than_five


def _table(data: Dashboard) -> list[list[Any]]:
    header: list[Any] = [_("СОАТЕ code"), _("Municipality"), _("Rayon"), _("Oblast"), _("Year")]
    header += [str(item.name) for item in data.indicators]
    if data.selected is not None:
        header.append(_("Change from the year before: %(name)s") % {"name": data.selected.name})
    rows = [header]
    for row in data.rows:
        line: list[Any] = [row.unit.coate, row.name, row.rayon, row.oblast, data.year]
        for cell in row.cells:
            line.append(
                fewer_than_five() if cell.small else (None if cell.value is None else float(cell.value))
            )
        if data.selected is not None:
            line.append(None if row.change is None else float(row.change))
        rows.append(line)
    return rows


def dashboard_csv(data: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in _table(data):
        writer.writerow(["" if value is None else value for value in line])
    return out.getvalue()


def dashboard_xlsx(data: Dashboard) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(data.year or "")
    for line in _table(data):
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
