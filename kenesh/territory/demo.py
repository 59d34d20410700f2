"""Demo territory: the oblasts and rayons, three aiyl aimaks of Kochkor rayon (one formed by a merger),
their villages, LSG bodies, councils and deputies. Idempotent: running it twice changes nothing.

The people are invented; one council is above the 30% quota for women and one below it, so that the
quota display shows both cases.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction

from kenesh.territory.models import Council, ExecutiveKind, Municipality, Settlement, Sex, Unit
from kenesh.territory.services import (
    council_update,
    deputy_add,
    executive_body_update,
    territory_import_csv,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
DEMO_CSV = DATA_DIR / "demo_kochkor.csv"

KUM_DOBO = "41704235825000"
SEMIZ_BEL = "41704235832000"
KARA_SUU = "41704235812000"
KOSH_DOBO = "41704235819000"

# Local kenesh elections were held on 11 April 2021 and on 17 November 2024.
ELECTED_2021 = datetime.date(2021, 4, 11)
ELECTED_2024 = datetime.date(2024, 11, 17)

# (full name, sex, constituency village code or "", term start, term end or None)
Deputies = list[tuple[str, str, str, datetime.date, datetime.date | None]]

F, M = Sex.FEMALE, Sex.MALE

KUM_DOBO_DEPUTIES: Deputies = [
    ("Асанова Айгүл Бакытовна", F, "41704235825010", ELECTED_2024, None),
    ("Токтосунова Гүлнара Маратовна", F, "41704235825010", ELECTED_2024, None),
    ("Мамбетова Жылдыз Сапарбековна", F, "41704235825020", ELECTED_2024, None),
    ("Абдыкадырова Бүбүсара Токтоматовна", F, "41704235825030", ELECTED_2024, None),
    ("Бейшеналиева Нургүл Эркиновна", F, "41704235825040", ELECTED_2024, None),
    ("Жумабаева Чолпон Асылбековна", F, "41704235825020", ELECTED_2024, None),
    ("Токтогулов Азамат Нурланович", M, "41704235825010", ELECTED_2024, None),
    ("Сатыбалдиев Бакыт Жумабекович", M, "41704235825010", ELECTED_2024, None),
    ("Жээнбеков Нурлан Туратбекович", M, "41704235825010", ELECTED_2024, None),
    ("Касымов Эрлан Абдыжапарович", M, "41704235825020", ELECTED_2024, None),
    ("Мамытов Талант Кадырбекович", M, "41704235825020", ELECTED_2024, None),
    ("Абдраимов Улан Сейитбекович", M, "41704235825030", ELECTED_2024, None),
    ("Ибраимов Медер Канатбекович", M, "41704235825030", ELECTED_2024, None),
    ("Асанбеков Жыргалбек Осмонович", M, "41704235825040", ELECTED_2024, None),
    ("Осмонов Канатбек Төлөнович", M, "41704235825040", ELECTED_2024, None),
    # The previous convocation, to show ended terms.
    ("Кубанычбеков Мирлан Алмазович", M, "41704235825010", ELECTED_2021, datetime.date(2024, 11, 16)),
    ("Сыдыкова Айжамал Бекболотовна", F, "41704235825030", ELECTED_2021, datetime.date(2024, 11, 16)),
]

SEMIZ_BEL_DEPUTIES: Deputies = [
    ("Осмонова Динара Таалайбековна", F, "41704235832030", ELECTED_2024, None),
    ("Калыкова Айнура Мукашевна", F, "41704235832010", ELECTED_2024, None),
    ("Бейшекеев Алмазбек Мырзабекович", M, "41704235832030", ELECTED_2024, None),
    ("Жусупов Табылды Асанович", M, "41704235832030", ELECTED_2024, None),
    ("Султаналиев Эрмек Бакирович", M, "41704235832030", ELECTED_2024, None),
    ("Калилов Максат Усенович", M, "41704235832010", ELECTED_2024, None),
    ("Айтбаев Руслан Кенешович", M, "41704235832010", ELECTED_2024, None),
    ("Сагынбеков Адилет Маратович", M, "41704235832020", ELECTED_2024, None),
    ("Чоюбеков Нурбек Токтобекович", M, "41704235832020", ELECTED_2024, None),
    ("Насирдинов Бектур Жолдошбекович", M, "41704235832040", ELECTED_2024, None),
    # She resigned mid-term and a man took the seat: the council fell below the quota.
    ("Турдубаева Мээрим Абдималиковна", F, "41704235832040", ELECTED_2024, datetime.date(2025, 6, 30)),
    ("Эсенов Кубанычбек Сатарович", M, "41704235832040", datetime.date(2025, 7, 15), None),
]

KARA_SUU_DEPUTIES: Deputies = [
    ("Эсенгулова Салтанат Кубатбековна", F, "41704235812010", ELECTED_2024, None),
    ("Садыкова Назгүл Бактыбековна", F, "41704235812010", ELECTED_2024, None),
    ("Абдылдаева Чынара Турсунбековна", F, "41704235812020", ELECTED_2024, None),
    ("Алымкулова Элмира Жолдошевна", F, "41704235812030", ELECTED_2024, None),
    ("Мусаева Айпери Эрмековна", F, "41704235812040", ELECTED_2024, None),
    ("Карабаева Гүлзат Асанбековна", F, "41704235819010", ELECTED_2024, None),
    ("Урматова Бермет Нурбековна", F, "41704235819020", ELECTED_2024, None),
    ("Дуйшеев Самат Бообекович", M, "41704235812010", ELECTED_2024, None),
    ("Абылкасымов Жоомарт Кадырович", M, "41704235812010", ELECTED_2024, None),
    ("Мусаев Тилек Айдарбекович", M, "41704235812020", ELECTED_2024, None),
    ("Карабаев Эркинбек Шаршенович", M, "41704235812020", ELECTED_2024, None),
    ("Ташиев Арстан Кылычбекович", M, "41704235812030", ELECTED_2024, None),
    ("Урматов Замир Качкынбаевич", M, "41704235812030", ELECTED_2024, None),
    ("Өмүрбеков Нурсултан Акылбекович", M, "41704235812040", ELECTED_2024, None),
    ("Шаршенов Кайрат Болотбекович", M, "41704235812050", ELECTED_2024, None),
    ("Жапаров Айбек Сейдакматович", M, "41704235812050", ELECTED_2024, None),
    ("Бекешов Данияр Уметалиевич", M, "41704235819010", ELECTED_2024, None),
    ("Абдиев Уланбек Мамасалиевич", M, "41704235819010", ELECTED_2024, None),
    ("Сулайманов Бекзат Жумагулович", M, "41704235819020", ELECTED_2024, None),
    ("Орозбаев Темирлан Алмазбекович", M, "41704235812020", ELECTED_2024, None),
    ("Түмөнбаев Эмил Канатович", M, "41704235812030", ELECTED_2024, None),
]

# code: (executive ky/ru/en, head, address, phone, council ky/ru/en, seats, deputies)
BODIES: dict[str, tuple[tuple[str, str, str], str, str, str, tuple[str, str, str], int, Deputies]] = {
    KUM_DOBO: (
        ("Кум-Дөбө айыл өкмөтү", "Айыл окмоту Кум-Дебенского айылного аймака", "Kum-Dobo aiyl okmotu"),
        "Бообеков Нурлан Асанович",
        "Кочкор району, Кум-Дөбө айылы, Манас көчөсү, 14",
        "+996 3535 5 21 40",
        ("Кум-Дөбө айылдык кеңеши", "Кум-Дебенский айылный кенеш", "Kum-Dobo aiyl kenesh"),
        15,
        KUM_DOBO_DEPUTIES,
    ),
    SEMIZ_BEL: (
        ("Семиз-Бел айыл өкмөтү", "Айыл окмоту Семиз-Бельского айылного аймака", "Semiz-Bel aiyl okmotu"),
        "Мамбетов Эркин Жолдошевич",
        "Кочкор району, Семиз-Бел айылы, Жеңиш көчөсү, 3",
        "+996 3535 5 33 17",
        ("Семиз-Бел айылдык кеңеши", "Семиз-Бельский айылный кенеш", "Semiz-Bel aiyl kenesh"),
        11,
        SEMIZ_BEL_DEPUTIES,
    ),
    KARA_SUU: (
        ("Кара-Суу айыл өкмөтү", "Айыл окмоту Кара-Сууского айылного аймака", "Kara-Suu aiyl okmotu"),
        "Сатылганова Гүлмира Абдыразаковна",
        "Кочкор району, Мантыш айылы, Ч. Айтматов көчөсү, 1",
        "+996 3535 5 40 02",
        ("Кара-Суу айылдык кеңеши", "Кара-Сууский айылный кенеш", "Kara-Suu aiyl kenesh"),
        21,
        KARA_SUU_DEPUTIES,
    ),
}


def load_demo() -> None:
    """Load the shipped regions and the demo municipalities with their bodies and deputies."""
    with transaction.atomic():
        territory_import_csv(file=REGIONS_CSV, valid_from=None)
        territory_import_csv(file=DEMO_CSV, valid_from=None)
        for coate, (executive, head, address, phone, council_names, seats, deputies) in BODIES.items():
            municipality = Municipality.objects.current().get(coate=coate)
            executive_body_update(
                actor=None,
                municipality=municipality,
                kind=ExecutiveKind.AIYL_OKMOTU,
                name_ky=executive[0],
                name_ru=executive[1],
                name_en=executive[2],
                head=head,
                address=address,
                phone=phone,
            )
            council = council_update(
                actor=None,
                municipality=municipality,
                name_ky=council_names[0],
                name_ru=council_names[1],
                name_en=council_names[2],
                seats=seats,
            )
            if not council.deputies.exists():
                _add_deputies(council, municipality, deputies)


def _add_deputies(council: Council, municipality: Unit, deputies: Deputies) -> None:
    villages = {village.coate: village for village in Settlement.objects.filter(parent=municipality)}
    # Ended terms first, so that the seats they free are there for those who followed.
    for full_name, sex, village, start, end in sorted(deputies, key=lambda row: row[4] is None):
        deputy_add(
            actor=None,
            council=council,
            full_name=full_name,
            sex=sex,
            term_start=start,
            term_end=end,
            constituency=villages.get(village),
        )
