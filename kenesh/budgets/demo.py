"""Demo budgets of the demo municipalities for 2023-2026: realistic, deterministic (seeded), idempotent.

An aiyl okmotu of 3,000-15,000 people spends about 4,000-5,000 som per resident a year, so its budget is in
the tens of millions of som, 60-75% of it transfers (the equalization grant and the categorical grant for
education); own revenues are land and property tax, local fees and the rent of municipal land. Spending goes
mostly to kindergartens, the aiyl okmotu itself, water and street lighting, and the house of culture.

Each year: the approved budget and its annual execution report; 2025 also has a draft, amendment 1 and the
nine-month report; 2026 has the draft, the approved budget and the reports of 3, 6 and 9 months (and, in
Kum-Dobo, an amendment being prepared, not published). A budget that already has versions is left alone.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from kenesh.budgets.models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    Classification,
    ClassificationKind,
    ExecutionPeriod,
    LineDirection,
    VersionKind,
)
from kenesh.budgets.testing import classification_ensure
from kenesh.territory.demo import KARA_SUU, KOSH_DOBO, KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Municipality, Unit

YEARS = (2023, 2024, 2025, 2026)
COATES = (KUM_DOBO, SEMIZ_BEL, KARA_SUU, KOSH_DOBO)
# Revenue per resident in 2025, som; other years follow GROWTH.
REVENUE_PER_CAPITA = {KUM_DOBO: 4600, SEMIZ_BEL: 4300, KARA_SUU: 4100, KOSH_DOBO: 4800}
GROWTH = Decimal("0.08")

# Shares of revenue by code (own revenues about 30%, transfers about 70%).
REVENUE_WEIGHTS: dict[str, float] = {
    "1111": 3.5,
    "1131": 3.0,
    "1132": 9.0,
    "1141": 1.5,
    "1142": 2.0,
    "1161": 0.6,
    "1162": 0.4,
    "1411": 6.0,
    "1412": 1.5,
    "1421": 2.2,
    "1422": 0.5,
    "1431": 0.3,
    "1451": 0.2,
    "1311": 38.0,
    "13121": 25.0,
    "13122": 2.0,
    "1313": 3.0,
    "1319": 1.3,
}
# Shares of expenditure by (function, economic item).
EXPENDITURE_WEIGHTS: dict[tuple[str, str], float] = {
    ("7011", "2111"): 14.0,
    ("7011", "2121"): 2.5,
    ("7011", "2211"): 0.3,
    ("7011", "2212"): 0.4,
    ("7011", "2215"): 1.0,
    ("7011", "2222"): 1.5,
    ("7011", "2223"): 0.8,
    ("7011", "2821"): 0.3,
    ("7013", "2216"): 1.0,
    ("7032", "2222"): 0.5,
    ("7042", "2216"): 0.8,
    ("7045", "2216"): 3.0,
    ("7045", "3114"): 2.0,
    ("7051", "2216"): 1.5,
    ("7062", "2216"): 2.0,
    ("7062", "2222"): 1.0,
    ("7063", "2215"): 1.5,
    ("7063", "3114"): 3.0,
    ("7064", "2215"): 1.2,
    ("7064", "3112"): 0.8,
    ("7072", "2111"): 1.5,
    ("7081", "2222"): 1.0,
    ("7082", "2111"): 4.0,
    ("7082", "2121"): 0.7,
    ("7082", "2215"): 0.8,
    ("7091", "2111"): 20.0,
    ("7091", "2121"): 3.5,
    ("7091", "2221"): 8.0,
    ("7091", "2215"): 3.0,
    ("7091", "2222"): 1.5,
    ("7091", "3111"): 3.0,
    ("7092", "2215"): 2.0,
    ("7104", "2721"): 1.0,
    ("7107", "2721"): 1.5,
}
# Cumulative share of the year's plan executed by the end of each period.
PERIOD_SHARE = {
    ExecutionPeriod.Q1: 0.22,
    ExecutionPeriod.Q2: 0.47,
    ExecutionPeriod.Q3: 0.73,
    ExecutionPeriod.YEAR: 1.0,
}
PERIOD_DATE = {  # (year offset, month, day) of each report
    ExecutionPeriod.Q1: (0, 4, 15),
    ExecutionPeriod.Q2: (0, 7, 15),
    ExecutionPeriod.Q3: (0, 10, 15),
    ExecutionPeriod.YEAR: (1, 2, 15),
}
OVER_PLAN_NOTE = (
    "Сверх плана: погашение недоимки прошлых лет / Пландан ашык: мурунку жылдардын карызы төлөндү"
)

Amounts = dict[tuple[str, str, str], Decimal]


def _som(value: float | Decimal) -> Decimal:
    """Whole hundreds of som, as budgets are planned."""
    return (Decimal(str(value)) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100


def _plan(rng: random.Random, total: Decimal) -> Amounts:
    """A plan of revenue `total`: revenue lines by weight, expenditure of about the same size."""
    amounts: Amounts = {}
    revenue_weight = sum(REVENUE_WEIGHTS.values())
    for code, weight in REVENUE_WEIGHTS.items():
        amounts[(LineDirection.REVENUE, code, "")] = _som(
            float(total) * weight / revenue_weight * rng.uniform(0.9, 1.1)
        )
    revenue = sum(amounts.values(), Decimal(0))
    spending = float(revenue) * rng.uniform(0.98, 1.02)
    # Jitter each line, then scale so that spending stays close to revenue.
    jittered = {key: weight * rng.uniform(0.85, 1.15) for key, weight in EXPENDITURE_WEIGHTS.items()}
    scale = spending / sum(jittered.values())
    for (function, economic), weight in jittered.items():
        amounts[(LineDirection.EXPENDITURE, function, economic)] = _som(weight * scale)
    return amounts


def _amended(rng: random.Random, plan: Amounts) -> Amounts:
    """Amendment 1: more equalization grant in mid-year, spent on water supply and the kindergartens."""
    amended = dict(plan)
    extra = _som(float(plan[(LineDirection.REVENUE, "1311", "")]) * rng.uniform(0.03, 0.06))
    amended[(LineDirection.REVENUE, "1311", "")] += extra
    amended[(LineDirection.EXPENDITURE, "7063", "3114")] += _som(float(extra) * 0.6)
    amended[(LineDirection.EXPENDITURE, "7091", "2222")] += extra - _som(float(extra) * 0.6)
    return amended


def _executed(
    rng: random.Random, plan: Amounts, period: str
) -> dict[tuple[str, str, str], tuple[Decimal, bool]]:
    """An execution report against `plan`: (amount, above plan) per line; only a full year goes above plan."""
    share = PERIOD_SHARE[ExecutionPeriod(period)]
    executed = {}
    for key, planned in plan.items():
        if period == ExecutionPeriod.YEAR:
            low, high = (0.93, 1.06) if key[0] == LineDirection.REVENUE else (0.9, 1.0)
        else:
            low, high = share * 0.85, min(share * 1.1, 1.0)
        amount = _som(float(planned) * rng.uniform(low, high))
        executed[key] = (amount, amount > planned)
    return executed


def _summary(municipality: Unit, year: int) -> tuple[str, str, str]:
    """The staff's words for the citizen's budget: no figures, the page states them from the version shown."""
    return (
        f"{year}-жылы айыл аймагынын өз кирешелери — жер жана мүлк салыгы, жергиликтүү жыйымдар, жер "
        f"ижарасы; калганы республикалык бюджеттен келген тегиздөөчү жана категориялык гранттар. Эң чоң "
        f"чыгаша — билим берүү, биринчи кезекте бала бакчалар.",
        f"В {year} году собственные доходы айылного аймака — земельный налог и налог на имущество, местные "
        f"сборы, аренда земли; остальное — выравнивающий и категориальные гранты из республиканского "
        f"бюджета. Больше всего расходов идёт на образование, прежде всего на детские сады.",
        f"In {year} the municipality's own revenue is land and property tax, local fees and land rent; the "
        f"rest are the equalization and categorical grants from the republican budget. Most of the spending "
        f"goes to education, above all to kindergartens.",
    )


class _Writer:
    """Writes one budget's versions with the classification looked up once."""

    def __init__(self) -> None:
        self.codes = {(item.kind, item.code): item for item in Classification.objects.all()}

    def version(
        self,
        budget: Budget,
        kind: str,
        date: datetime.date,
        lines: dict[tuple[str, str, str], tuple[Decimal, bool]],
        *,
        number: int = 0,
        period: str = "",
        act_title: str = "",
        act_title_ru: str = "",
        published: bool = True,
    ) -> BudgetVersion:
        published_at = None
        if published:
            published_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))
        version = BudgetVersion.objects.create(
            budget=budget,
            kind=kind,
            number=number,
            period=period,
            date=date,
            act_title=act_title,
            act_title_ru=act_title_ru,
            act_date=date if act_title else None,
            published_at=published_at,
        )
        rows = []
        for (direction, code, economic), (amount, over_plan) in lines.items():
            kind_of_code = (
                ClassificationKind.REVENUE
                if direction == LineDirection.REVENUE
                else ClassificationKind.FUNCTION
            )
            rows.append(
                BudgetLine(
                    version=version,
                    direction=direction,
                    code=self.codes[(kind_of_code, code)],
                    economic=self.codes[(ClassificationKind.ECONOMIC, economic)] if economic else None,
                    amount=amount,
                    over_plan=over_plan,
                    note=OVER_PLAN_NOTE if over_plan else "",
                )
            )
        BudgetLine.objects.bulk_create(rows)
        return version


def _plain(amounts: Amounts) -> dict[tuple[str, str, str], tuple[Decimal, bool]]:
    return {key: (amount, False) for key, amount in amounts.items()}


def _budget_fill(writer: _Writer, municipality: Unit, year: int) -> None:
    budget, _created = Budget.objects.get_or_create(municipality=municipality, year=year)
    if budget.versions.exists():
        return  # staff may have changed it: the demo never overwrites
    # Seeded so that the demo is the same every time; nothing secret depends on it.
    rng = random.Random(f"kenesh-demo-budget-{municipality.coate}-{year}")  # noqa: S311
    population = int((municipality.population or 8000) * (1 + 0.012 * (year - 2025)))
    per_capita = Decimal(REVENUE_PER_CAPITA.get(municipality.coate, 4500)) * (1 + GROWTH) ** (year - 2025)
    plan = _plan(rng, per_capita * population)
    budget.population = population
    budget.summary_ky, budget.summary_ru, budget.summary_en = _summary(municipality, year)
    budget.save()
    decision = rng.randint(3, 9)

    def act(number: int) -> tuple[str, str]:
        session = f"{decision + number}-{rng.randint(10, 40)}"
        adopted = year - 1 if number == 0 else year
        return (
            f"Айылдык кеңештин {adopted}-жылдагы №{session} токтому",
            f"Постановление айылного кенеша №{session} от {adopted} года",
        )

    if year >= 2025:
        draft = _plan(rng, per_capita * population * Decimal("0.97"))
        writer.version(budget, VersionKind.DRAFT, datetime.date(year - 1, 11, 1), _plain(draft))
    approved_ky, approved_ru = act(0)
    writer.version(
        budget,
        VersionKind.APPROVED,
        datetime.date(year - 1, 12, 20),
        _plain(plan),
        act_title=approved_ky,
        act_title_ru=approved_ru,
    )
    in_force = plan
    if year == 2025:
        in_force = _amended(rng, plan)
        amended_ky, amended_ru = act(1)
        writer.version(
            budget,
            VersionKind.AMENDMENT,
            datetime.date(year, 6, 20),
            _plain(in_force),
            number=1,
            act_title=amended_ky,
            act_title_ru=amended_ru,
        )
    periods = {
        2023: [ExecutionPeriod.YEAR],
        2024: [ExecutionPeriod.YEAR],
        2025: [ExecutionPeriod.Q3, ExecutionPeriod.YEAR],
        2026: [ExecutionPeriod.Q1, ExecutionPeriod.Q2, ExecutionPeriod.Q3],
    }[year]
    for period in periods:
        shift, month, day = PERIOD_DATE[period]
        writer.version(
            budget,
            VersionKind.EXECUTION,
            datetime.date(year + shift, month, day),
            _executed(rng, in_force, period),
            period=period,
        )
    if year == 2026 and municipality.coate == KUM_DOBO:
        # An amendment being prepared: staff see it in the office, citizens do not.
        writer.version(
            budget,
            VersionKind.AMENDMENT,
            datetime.date(year, 11, 20),
            _plain(_amended(rng, plan)),
            number=1,
            published=False,
        )


def load_demo() -> None:
    """Budgets of every demo municipality for each year in which it existed on 1 January."""
    classification_ensure()
    with transaction.atomic():
        writer = _Writer()
        for coate in COATES:
            for year in YEARS:
                municipality = (
                    Municipality.objects.as_of(datetime.date(year, 1, 1)).filter(coate=coate).first()
                )
                if municipality is not None:
                    _budget_fill(writer, municipality, year)
