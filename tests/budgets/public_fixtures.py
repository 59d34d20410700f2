"""Test data of the public budget pages: an oblast, two rayons, four municipalities and their budgets.

Amounts are chosen so that the expected figures are easy to check by hand:
Ак-Суу (pop. 10 000), 2025 approved: revenue 1132 land tax 2 000 000, 1412 rent 500 000, 1311 equalization
grant 6 000 000, 13121 education grant 1 500 000 = 10 000 000 (own 2 500 000: 25%); spending 7091 pre-school
6 000 000 (2111 wages 4 000 000, 2215 utilities 2 000 000), 7063 water 2 500 000 (3111), 7011 executive
1 500 000 (2111) = 10 000 000. Annual execution 2025: 7091 5 400 000, 7063 2 000 000, 7011 1 500 000 (89%).
2024 approved: revenue 8 000 000, spending 8 000 000 (7091 5 000 000, 7063 1 500 000, 7011 1 500 000).
"""

from __future__ import annotations

from dataclasses import dataclass

from kenesh.budgets.models import Budget, ExecutionPeriod, VersionKind
from kenesh.budgets.testing import budget_make, version_make
from kenesh.territory.models import Level, Unit

AK_SUU = "41702215810000"
KARA_SUU = "41702215820000"
TOKTOGUL = "41702215830000"
FAR_AWAY = "41707215840000"

PLAN_2025 = [
    ("1132", 2_000_000),
    ("1412", 500_000),
    ("1311", 6_000_000),
    ("13121", 1_500_000),
    ("7091", "2111", 4_000_000),
    ("7091", "2215", 2_000_000),
    ("7063", "3111", 2_500_000),
    ("7011", "2111", 1_500_000),
]
EXECUTION_2025 = [
    ("1132", 1_800_000),
    ("1412", 500_000),
    ("1311", 6_000_000),
    ("13121", 1_400_000),
    ("7091", "2111", 3_900_000),
    ("7091", "2215", 1_500_000),
    ("7063", "3111", 2_000_000),
    ("7011", "2111", 1_500_000),
]
PLAN_2024 = [
    ("1132", 1_500_000),
    ("1412", 500_000),
    ("1311", 5_000_000),
    ("13121", 1_000_000),
    ("7091", "2111", 5_000_000),
    ("7063", "3111", 1_500_000),
    ("7011", "2111", 1_500_000),
]


@dataclass
class Country:
    oblast: Unit
    rayon: Unit
    ak_suu: Unit
    kara_suu: Unit
    toktogul: Unit
    far_away: Unit
    budget_2025: Budget


def unit_make(
    coate: str, level: str, name: str, parent: Unit | None = None, population: int | None = None
) -> Unit:
    return Unit.objects.create(
        coate=coate,
        level=level,
        name_ky=name,
        name_ru=name,
        name_en=name,
        parent=parent,
        population=population,
    )


def country_make() -> Country:
    """The municipalities and budgets described in the module docstring."""
    oblast = unit_make("41702000000000", Level.OBLAST, "Ысык-Көл облусу")
    rayon = unit_make("41702215000000", Level.RAYON, "Түп району", oblast)
    other_oblast = unit_make("41707000000000", Level.OBLAST, "Нарын облусу")
    other_rayon = unit_make("41707215000000", Level.RAYON, "Кочкор району", other_oblast)
    ak_suu = unit_make(AK_SUU, Level.MUNICIPALITY, "Ак-Суу", rayon, 10_000)
    kara_suu = unit_make(KARA_SUU, Level.MUNICIPALITY, "Кара-Суу", rayon, 4_000)
    toktogul = unit_make(TOKTOGUL, Level.MUNICIPALITY, "Токтогул", rayon, 20_000)
    far_away = unit_make(FAR_AWAY, Level.MUNICIPALITY, "Алыскы", other_rayon, 11_000)
    budget = budget_make(
        ak_suu, 2025, PLAN_2025, summary="Бюджеттин негизги максаты: бала бакчалар жана суу."
    )
    version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.YEAR, lines=EXECUTION_2025)
    # A draft that is not published must never show.
    version_make(budget, VersionKind.AMENDMENT, lines=[("1132", 99_000_000)], published=False)
    budget_make(ak_suu, 2024, PLAN_2024)
    budget_make(kara_suu, 2025, [("1132", 400_000), ("1311", 3_600_000), ("7091", "2111", 4_000_000)])
    budget_make(toktogul, 2025, [("1132", 9_000_000), ("1311", 11_000_000), ("7011", "2111", 20_000_000)])
    budget_make(far_away, 2025, [("1132", 1_100_000), ("1311", 9_900_000), ("7063", "3111", 11_000_000)])
    return Country(oblast, rayon, ak_suu, kara_suu, toktogul, far_away, budget)
