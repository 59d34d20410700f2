"""Helpers for tests (and the bench): villages of a municipality, a campaign, a session in one call."""

from __future__ import annotations

import datetime
from typing import Any

from kenesh.needs import services
from kenesh.needs.categories import shared_categories_ensure
from kenesh.needs.models import Campaign, Category, Session
from kenesh.territory.models import Level, Settlement, Unit


def villages_make(
    municipality: Unit, names: tuple[str, ...] = ("Кум-Дөбө", "Ак-Жар", "Жаңы-Айыл")
) -> list[Unit]:
    villages: list[Unit] = []
    for index, name in enumerate(names, start=1):
        coate = municipality.coate[:11] + f"{index:03d}"
        village = Settlement(
            coate=coate, level=Level.SETTLEMENT, name_ru=name, name_ky=name, parent=municipality
        )
        village.save()
        villages.append(village)
    return villages


def campaign_make(municipality: Unit, year: int = 2025, **fields: Any) -> Campaign:
    shared_categories_ensure(Category)
    return services.campaign_create(
        actor=None,
        municipality=municipality,
        year=year,
        starts_on=fields.pop("starts_on", datetime.date(year, 6, 1)),
        ends_on=fields.pop("ends_on", datetime.date(year, 8, 31)),
        **fields,
    )


def category(key: str) -> Category:
    return Category.objects.get(key=key, municipality=None)


def session_make(
    campaign: Campaign,
    village: Unit,
    group_type: str,
    ranked: list[str],
    *,
    women: int = 10,
    men: int = 0,
    method: str = "rank",
    points: list[int] | None = None,
    actor: Any = None,
) -> Session:
    """A session whose problems are the categories `ranked` (keys), first = most important."""
    problems = [
        services.ProblemInput(
            category=category(key),
            text_ru=category(key).name_ru,
            rank=index if method == "rank" else None,
            points=(points[index - 1] if points else None),
        )
        for index, key in enumerate(ranked, start=1)
    ]
    data = services.SessionInput(
        village=village,
        held_on=datetime.date(campaign.year, 7, 1),
        group_type=group_type,
        method=method,
        participants=women + men,
        women=women,
        men=men,
        facilitator="Айгүл",
        problems=problems,
    )
    return services.session_record(actor=actor, campaign=campaign, data=data)
