"""The shipped data: the national categories of appeals and the fixed public holidays of the Kyrgyz Labour
Code (art. 113), with the movable holidays of 2025-2027 as dated entries (Orozo Ait, Kurman Ait: staff
correct them when the government announces the dates). Migration 0002 loads them."""

from __future__ import annotations

import datetime
from typing import Any

CATEGORIES = (
    ("drinking-water", "Ичүүчү суу", "Питьевая вода"),
    ("irrigation", "Сугат суу", "Ирригация"),
    ("roads", "Жолдор", "Дороги"),
    ("street-lighting", "Көчө жарыгы", "Уличное освещение"),
    ("waste", "Таштанды", "Вывоз мусора"),
    ("schools", "Мектептер", "Школы"),
    ("kindergartens", "Бала бакчалар", "Детские сады"),
    ("health-posts", "ФАПтар жана медициналык пункттар", "ФАПы и медпункты"),
    ("culture-sport", "Маданият жана спорт", "Культура и спорт"),
    ("social-support", "Социалдык колдоо", "Социальная поддержка"),
    ("jobs", "Жумуш орундары", "Рабочие места"),
    ("other", "Башка", "Другое"),
)

FIXED = (
    (1, 1, "Жаңы жыл", "Новый год"),
    (1, 7, "Ыйсанын туулган күнү (Рождество)", "Рождество Христово"),
    (2, 23, "Ата Мекенди коргоочулар күнү", "День защитника Отечества"),
    (3, 8, "Эл аралык аялдар күнү", "Международный женский день"),
    (3, 21, "Нооруз", "Нооруз"),
    (5, 1, "Эмгек майрамы", "Праздник труда"),
    (5, 5, "Конституция күнү", "День Конституции"),
    (5, 9, "Жеңиш күнү", "День Победы"),
    (8, 31, "Эгемендүүлүк күнү", "День независимости"),
    (11, 7, "Тарых жана ата-бабаларды эскерүү күндөрү", "Дни истории и памяти предков"),
    (11, 8, "Тарых жана ата-бабаларды эскерүү күндөрү", "Дни истории и памяти предков"),
)

MOVABLE = (
    (datetime.date(2025, 3, 31), "Орозо айт", "Орозо айт"),
    (datetime.date(2025, 6, 6), "Курман айт", "Курман айт"),
    (datetime.date(2026, 3, 20), "Орозо айт", "Орозо айт"),
    (datetime.date(2026, 5, 27), "Курман айт", "Курман айт"),
    (datetime.date(2027, 3, 10), "Орозо айт", "Орозо айт"),
    (datetime.date(2027, 5, 17), "Курман айт", "Курман айт"),
)


def seed(Category: Any, Holiday: Any) -> None:
    """Add whatever of the shipped categories and holidays is missing (the model classes are passed in, so
    that the migration can give its historical ones)."""
    for position, (slug, name_ky, name_ru) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            municipality=None,
            slug=slug,
            defaults={"name_ky": name_ky, "name_ru": name_ru, "position": position},
        )
    for month, day, name_ky, name_ru in FIXED:
        Holiday.objects.get_or_create(
            kind="fixed", month=month, day=day, defaults={"name_ky": name_ky, "name_ru": name_ru}
        )
    for date, name_ky, name_ru in MOVABLE:
        Holiday.objects.get_or_create(
            kind="day_off", date=date, defaults={"name_ky": name_ky, "name_ru": name_ru}
        )
