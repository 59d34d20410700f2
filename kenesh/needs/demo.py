"""The demo needs assessment of Kum-Dobo, summer 2025: a meeting of every group type in every village, whose
women's and men's lists differ (water and kindergartens against roads and irrigation), published.
Deterministic and idempotent: an assessment that exists is left alone."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import transaction

from kenesh.needs import services
from kenesh.needs.categories import shared_categories_ensure
from kenesh.needs.models import Campaign, Category, GroupType, RankingMethod
from kenesh.territory.models import Municipality, Settlement

YEAR = 2025
# Each group's ranking (category keys, most important first); villages rotate the tail so that they differ.
RANKINGS: dict[str, tuple[str, ...]] = {
    GroupType.WOMEN: ("drinking-water", "kindergartens", "health-posts", "street-lighting", "waste"),
    GroupType.MEN: ("roads", "irrigation", "jobs", "drinking-water", "culture-sport"),
    GroupType.YOUTH: ("jobs", "culture-sport", "street-lighting", "roads"),
    GroupType.ELDERLY: ("health-posts", "social-support", "drinking-water", "roads"),
    GroupType.DISABILITY: ("social-support", "health-posts", "roads"),
    GroupType.MINORITY: ("schools", "drinking-water", "jobs", "kindergartens"),
    GroupType.MIXED: ("drinking-water", "roads", "waste", "irrigation"),
}
# (women, men) per group in the first village; later villages add a few people.
PEOPLE: dict[str, tuple[int, int]] = {
    GroupType.WOMEN: (18, 0),
    GroupType.MEN: (0, 16),
    GroupType.YOUTH: (7, 8),
    GroupType.ELDERLY: (6, 5),
    GroupType.DISABILITY: (2, 2),
    GroupType.MINORITY: (5, 4),
    GroupType.MIXED: (11, 10),
}
TEXTS_KY = {
    "drinking-water": "Таза ичүүчү суу жетишпейт",
    "kindergartens": "Бала бакчада орун жок",
    "health-posts": "ФАПта дарыгер жана дары жок",
    "street-lighting": "Кечинде көчөлөр караңгы",
    "waste": "Таштанды чыгарылбайт",
    "roads": "Жолдор бузулган",
    "irrigation": "Сугат суу арыктары бузук",
    "jobs": "Жаштарга жумуш жок",
    "culture-sport": "Спорт аянтчасы жок",
    "social-support": "Жардам келбейт",
    "schools": "Мектептин чатыры агат",
}
TEXTS_RU = {
    "drinking-water": "Не хватает чистой питьевой воды",
    "kindergartens": "Нет мест в детском саду",
    "health-posts": "В ФАПе нет врача и лекарств",
    "street-lighting": "Вечером на улицах темно",
    "waste": "Мусор не вывозят",
    "roads": "Дороги разбиты",
    "irrigation": "Арыки для полива разрушены",
    "jobs": "Нет работы для молодёжи",
    "culture-sport": "Нет спортивной площадки",
    "social-support": "Помощь не доходит",
    "schools": "Протекает крыша школы",
}


def _demo_municipality() -> Municipality | None:
    from kenesh.territory import demo as territory_demo

    found = Municipality.objects.current().filter(coate=territory_demo.KUM_DOBO).first()
    return cast(Municipality | None, found)


def load_demo() -> None:
    municipality = _demo_municipality()
    if municipality is None or Campaign.objects.filter(municipality=municipality, year=YEAR).exists():
        return
    villages = list(Settlement.objects.filter(parent=municipality).order_by("coate"))
    if not villages:
        return
    shared_categories_ensure(Category)
    categories = {category.key: category for category in Category.objects.filter(municipality=None)}
    with transaction.atomic():
        campaign = services.campaign_create(
            actor=None,
            municipality=municipality,
            year=YEAR,
            starts_on=datetime.date(YEAR, 6, 2),
            ends_on=datetime.date(YEAR, 8, 15),
            facilitators="Айгүл Асанова, Нурлан Токтосунов",
            points_per_person=3,
            max_problems=5,
        )
        day = datetime.date(YEAR, 6, 3)
        for index, village in enumerate(villages):
            for group_number, group in enumerate(GroupType.values):
                women, men = PEOPLE[group]
                if women:
                    women += index
                if men:
                    men += index % 3
                ranking = list(RANKINGS[group])
                # The tail varies by village; the first two places stay (they make the groups' point).
                tail = ranking[2:]
                ranking = (
                    ranking[:2] + tail[index % len(tail) :] + tail[: index % len(tail)] if tail else ranking
                )
                method = RankingMethod.POINTS if group == GroupType.MIXED else RankingMethod.RANK
                participants = women + men
                points = _points(participants * 3, len(ranking))
                problems = [
                    services.ProblemInput(
                        category=categories[key],
                        text_ky=TEXTS_KY.get(key, ""),
                        text_ru=TEXTS_RU.get(key, ""),
                        rank=place if method == RankingMethod.RANK else None,
                        points=points[place - 1] if method == RankingMethod.POINTS else None,
                    )
                    for place, key in enumerate(ranking, start=1)
                ]
                services.session_record(
                    actor=None,
                    campaign=campaign,
                    data=services.SessionInput(
                        village=village,
                        held_on=day + datetime.timedelta(days=index * 7 + group_number),
                        facilitator="Айгүл Асанова" if group_number % 2 == 0 else "Нурлан Токтосунов",
                        group_type=group,
                        method=method,
                        participants=participants,
                        women=women,
                        men=men,
                        problems=problems,
                        source_ref=f"{index + 1}-{group_number + 1}",
                    ),
                )
        services.campaign_publish(actor=None, campaign=campaign)


def _points(total: int, count: int) -> list[int]:
    """Dot-vote points for `count` problems, falling off, using at most `total` points."""
    weights = list(range(count, 0, -1))
    scale = total * 0.9 / sum(weights)
    return [max(int(weight * scale), 1) for weight in weights]
