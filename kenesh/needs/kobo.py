"""The field list of a session form for KoboToolbox (or any XLSForm tool), and the XLSForm made from it.

One list, `form_fields`, serves both ways: `xlsform_build` writes it as the XLSForm a municipality publishes,
and kenesh.needs.importer reads Kobo's CSV exports of that form by the same names and labels. Labels are
fixed texts in both languages (the form carries both whatever the page's language).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from kenesh.needs.models import Campaign, Category, GroupType, RankingMethod
from kenesh.territory.models import Unit

LANG_KY = "Кыргызча (ky)"
LANG_RU = "Русский (ru)"
# The most problem blocks the importer reads (the published form has as many as the campaign allows).
PROBLEM_SLOTS = 8

GROUP_LABELS: dict[str, tuple[str, str]] = {
    GroupType.WOMEN: ("Аялдар", "Женщины"),
    GroupType.MEN: ("Эркектер", "Мужчины"),
    GroupType.YOUTH: ("Жаштар", "Молодёжь"),
    GroupType.ELDERLY: ("Улгайган адамдар", "Пожилые люди"),
    GroupType.DISABILITY: ("Ден соолугунун мүмкүнчүлүгү чектелген адамдар", "Люди с инвалидностью"),
    GroupType.MINORITY: ("Этникалык азчылыктар", "Этнические меньшинства"),
    GroupType.MIXED: ("Аралаш топ", "Смешанная группа"),
}
METHOD_LABELS: dict[str, tuple[str, str]] = {
    RankingMethod.POINTS: ("Упай менен (чекит коюу)", "Баллами (точками)"),
    RankingMethod.RANK: ("Орун боюнча (1, 2, 3…)", "По местам (1, 2, 3…)"),
}


@dataclass(frozen=True)
class FormField:
    """One question: its XLSForm type, its name (the export's column), its labels, where it sits."""

    name: str
    kind: str
    label_ky: str
    label_ru: str
    group: str
    required: bool = False
    relevant: str = ""

    @property
    def choices(self) -> str:
        """The choice list of a select question ("" for others)."""
        return self.kind.split(" ", 1)[1] if self.kind.startswith("select_one ") else ""


GROUPS: dict[str, tuple[str, str]] = {
    "session": ("Жолугушуу", "Встреча"),
    "people": ("Катышуучулар", "Участники"),
    "problems": ("Көйгөйлөр", "Проблемы"),
}


def form_fields(slots: int = PROBLEM_SLOTS) -> list[FormField]:
    """The questions of the session form, with `slots` problem blocks."""
    fields = [
        FormField("municipality", "calculate", "Муниципалитет (СОАТЕ)", "Муниципалитет (СОАТЕ)", "session"),
        FormField("village", "select_one village", "Айыл", "Село", "session", required=True),
        FormField("held_on", "date", "Жолугушуунун күнү", "Дата встречи", "session", required=True),
        FormField("facilitator", "text", "Фасилитатор", "Фасилитатор", "session"),
        FormField("group_type", "select_one group_type", "Топ", "Группа", "session", required=True),
        FormField(
            "method", "select_one method", "Кантип тизмектелди", "Как ранжировали", "session", required=True
        ),
        FormField("form_number", "text", "Форманын номери", "Номер формы", "session"),
        FormField(
            "participants", "integer", "Катышуучулар, баары", "Участников всего", "people", required=True
        ),
        FormField("women", "integer", "Аялдар", "Женщин", "people", required=True),
        FormField("men", "integer", "Эркектер", "Мужчин", "people", required=True),
        FormField("age_under_18", "integer", "18ге чейин", "До 18 лет", "people"),
        FormField("age_18_29", "integer", "18–29 жаш", "18–29 лет", "people"),
        FormField("age_30_59", "integer", "30–59 жаш", "30–59 лет", "people"),
        FormField("age_60_plus", "integer", "60 жана андан улуу", "60 лет и старше", "people"),
    ]
    for number in range(1, slots + 1):
        first = number == 1
        relevant = "" if first else f"${{problem_{number - 1}_category}} != ''"
        own = f"${{problem_{number}_category}} != ''"
        fields += [
            FormField(
                f"problem_{number}_category",
                "select_one category",
                f"{number}-көйгөй: категориясы",
                f"Проблема {number}: категория",
                "problems",
                required=first,
                relevant=relevant,
            ),
            FormField(
                f"problem_{number}_text_ky",
                "text",
                f"{number}-көйгөй: кыргызча",
                f"Проблема {number}: по-кыргызски",
                "problems",
                relevant=own,
            ),
            FormField(
                f"problem_{number}_text_ru",
                "text",
                f"{number}-көйгөй: орусча",
                f"Проблема {number}: по-русски",
                "problems",
                relevant=own,
            ),
            FormField(
                f"problem_{number}_score",
                "integer",
                f"{number}-көйгөй: упайы же орду",
                f"Проблема {number}: баллы или место",
                "problems",
                required=first,
                relevant=own,
            ),
        ]
    return fields


def choice_lists(
    villages: Sequence[Unit], categories: Sequence[Category]
) -> dict[str, list[tuple[str, str, str]]]:
    """(name, label ky, label ru) of each choice list: villages by СОАТЕ, categories by key."""
    return {
        "village": [
            (village.coate, village.name_ky or village.name_ru, village.name_ru) for village in villages
        ],
        "group_type": [(value, *GROUP_LABELS[value]) for value in GroupType.values],
        "method": [(value, *METHOD_LABELS[value]) for value in RankingMethod.values],
        "category": [
            (category.key, category.name_ky or category.name_ru, category.name_ru or category.name_ky)
            for category in categories
        ],
    }


def xlsform_build(campaign: Campaign, villages: Sequence[Unit], categories: Sequence[Category]) -> bytes:
    """The XLSForm (survey, choices, settings) of `campaign`'s session form as an .xlsx file."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        ["type", "name", f"label::{LANG_KY}", f"label::{LANG_RU}", "required", "relevant", "calculation"]
    )
    slots = min(campaign.max_problems, PROBLEM_SLOTS)
    group = ""
    for field in form_fields(slots):
        if field.group != group:
            if group:
                survey.append(["end_group", group])
            group = field.group
            survey.append(["begin_group", group, *GROUPS[group]])
        calculation = f"'{campaign.municipality.coate}'" if field.kind == "calculate" else ""
        label_ky, label_ru = (field.label_ky, field.label_ru) if field.kind != "calculate" else ("", "")
        survey.append(
            [
                field.kind,
                field.name,
                label_ky,
                label_ru,
                "yes" if field.required else "",
                field.relevant,
                calculation,
            ]
        )
    survey.append(["end_group", group])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{LANG_KY}", f"label::{LANG_RU}"])
    for list_name, rows in choice_lists(villages, categories).items():
        for name, label_ky, label_ru in rows:
            choices.append([list_name, name, label_ky, label_ru])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(
        [
            f"Муктаждыктар / Нужды {campaign.municipality.name_ru} {campaign.year}",
            f"kenesh_needs_{campaign.municipality.coate}_{campaign.year}",
            campaign.modified_at.strftime("%Y%m%d%H%M") if campaign.modified_at else "1",
            LANG_KY,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
