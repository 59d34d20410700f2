"""The shared list of problem categories the needs assessment starts with (staff add their own)."""

from __future__ import annotations

from typing import Any

# (key, Kyrgyz, Russian); the list order is the order forms and ties use.
SHARED_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("drinking-water", "Ичүүчү суу", "Питьевая вода"),
    ("irrigation", "Сугат суу", "Поливная вода, орошение"),
    ("roads", "Жолдор", "Дороги"),
    ("street-lighting", "Көчө жарыгы", "Уличное освещение"),
    ("waste", "Таштанды чыгаруу", "Вывоз мусора"),
    ("schools", "Мектептер", "Школы"),
    ("kindergartens", "Бала бакчалар", "Детские сады"),
    ("health-posts", "Медициналык пункттар", "Медицинские пункты"),
    ("culture-sport", "Маданият жана спорт", "Культура и спорт"),
    ("social-support", "Социалдык колдоо", "Социальная поддержка"),
    ("jobs", "Жумуш орундары", "Рабочие места"),
    ("other", "Башка", "Другое"),
)


def shared_categories_ensure(category_model: Any) -> None:
    """Create the shared categories that are missing (the migration and tests after a flush call it)."""
    for order, (key, name_ky, name_ru) in enumerate(SHARED_CATEGORIES, start=1):
        category_model.objects.get_or_create(
            key=key,
            municipality=None,
            defaults={"name_ky": name_ky, "name_ru": name_ru, "sort_order": order * 10},
        )
