"""Open data of a published needs assessment: its priorities (overall, by sex, by group) and every group's
ranked problems, from which kenesh.needs.aggregation recomputes the priorities.

No personal data: sessions carry counts only, and a count of 1 to 4 people is written "fewer than 5" (a zero
stays 0: it points at nobody). A group type with fewer than 5 people in all shows no score.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from kenesh.needs.models import Campaign, GroupType, Priority, Problem, Session
from kenesh.needs.selectors import SMALL_GROUP

FEWER_THAN_5 = "fewer than 5"
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("CC0 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
METHOD = (
    "Borda points weighted by participants: in each session a problem's share is its points over all "
    "points placed (dot voting), or (R - rank + 1) over R(R+1)/2 for R ranked problems (rank order); its "
    "score is the share times the session's participants (women's score: times its women; men's: times its "
    "men; a group's: only that group's sessions); scores add up by category; rounded to 3 decimals at the "
    "end. Sessions of fewer than 5 people count in the scores but their size is not published."
)
PRIORITY_FIELDS = (
    ["rank", "category", "category_ky", "category_ru", "score", "score_women", "score_men"]
    + [f"group_{group}" for group in GroupType.values]
    + ["sessions"]
)
PROBLEM_FIELDS = [
    "session",
    "village_coate",
    "village",
    "held_on",
    "group_type",
    "method",
    "participants",
    "women",
    "men",
    "category",
    "points",
    "rank",
    "text_ky",
    "text_ru",
]


def masked(count: int) -> int | str:
    """A count of people as published."""
    return count if count == 0 or count >= SMALL_GROUP else FEWER_THAN_5


def _safe(text: str) -> str:
    """Free text a spreadsheet would run as a formula gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: Decimal | int | str) -> str:
    return str(Decimal(value).quantize(Decimal("0.001")))


def group_sizes(campaign: Campaign) -> dict[str, int]:
    return {
        row["group_type"]: row["people"] or 0
        for row in Session.objects.filter(campaign=campaign)
        .values("group_type")
        .annotate(people=Sum("participants"))
    }


def sex_sizes(campaign: Campaign) -> tuple[int, int]:
    totals = Session.objects.filter(campaign=campaign).aggregate(women=Sum("women"), men=Sum("men"))
    return totals["women"] or 0, totals["men"] or 0


def priority_rows(campaign: Campaign) -> list[dict[str, Any]]:
    """One row per ranked category, best first (three queries)."""
    sizes = group_sizes(campaign)
    women, men = sex_sizes(campaign)
    rows = []
    for priority in (
        Priority.objects.filter(campaign=campaign, rank__isnull=False)
        .select_related("category")
        .order_by("rank")
    ):
        row: dict[str, Any] = {
            "rank": priority.rank,
            "category": priority.category.key,
            "category_ky": priority.category.name_ky,
            "category_ru": priority.category.name_ru,
            "score": _number(priority.score),
            "score_women": _number(priority.score_women) if women >= SMALL_GROUP else FEWER_THAN_5,
            "score_men": _number(priority.score_men) if men >= SMALL_GROUP else FEWER_THAN_5,
            "sessions": priority.sessions,
        }
        for group in GroupType.values:
            size = sizes.get(group, 0)
            if size == 0:
                row[f"group_{group}"] = _number(0)
            elif size < SMALL_GROUP:
                row[f"group_{group}"] = FEWER_THAN_5
            else:
                row[f"group_{group}"] = _number(priority.by_group.get(group, "0"))
        rows.append(row)
    return rows


def problem_rows(campaign: Campaign) -> list[dict[str, Any]]:
    """Every ranked problem with its session's counts (two queries); sessions numbered 1, 2... by date."""
    sessions = list(
        Session.objects.filter(campaign=campaign).select_related("village").order_by("held_on", "id")
    )
    number = {session.pk: index for index, session in enumerate(sessions, start=1)}
    by_pk = {session.pk: session for session in sessions}
    rows = []
    for problem in (
        Problem.objects.filter(session__campaign=campaign)
        .select_related("category")
        .order_by("session_id", "id")
    ):
        session = by_pk[problem.session_id]
        rows.append(
            {
                "session": number[session.pk],
                "village_coate": session.village.coate,
                "village": session.village.name_ky or session.village.name_ru,
                "held_on": session.held_on.isoformat(),
                "group_type": session.group_type,
                "method": session.method,
                "participants": masked(session.participants),
                "women": masked(session.women),
                "men": masked(session.men),
                "category": problem.category.key,
                "points": "" if problem.points is None else problem.points,
                "rank": "" if problem.rank is None else problem.rank,
                "text_ky": problem.text_ky,
                "text_ru": problem.text_ru,
            }
        )
    rows.sort(key=lambda row: (row["session"], row["rank"] or 0))
    return rows


def rows_csv(rows: list[dict[str, Any]], fields: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: _safe(value) if isinstance(value, str) else value for key, value in row.items()}
        )
    return buffer.getvalue()


def licence_of(campaign: Campaign) -> dict[str, str]:
    title, path = LICENCES.get(campaign.licence, (campaign.licence, ""))
    licence = {"name": campaign.licence, "title": title}
    if path:
        licence["path"] = path
    return licence


def priorities_json(campaign: Campaign) -> dict[str, Any]:
    municipality = campaign.municipality
    women, men = sex_sizes(campaign)
    return {
        "municipality": {
            "coate": municipality.coate,
            "name_ky": municipality.name_ky,
            "name_ru": municipality.name_ru,
        },
        "year": campaign.year,
        "licence": licence_of(campaign),
        "modified": last_modified(campaign).isoformat(),
        "method": METHOD,
        "participants": {"women": masked(women), "men": masked(men)},
        "priorities": priority_rows(campaign),
    }


def last_modified(campaign: Campaign) -> Any:
    moments = [moment for moment in (campaign.modified_at, campaign.published_at) if moment is not None]
    return max(moments)
