"""Open data of public hearings: CSV and JSON, the same records the API gives.

Addresses (no language prefix):
    /hearings/data/hearings.csv|json              every public hearing, with its attendance
    /hearings/data/proposals.csv|json             every proposal raised at one, with its answer
    /hearings/data/<coate>/hearings.csv|json      the same for one municipality (and proposals)
Licence CC-BY-4.0 as the budgets; Last-Modified is the latest change of a hearing, its proposals or its
documents. No personal data: an attendance group of 1 to 4 people is written "<5" (fewer than 5).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from kenesh.hearings.models import Hearing, HearingProposal
from kenesh.hearings.selectors import small_group

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
FEWER_THAN_5 = "<5"
GROUPS = ("women", "men", "youth", "elderly", "disabled", "minorities")

HEARING_COLUMNS = (
    "id",
    "coate",
    "municipality",
    "kind",
    "title_ky",
    "title_ru",
    "date",
    "venue",
    "online_url",
    "notice_date",
    "notice_days",
    "notice_days_required",
    "budget_year",
    "budget_version",
    "attendance_recorded",
    "participants",
    *GROUPS,
    "officials",
    "proposals",
    "proposals_accepted",
    "proposals_unanswered",
)
PROPOSAL_COLUMNS = (
    "hearing_id",
    "coate",
    "number",
    "kind",
    "text_ky",
    "text_ru",
    "raised_by",
    "status",
    "answer_ky",
    "answer_ru",
    "answered_on",
    "answered_on_time",
    "budget_year",
    "budget_line_key",
    "plan_item_id",
    "plan_item_url",
)


def published_count(value: int) -> int | str:
    """A group's count as published: "<5" for 1 to 4 people."""
    shown = small_group(value)
    return FEWER_THAN_5 if shown is None else shown


def hearing_record(hearing: Hearing) -> dict[str, Any]:
    version = hearing.budget_version
    proposals = list(hearing.proposals.all())
    recorded = hearing.attendance_recorded
    record: dict[str, Any] = {
        "id": hearing.pk,
        "coate": hearing.municipality.coate,
        "municipality": hearing.municipality.name_ru,
        "kind": hearing.kind,
        "title_ky": hearing.title_ky,
        "title_ru": hearing.title_ru,
        "date": hearing.date.isoformat(),
        "venue": hearing.venue,
        "online_url": hearing.online_url,
        "notice_date": hearing.notice_date.isoformat(),
        "notice_days": hearing.notice_days_given,
        "notice_days_required": hearing.notice_days_required,
        "budget_year": version.budget.year if version is not None else None,
        "budget_version": (version.kind + (f"-{version.number}" if version.number else ""))
        if version
        else None,
        "attendance_recorded": recorded,
        "participants": hearing.participants if recorded else None,
    }
    for name in GROUPS:
        record[name] = published_count(getattr(hearing, name)) if recorded else None
    record["officials"] = hearing.officials if recorded else None
    record["proposals"] = len(proposals)
    record["proposals_accepted"] = sum(1 for item in proposals if item.status in ("accepted", "partly"))
    record["proposals_unanswered"] = sum(1 for item in proposals if not item.is_answered)
    return record


def proposal_record(hearing: Hearing, proposal: HearingProposal) -> dict[str, Any]:
    version = proposal.budget_line_version_id and proposal.budget_line_version
    return {
        "hearing_id": hearing.pk,
        "coate": hearing.municipality.coate,
        "number": proposal.number,
        "kind": proposal.kind,
        "text_ky": proposal.text_ky,
        "text_ru": proposal.text_ru,
        "raised_by": proposal.raised_by,
        "status": proposal.status,
        "answer_ky": proposal.answer_ky,
        "answer_ru": proposal.answer_ru,
        "answered_on": proposal.answered_on.isoformat() if proposal.answered_on else None,
        "answered_on_time": proposal.answered_on is not None and proposal.answered_on <= hearing.answer_due,
        "budget_year": version.budget.year if version else None,
        "budget_line_key": proposal.budget_line_key,
        "plan_item_id": proposal.plan_item_id,
        "plan_item_url": proposal.plan_item_url or None,
    }


def proposal_records(hearings: Iterable[Hearing]) -> list[dict[str, Any]]:
    return [
        proposal_record(hearing, proposal) for hearing in hearings for proposal in hearing.proposals.all()
    ]


def hearings_json(hearings: Iterable[Hearing]) -> dict[str, Any]:
    """Hearings with their proposals nested, and the licence."""
    items = []
    for hearing in hearings:
        record = hearing_record(hearing)
        record["proposal_list"] = [proposal_record(hearing, proposal) for proposal in hearing.proposals.all()]
        items.append(record)
    return {"licence": LICENCE, "fewer_than_5": FEWER_THAN_5, "hearings": items}


def proposals_json(hearings: Iterable[Hearing]) -> dict[str, Any]:
    return {"licence": LICENCE, "proposals": proposal_records(hearings)}


def to_csv(columns: tuple[str, ...], records: Iterable[dict[str, Any]]) -> str:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({name: "" if record[name] is None else record[name] for name in columns})
    return output.getvalue()


def hearings_csv(hearings: Iterable[Hearing]) -> str:
    return to_csv(HEARING_COLUMNS, (hearing_record(hearing) for hearing in hearings))


def proposals_csv(hearings: Iterable[Hearing]) -> str:
    return to_csv(PROPOSAL_COLUMNS, proposal_records(hearings))
