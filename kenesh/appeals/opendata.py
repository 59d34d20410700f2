"""Open data of appeals, anonymised: no name, phone, email or address, and the text only where the citizen
agreed to publish it. Responsiveness figures are aggregates per municipality.

Addresses (no language prefix):
    /appeals/data/appeals.csv   and .json    every appeal (?coate=14 digits, ?year=YYYY narrow it)
    /appeals/data/figures.csv   and .json    per municipality: appeals, answered, median working days,
                                             shares on time and solved (?year=, ?oblast=, ?rayon= by id)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from kenesh.appeals.models import Appeal
from kenesh.appeals.selectors import Figures

APPEAL_FIELDS = (
    "municipality_coate",
    "registration_number",
    "year",
    "category",
    "village_coate",
    "channel",
    "status",
    "received_on",
    "due_on",
    "extended",
    "extension_reason",
    "answered_on",
    "on_time",
    "overdue",
    "redirected_to",
    "solved",
    "text",
    "answer",
)
FIGURE_FIELDS = (
    "municipality_coate",
    "municipality_name_ky",
    "municipality_name_ru",
    "appeals",
    "answered",
    "median_working_days",
    "on_time_share",
    "marked",
    "solved_share",
)


def appeal_row(appeal: Appeal) -> dict[str, Any]:
    """One appeal as open data (the tracking code is private too: it would let anyone mark it solved)."""
    return {
        "municipality_coate": appeal.municipality.coate,
        "registration_number": appeal.registration_number,
        "year": appeal.year,
        "category": appeal.category.slug,
        "village_coate": appeal.village.coate if appeal.village is not None else "",
        "channel": appeal.channel,
        "status": appeal.status,
        "received_on": appeal.received_on.isoformat(),
        "due_on": appeal.due_on.isoformat(),
        "extended": appeal.extended_at is not None,
        "extension_reason": appeal.extension_reason,
        "answered_on": appeal.answered_at.date().isoformat() if appeal.answered_at else "",
        "on_time": appeal.on_time,
        "overdue": appeal.overdue_at is not None,
        "redirected_to": appeal.redirected_to,
        "solved": appeal.solved,
        "text": appeal.text if appeal.publish_text else "",
        "answer": appeal.answer,
    }


def figure_row(row: Figures) -> dict[str, Any]:
    unit = row.extra.get("municipality")
    return {
        "municipality_coate": getattr(unit, "coate", ""),
        "municipality_name_ky": getattr(unit, "name_ky", ""),
        "municipality_name_ru": getattr(unit, "name_ru", ""),
        **row.as_dict(),
    }


def csv_text(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> str:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return output.getvalue()
