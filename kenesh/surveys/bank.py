"""The question bank: the questions a municipality's instrument is built from, in Kyrgyz and Russian.

Each entry is copied into an instrument (kenesh.surveys.services.instrument_create), so that editing an
instrument never changes the bank or another instrument. The village question takes its options from the
municipality's villages when it is copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kenesh.accounts.models import AgeGroup, Sex
from kenesh.surveys.models import Kind, Role


@dataclass(frozen=True)
class BankChoice:
    code: str
    label_ky: str
    label_ru: str
    positive: bool = False
    profile_value: str = ""


@dataclass(frozen=True)
class BankQuestion:
    code: str
    kind: str
    role: str
    text_ky: str
    text_ru: str
    choices: tuple[BankChoice, ...] = field(default_factory=tuple)
    required: bool = True


YES_NO = (
    BankChoice("yes", "Ооба", "Да", positive=True),
    BankChoice("no", "Жок", "Нет"),
    BankChoice("dont_know", "Билбейм", "Не знаю"),
)

LIKERT_LABELS: dict[int, tuple[str, str]] = {
    1: ("1 — такыр жок", "1 — совсем нет"),
    2: ("2", "2"),
    3: ("3", "3"),
    4: ("4", "4"),
    5: ("5 — толугу менен", "5 — полностью"),
}
"""The labels of the 1-5 scale on every Likert item: the ends named, the middle numbered."""

SERVICES: tuple[tuple[str, str, str], ...] = (
    ("water", "ичүүчү суу менен камсыздоо", "водоснабжение питьевой водой"),
    ("roads", "жолдор жана көчөлөр", "дороги и улицы"),
    ("waste", "таштанды чыгаруу", "вывоз мусора"),
    ("lighting", "көчө жарыгы", "уличное освещение"),
    ("culture", "маданият үйү жана спорт", "дом культуры и спорт"),
)

AGE_CODES: dict[str, str] = {
    "y16_17": AgeGroup.Y16_17,
    "y18_29": AgeGroup.Y18_29,
    "y30_44": AgeGroup.Y30_44,
    "y45_59": AgeGroup.Y45_59,
    "y60_plus": AgeGroup.Y60_PLUS,
}

BANK: tuple[BankQuestion, ...] = (
    BankQuestion(
        "trust_lsg",
        Kind.LIKERT,
        Role.TRUST,
        "Айыл өкмөтүнө канчалык ишенесиз?",
        "Насколько вы доверяете айыл окмоту?",
    ),
    *(
        BankQuestion(
            f"satisfaction_{code}",
            Kind.LIKERT,
            Role.SATISFACTION,
            f"Бул кызматка канчалык ыраазысыз: {ky}?",
            f"Насколько вы удовлетворены услугой: {ru}?",
        )
        for code, ky, ru in SERVICES
    ),
    BankQuestion(
        "corruption",
        Kind.SINGLE,
        Role.CORRUPTION,
        "Сиздин оюңузча, айыл өкмөтүндө коррупция канчалык кеңири таралган?",
        "Насколько, по вашему мнению, распространена коррупция в айыл окмоту?",
        (
            BankChoice("widespread", "Кеңири таралган", "Широко распространена", positive=True),
            BankChoice("some", "Айрым учурларда", "В отдельных случаях", positive=True),
            BankChoice("none", "Жок", "Нет"),
            BankChoice("dont_know", "Билбейм", "Не знаю"),
        ),
    ),
    BankQuestion(
        "aware_budget",
        Kind.SINGLE,
        Role.AWARENESS,
        "Айыл аймагыңыздын бюджети тууралуу маалыматыңыз барбы?",
        "Знаете ли вы о бюджете вашего айылного аймака?",
        YES_NO,
    ),
    BankQuestion(
        "aware_hearings",
        Kind.SINGLE,
        Role.AWARENESS,
        "Коомдук бюджеттик угуулар тууралуу билесизби?",
        "Знаете ли вы об общественных бюджетных слушаниях?",
        YES_NO,
    ),
    BankQuestion(
        "participated",
        Kind.MULTIPLE,
        Role.PARTICIPATION,
        "Акыркы бир жылда эмнелерге катыштыңыз?",
        "В чём вы участвовали за последний год?",
        (
            BankChoice("hearing", "Коомдук угууга", "В общественных слушаниях", positive=True),
            BankChoice("needs", "Муктаждыктарды аныктоого", "В изучении нужд", positive=True),
            BankChoice(
                "pb_vote", "Долбоорлор боюнча добуш берүүгө", "В голосовании за проекты", positive=True
            ),
            BankChoice("appeal", "Кайрылуу жөнөттүм", "Направил(а) обращение", positive=True),
        ),
        required=False,
    ),
    BankQuestion(
        "visits",
        Kind.NUMBER,
        Role.OTHER,
        "Акыркы бир жылда айыл өкмөтүнө канча жолу бардыңыз?",
        "Сколько раз за последний год вы обращались в айыл окмоту?",
        required=False,
    ),
    BankQuestion(
        "comment",
        Kind.TEXT,
        Role.OTHER,
        "Айыл өкмөтүнүн ишин жакшыртуу үчүн эмне сунуштайсыз?",
        "Что вы предложили бы для улучшения работы айыл окмоту?",
        required=False,
    ),
    BankQuestion(
        "sex",
        Kind.SINGLE,
        Role.SEX,
        "Жынысыңыз",
        "Ваш пол",
        (
            BankChoice("female", "Аял", "Женский", profile_value=Sex.FEMALE),
            BankChoice("male", "Эркек", "Мужской", profile_value=Sex.MALE),
        ),
    ),
    BankQuestion(
        "age",
        Kind.SINGLE,
        Role.AGE,
        "Жашыңыз",
        "Ваш возраст",
        (
            BankChoice("y16_17", "16–17", "16–17", profile_value=AgeGroup.Y16_17),
            BankChoice("y18_29", "18–29", "18–29", profile_value=AgeGroup.Y18_29),
            BankChoice("y30_44", "30–44", "30–44", profile_value=AgeGroup.Y30_44),
            BankChoice("y45_59", "45–59", "45–59", profile_value=AgeGroup.Y45_59),
            BankChoice("y60_plus", "60 жана андан улуу", "60 и старше", profile_value=AgeGroup.Y60_PLUS),
        ),
    ),
    BankQuestion("village", Kind.SINGLE, Role.VILLAGE, "Кайсы айылда жашайсыз?", "В каком селе вы живёте?"),
)

BANK_BY_CODE = {question.code: question for question in BANK}
