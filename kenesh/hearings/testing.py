"""Helpers for tests of every app: a hearing (and its proposals) in one call, without the service's checks.

from kenesh.hearings.testing import hearing_make
hearing = hearing_make(municipality, datetime.date(2025, 6, 20), proposals=["Build a water pipe"])
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from kenesh.hearings.models import DEFAULT_NOTICE_DAYS, Hearing, HearingKind, HearingProposal


def hearing_make(
    municipality: Any,
    date: datetime.date,
    *,
    kind: str = HearingKind.DRAFT_BUDGET,
    notice_days: int = DEFAULT_NOTICE_DAYS + 2,
    proposals: Sequence[str] = (),
    **fields: Any,
) -> Hearing:
    hearing = Hearing(
        municipality=municipality,
        kind=kind,
        date=date,
        year=date.year,
        venue=fields.pop("venue", "Айыл өкмөтүнүн залы"),
        notice_date=date - datetime.timedelta(days=notice_days),
        notice_days_required=DEFAULT_NOTICE_DAYS,
        **fields,
    )
    hearing.due_date_set()
    hearing.save()
    for number, text in enumerate(proposals, start=1):
        HearingProposal.objects.create(hearing=hearing, number=number, text_ky=text, text_ru=text)
    return hearing
