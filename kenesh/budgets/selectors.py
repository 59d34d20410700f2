"""Public reads of the budgets app: the citizen's budget, comparisons, the national view and open data.

Only published versions are read here. Every function costs a fixed number of queries whatever the size of
the budget or of the country: amounts are summed in the database (grouped by version, direction and code)
and only those few sums are rolled up in Python along the classification, which is one small table.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum
from django.utils.text import capfirst

from kenesh.budgets.models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    Classification,
    ClassificationKind,
    ExecutionPeriod,
    LineDirection,
    RevenueGroup,
    VersionKind,
)
from kenesh.ops.line_links import line_links_of
from kenesh.territory.models import Level, Unit

ZERO = Decimal(0)
# Comparisons across years show at most this many years.
MAX_YEARS = 10
# Peers by population: within this share of the municipality's own population.
PEER_POPULATION_BAND = Decimal("0.30")
# At most this many peers of similar population are proposed besides those of the same rayon.
MAX_POPULATION_PEERS = 10
PUBLISHED = Q(published_at__isnull=False)


# Versions and their slugs -----------------------------------------------------------------------------------


def version_slug(version: BudgetVersion) -> str:
    """The version's stable name in URLs: draft, approved, amendment-2, execution-q3, execution-year."""
    if version.kind == VersionKind.AMENDMENT:
        return f"amendment-{version.number}"
    if version.kind == VersionKind.EXECUTION:
        return f"execution-{version.period}"
    return str(version.kind)


def version_lookup(slug: str) -> dict[str, Any] | None:
    """The filter of a version slug (see `version_slug`), or None when the slug is not one of ours."""
    if slug in (VersionKind.DRAFT, VersionKind.APPROVED):
        return {"kind": slug, "number": 0, "period": ""}
    kind, _dash, rest = slug.partition("-")
    if kind == VersionKind.AMENDMENT and rest.isdigit() and 0 < int(rest) < 1000:
        return {"kind": kind, "number": int(rest), "period": ""}
    if kind == VersionKind.EXECUTION and rest in ExecutionPeriod.values:
        return {"kind": kind, "number": 0, "period": rest}
    return None


def _order(version: BudgetVersion) -> tuple[datetime.date, int]:
    return (version.date, version.pk)


def latest_plan(versions: Iterable[BudgetVersion]) -> BudgetVersion | None:
    """The plan in force among published versions: the latest draft, approved budget or amendment."""
    plans = [version for version in versions if version.is_plan]
    return max(plans, key=_order) if plans else None


def latest_execution(versions: Iterable[BudgetVersion]) -> BudgetVersion | None:
    reports = [version for version in versions if version.kind == VersionKind.EXECUTION]
    return max(reports, key=_order) if reports else None


def annual_execution(versions: Iterable[BudgetVersion]) -> BudgetVersion | None:
    reports = [
        version
        for version in versions
        if version.kind == VersionKind.EXECUTION and version.period == ExecutionPeriod.YEAR
    ]
    return max(reports, key=_order) if reports else None


def line_links(version: BudgetVersion) -> dict[str, list[Any]]:
    """Things that changed or fund a line, by line key: filled by later apps (PB winners, plans, hearings).

    The citizen's budget shows each line with an id made of its `key`; an app that links to lines returns
    here, in a fixed number of queries, {key: [objects with `url` and `title`]}, through the registry of
    kenesh.ops.line_links (so budgets imports none of them).
    """
    return line_links_of(version)


def dom_id(key: str) -> str:
    """An HTML id for a line key ("expenditure:7063:2215" gives "line-expenditure-7063-2215")."""
    return "line-" + "-".join(part for part in key.split(":") if part)


# The classification, rolled up in Python --------------------------------------------------------------------


@dataclass
class ClassificationMap:
    """Every code of the classification by id (one query), with the ancestors pages group by."""

    by_id: dict[int, Classification]

    @classmethod
    def load(cls) -> ClassificationMap:
        return cls({code.pk: code for code in Classification.objects.all()})

    def root(self, code_id: int) -> Classification:
        code = self.by_id[code_id]
        while code.parent_id is not None and code.parent_id in self.by_id:
            code = self.by_id[code.parent_id]
        return code

    def source(self, code_id: int) -> Classification:
        """A revenue's source as people name it (land tax, property tax, equalization grant): the ancestor
        with a four-digit code, or the code itself when it is shorter (a GFS convention of the national list).
        """
        code = self.by_id[code_id]
        while code.parent_id in self.by_id and len(self.by_id[code.parent_id].code) >= 4:  # type: ignore[operator]
            code = self.by_id[code.parent_id]  # type: ignore[index]
        return code

    def ancestors(self, code_id: int) -> list[Classification]:
        """The code and its ancestors, root first."""
        chain = [self.by_id[code_id]]
        while chain[-1].parent_id is not None and chain[-1].parent_id in self.by_id:
            chain.append(self.by_id[chain[-1].parent_id])  # type: ignore[index]
        return chain[::-1]

    def functions(self) -> list[Classification]:
        """The top-level functions (701..710) in display order."""
        return sorted(
            (
                code
                for code in self.by_id.values()
                if code.kind == ClassificationKind.FUNCTION and not code.parent_id
            ),
            key=lambda code: (code.sort_order, code.code),
        )


Sums = dict[tuple[int, str, int], Decimal]


def _line_sums(version_ids: Sequence[int]) -> Sums:
    """Sum of the amounts by (version, direction, code), one query."""
    if not version_ids:
        return {}
    rows = (
        BudgetLine.objects.filter(version_id__in=version_ids)
        .values("version_id", "direction", "code_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(row["version_id"], row["direction"], row["code_id"]): row["total"] for row in rows}


def _rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return part / whole


def _per_capita(amount: Decimal | None, population: int | None) -> Decimal | None:
    if amount is None or not population:
        return None
    return amount / population


# The citizen's budget ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a table of the citizen's budget: a total, a revenue group or source, or a function."""

    key: str
    code: str
    label: str
    plan: Decimal = ZERO
    executed: Decimal | None = None
    last_year: Decimal | None = None
    share: Decimal | None = None
    per_capita: Decimal | None = None
    own: bool = False

    @property
    def anchor(self) -> str:
        return dom_id(self.key)

    @property
    def change(self) -> Decimal | None:
        return None if self.last_year is None else self.plan - self.last_year

    @property
    def change_rate(self) -> Decimal | None:
        return _rate(self.change, self.last_year)

    @property
    def execution_rate(self) -> Decimal | None:
        return _rate(self.executed, self.plan)


@dataclass
class CitizenBudget:
    """Everything the citizen's budget page and its PDF show for one municipality and year."""

    budget: Budget
    municipality: Unit
    population: int | None
    plan: BudgetVersion | None
    execution: BudgetVersion | None
    last_year_plan: BudgetVersion | None
    versions: list[BudgetVersion]
    years: list[int]
    revenue: Row
    expenditure: Row
    own_revenue: Row
    revenue_groups: list[Row]
    revenue_sources: list[Row]
    functions: list[Row]
    lines: list[BudgetLine] = field(default_factory=list)
    links: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.budget.year

    @property
    def plans(self) -> list[BudgetVersion]:
        """The published plans of the year (draft, approved, amendments), oldest first: the version picker."""
        return [version for version in self.versions if version.is_plan]

    @property
    def plan_in_force(self) -> BudgetVersion | None:
        return latest_plan(self.versions)

    @property
    def own_share(self) -> Decimal | None:
        """The self-financing share: own revenues (local taxes, fees, non-tax revenue) over all revenue."""
        return _rate(self.own_revenue.plan, self.revenue.plan)

    @property
    def transfer_share(self) -> Decimal | None:
        own = self.own_share
        return None if own is None else 1 - own

    @property
    def balance(self) -> Decimal:
        return self.revenue.plan - self.expenditure.plan

    @property
    def previous_year(self) -> int | None:
        earlier = [year for year in self.years if year < self.year]
        return max(earlier) if earlier else None

    @property
    def next_year(self) -> int | None:
        later = [year for year in self.years if year > self.year]
        return min(later) if later else None

    def _items(self, direction: str) -> list[LineItem]:
        return [
            LineItem(line, dom_id(line.key), self.links.get(line.key, []))
            for line in self.lines
            if line.direction == direction
        ]

    @property
    def revenue_items(self) -> list[LineItem]:
        return self._items(LineDirection.REVENUE)

    @property
    def expenditure_items(self) -> list[LineItem]:
        return self._items(LineDirection.EXPENDITURE)


@dataclass(frozen=True)
class LineItem:
    """A line of the plan shown, its HTML id (from its key) and what later apps link to it."""

    line: BudgetLine
    anchor: str
    links: list[Any]


def _population(budget: Budget) -> int | None:
    return budget.population or budget.municipality.population


def published_years(*, coate: str) -> list[int]:
    """The years in which the municipality has a published budget version, newest first: one query."""
    years = (
        BudgetVersion.objects.filter(PUBLISHED, budget__municipality__coate=coate)
        .values_list("budget__year", flat=True)
        .distinct()
        .order_by("-budget__year")
    )
    return list(years)


def municipality_get(*, coate: str) -> Unit | None:
    """The municipality with this code (its latest version), or None: one query."""
    return (
        Unit.objects.filter(coate=coate, level=Level.MUNICIPALITY)
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )


def _budget_get(*, coate: str, year: int) -> Budget | None:
    return (
        Budget.objects.filter(municipality__coate=coate, year=year, municipality__level=Level.MUNICIPALITY)
        .select_related("municipality__parent__parent")
        .order_by(F("municipality__valid_from").desc(nulls_last=True))
        .first()
    )


def citizen_budget(*, coate: str, year: int, plan_slug: str = "") -> CitizenBudget | None:
    """The citizen's budget of a municipality and year from its published versions; None if none is published
    (or if `plan_slug` names no published plan of that year).

    Shown: the plan in force (latest published plan), or the plan `plan_slug` names (the draft, while it is
    discussed at the hearings), against the latest published execution report and against last year's plan
    in force. Six queries.
    """
    budget = _budget_get(coate=coate, year=year)
    if budget is None:
        return None
    published = list(
        BudgetVersion.objects.filter(
            PUBLISHED, budget__municipality__coate=coate, budget__year__in=(year, year - 1)
        )
        .select_related("budget")
        .order_by("date", "id")
    )
    versions = [version for version in published if version.budget_id == budget.pk]
    if not versions:
        return None
    for version in versions:
        version.budget = budget  # one object, so that labels and links need no query
    plan = latest_plan(versions)
    if plan_slug:
        plan = next((v for v in versions if v.is_plan and version_slug(v) == plan_slug), None)
        if plan is None:
            return None
    execution = latest_execution(versions)
    last_year_plan = latest_plan(version for version in published if version.budget.year == year - 1)
    shown = [version.pk for version in (plan, execution, last_year_plan) if version is not None]
    sums = _line_sums(shown)
    codes = ClassificationMap.load()
    population = _population(budget)

    def amount_of(version: BudgetVersion | None, direction: str, pick: Any) -> dict[int, Decimal]:
        """Sums of one version and direction, keyed by the code `pick` rolls each line code up to."""
        totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
        if version is None:
            return totals
        for (version_id, line_direction, code_id), total in sums.items():
            if version_id == version.pk and line_direction == direction:
                totals[pick(code_id)] += total
        return totals

    def rows(direction: str, pick: Any, *, order: Any) -> list[Row]:
        planned = amount_of(plan, direction, pick)
        executed = amount_of(execution, direction, pick)
        previous = amount_of(last_year_plan, direction, pick)
        whole = sum(planned.values(), ZERO)
        result = []
        for code_id in sorted(set(planned) | set(executed), key=order):
            code = codes.by_id[code_id]
            amount = planned.get(code_id, ZERO)
            result.append(
                Row(
                    key=f"{direction}:{code.code}:",
                    code=code.code,
                    label=code.name,
                    plan=amount,
                    executed=executed.get(code_id, ZERO) if execution else None,
                    last_year=previous.get(code_id, ZERO) if last_year_plan else None,
                    share=_rate(amount, whole),
                    per_capita=_per_capita(amount, population),
                    own=code.is_own_revenue,
                )
            )
        return result

    def by_code(code_id: int) -> tuple[int, str]:
        code = codes.by_id[code_id]
        return (code.sort_order, code.code)

    functions = rows(LineDirection.EXPENDITURE, lambda code_id: codes.root(code_id).pk, order=by_code)
    sources = rows(LineDirection.REVENUE, lambda code_id: codes.source(code_id).pk, order=by_code)
    # The largest first: what a reader asks is "where does most of the money go".
    functions.sort(key=lambda row: -row.plan)
    sources.sort(key=lambda row: -row.plan)
    groups = _revenue_groups(sources, codes, population)

    def total(key: str, label: str, items: list[Row]) -> Row:
        return Row(
            key=key,
            code="",
            label=label,
            plan=sum((row.plan for row in items), ZERO),
            executed=sum((row.executed or ZERO for row in items), ZERO) if execution else None,
            last_year=sum((row.last_year or ZERO for row in items), ZERO) if last_year_plan else None,
            per_capita=_per_capita(sum((row.plan for row in items), ZERO), population),
        )

    revenue = total("revenue::", "", sources)
    own = total("revenue:own:", "", [row for row in sources if row.own])
    lines: list[BudgetLine] = []
    if plan is not None:
        lines = list(
            BudgetLine.objects.filter(version=plan)
            .select_related("code", "economic")
            .order_by("direction", "code__sort_order", "code__code", "economic__sort_order", "economic__code")
        )
        for line in lines:
            line.version = plan
    return CitizenBudget(
        budget=budget,
        municipality=budget.municipality,
        population=population,
        plan=plan,
        execution=execution,
        last_year_plan=last_year_plan,
        versions=versions,
        years=published_years(coate=coate),
        revenue=revenue,
        expenditure=total("expenditure::", "", functions),
        own_revenue=own,
        revenue_groups=groups,
        revenue_sources=sources,
        functions=functions,
        lines=lines,
        links=line_links(plan) if plan is not None else {},
    )


def _revenue_groups(sources: list[Row], codes: ClassificationMap, population: int | None) -> list[Row]:
    """Revenue by group (tax, non-tax, equalization grant, categorical grants, other transfers)."""
    group_of = {code.code: code.revenue_group for code in codes.by_id.values() if code.kind == "revenue"}
    labels = dict(RevenueGroup.choices)
    whole = sum((row.plan for row in sources), ZERO)
    groups: dict[str, Row] = {}
    for row in sources:
        group = group_of.get(row.code) or RevenueGroup.OTHER_TRANSFER
        target = groups.setdefault(
            group,
            Row(
                key=f"revenue:group-{group}:",
                code=group,
                label=capfirst(str(labels[group])),
                executed=ZERO if row.executed is not None else None,
                last_year=ZERO if row.last_year is not None else None,
                own=row.own,
            ),
        )
        target.plan += row.plan
        if target.executed is not None:
            target.executed += row.executed or ZERO
        if target.last_year is not None:
            target.last_year += row.last_year or ZERO
    order = list(RevenueGroup.values)
    result = sorted(groups.values(), key=lambda row: order.index(row.code))
    for row in result:
        row.share = _rate(row.plan, whole)
        row.per_capita = _per_capita(row.plan, population)
    return result


# Figures of many budgets: comparisons and the national view -------------------------------------------------


@dataclass
class BudgetFigures:
    """One budget in a comparison: totals of its plan in force and its annual execution, per capita."""

    budget: Budget
    plan: BudgetVersion | None
    execution: BudgetVersion | None
    revenue: Decimal = ZERO
    own_revenue: Decimal = ZERO
    expenditure: Decimal = ZERO
    executed_expenditure: Decimal | None = None
    functions: dict[str, Decimal] = field(default_factory=dict)

    @property
    def municipality(self) -> Unit:
        return self.budget.municipality

    @property
    def year(self) -> int:
        return self.budget.year

    @property
    def population(self) -> int | None:
        return _population(self.budget)

    @property
    def own_share(self) -> Decimal | None:
        return _rate(self.own_revenue, self.revenue)

    @property
    def revenue_per_capita(self) -> Decimal | None:
        return _per_capita(self.revenue, self.population)

    @property
    def own_revenue_per_capita(self) -> Decimal | None:
        return _per_capita(self.own_revenue, self.population)

    @property
    def expenditure_per_capita(self) -> Decimal | None:
        return _per_capita(self.expenditure, self.population)

    @property
    def execution_rate(self) -> Decimal | None:
        """Annual executed expenditure over planned expenditure; None before the annual report."""
        return _rate(self.executed_expenditure, self.expenditure)

    def function_per_capita(self, code: str) -> Decimal | None:
        return _per_capita(self.functions.get(code, ZERO), self.population)

    def function_cells(self, codes: Sequence[str]) -> list[Decimal | None]:
        return [self.function_per_capita(code) for code in codes]


def _figures(*, version_filter: Q, codes: ClassificationMap) -> list[BudgetFigures]:
    """Figures of every budget with a published version matching `version_filter`: two queries.

    The lines are summed per version with one filtered sum per figure (revenue, own revenue, spending, each
    top-level function), the codes of each taken from the classification, so no line is joined to it.
    """
    versions = list(
        BudgetVersion.objects.filter(PUBLISHED, version_filter)
        .select_related("budget__municipality__parent__parent")
        # The staff texts are long and unused here.
        .defer("budget__summary_ky", "budget__summary_ru", "budget__summary_en")
        .order_by("date", "id")
    )
    by_budget: dict[int, list[BudgetVersion]] = defaultdict(list)
    for version in versions:
        by_budget[version.budget_id].append(version)
    figures: dict[int, BudgetFigures] = {}
    plans: dict[int, BudgetFigures] = {}
    executions: dict[int, BudgetFigures] = {}
    for budget_versions in by_budget.values():
        plan = latest_plan(budget_versions)
        if plan is None:
            continue
        execution = annual_execution(budget_versions)
        item = BudgetFigures(budget=budget_versions[0].budget, plan=plan, execution=execution)
        figures[item.budget.pk] = item
        plans[plan.pk] = item
        if execution is not None:
            executions[execution.pk] = item
            item.executed_expenditure = ZERO
    if not plans:
        return []
    # One row per version, every figure a filtered sum: the database reads each version's lines in index
    # order and never sorts or hashes the 150,000 lines of a national year.
    kinds: dict[str, list[int]] = defaultdict(list)
    for code in codes.by_id.values():
        if code.kind == ClassificationKind.REVENUE:
            kinds["revenue"].append(code.pk)
            if code.is_own_revenue:
                kinds["own"].append(code.pk)
        elif code.kind == ClassificationKind.FUNCTION:
            kinds["spending"].append(code.pk)
            kinds[f"fn_{codes.root(code.pk).code}"].append(code.pk)
    sums = {name: Sum("amount", filter=Q(code_id__in=ids)) for name, ids in kinds.items()}
    rows = (
        BudgetLine.objects.filter(version_id__in=[*plans, *executions])
        .values("version_id")
        .annotate(**sums)
        .order_by()
    )
    for row in rows:
        planned = plans.get(row["version_id"])
        if planned is None:
            executions[row["version_id"]].executed_expenditure = row.get("spending") or ZERO
            continue
        item = planned
        item.revenue = row.get("revenue") or ZERO
        item.own_revenue = row.get("own") or ZERO
        item.expenditure = row.get("spending") or ZERO
        item.functions = {
            name[3:]: total for name, total in row.items() if name.startswith("fn_") and total is not None
        }
    return list(figures.values())


@dataclass
class YearsComparison:
    municipality: Unit
    years: list[int]
    chosen: list[int]
    figures: list[BudgetFigures]
    functions: list[Classification]


def compare_years(*, coate: str, years: Sequence[int] = ()) -> YearsComparison | None:
    """One municipality across up to ten years (the chosen ones, else the latest ten): four queries."""
    available = published_years(coate=coate)
    if not available:
        return None
    chosen = (
        sorted({year for year in years if year in available}, reverse=True)[:MAX_YEARS]
        or available[:MAX_YEARS]
    )
    codes = ClassificationMap.load()
    figures = _figures(
        version_filter=Q(budget__municipality__coate=coate, budget__year__in=chosen), codes=codes
    )
    figures.sort(key=lambda item: item.year)
    if not figures:
        return None
    return YearsComparison(
        municipality=figures[-1].municipality,
        years=available,
        chosen=sorted(chosen),
        figures=figures,
        functions=codes.functions(),
    )


@dataclass
class PeersComparison:
    municipality: Unit
    year: int
    figures: list[BudgetFigures]
    candidates: list[BudgetFigures]
    chosen: list[str]
    functions: list[Classification]

    @property
    def own(self) -> BudgetFigures | None:
        return next(
            (item for item in self.figures if item.municipality.coate == self.municipality.coate), None
        )


def compare_peers(*, coate: str, year: int, peers: Sequence[str] = ()) -> PeersComparison | None:
    """A municipality against peers in one year, per capita: the chosen peers, else those of the same rayon
    and those of similar population (within ±30%). Four queries.
    """
    codes = ClassificationMap.load()
    everyone = _figures(version_filter=Q(budget__year=year), codes=codes)
    own = next((item for item in everyone if item.municipality.coate == coate), None)
    if own is None:
        return None
    population = own.population
    same_rayon = [
        item
        for item in everyone
        if item is not own and item.municipality.parent_id == own.municipality.parent_id
    ]
    similar: list[BudgetFigures] = []
    if population:
        band = population * PEER_POPULATION_BAND
        similar = sorted(
            (
                item
                for item in everyone
                if item is not own
                and item not in same_rayon
                and item.population
                and abs(item.population - population) <= band
            ),
            key=lambda item: abs((item.population or 0) - population),
        )[:MAX_POPULATION_PEERS]
    candidates = sorted(same_rayon, key=lambda item: item.municipality.name) + similar
    wanted = set(peers)
    picked = [item for item in candidates if item.municipality.coate in wanted] if wanted else candidates
    if wanted and not picked:
        # Anyone with a published budget may be compared by name, not only the proposed peers.
        picked = [item for item in everyone if item.municipality.coate in wanted and item is not own]
    return PeersComparison(
        municipality=own.municipality,
        year=year,
        figures=[own, *picked],
        candidates=candidates,
        chosen=[item.municipality.coate for item in picked] if wanted else [],
        functions=codes.functions(),
    )


# The national and oblast view -------------------------------------------------------------------------------

SORTS = ("name", "population", "revenue_pc", "own_share", "expenditure_pc", "execution_rate")
PAGE_SIZE = 50


def _sort_value(item: BudgetFigures, sort: str) -> Any:
    if sort == "name":
        return item.municipality.name.casefold()
    if sort == "population":
        return item.population
    if sort == "revenue_pc":
        return item.revenue_per_capita
    if sort == "own_share":
        return item.own_share
    if sort == "expenditure_pc":
        return item.expenditure_per_capita
    if sort == "execution_rate":
        return item.execution_rate
    if sort.startswith("fn-"):
        return item.function_per_capita(sort[3:])
    return None


@dataclass
class Overview:
    year: int | None
    years: list[int]
    oblast: str
    rayon: str
    oblasts: list[Unit]
    rayons: list[Unit]
    sort: str
    descending: bool
    figures: list[BudgetFigures]
    functions: list[Classification]

    @property
    def count(self) -> int:
        return len(self.figures)


def overview(
    *,
    year: int | None = None,
    oblast: str = "",
    rayon: str = "",
    sort: str = "name",
    descending: bool = False,
) -> Overview:
    """Every municipality with a published budget in a year (the latest by default), optionally of one oblast
    or rayon, with own-revenue share, spending per capita by function and execution rate, sorted. Six queries.
    """
    years = list(
        Budget.objects.filter(versions__published_at__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    if year not in years:
        year = years[0] if years else None
    oblasts = list(Unit.objects.current().filter(level=Level.OBLAST).order_by("coate"))
    rayons = list(Unit.objects.current().filter(level=Level.RAYON).select_related("parent").order_by("coate"))
    if oblast and not any(unit.coate == oblast for unit in oblasts):
        oblast = ""
    if rayon and not any(
        unit.coate == rayon and (not oblast or (unit.parent is not None and unit.parent.coate == oblast))
        for unit in rayons
    ):
        rayon = ""
    version_filter = Q(budget__year=year)
    if oblast:
        version_filter &= Q(budget__municipality__parent__parent__coate=oblast)
    if rayon:
        version_filter &= Q(budget__municipality__parent__coate=rayon)
    codes = ClassificationMap.load()
    figures = _figures(version_filter=version_filter, codes=codes) if year is not None else []
    functions = codes.functions()
    valid_sorts = set(SORTS) | {f"fn-{code.code}" for code in functions}
    if sort not in valid_sorts:
        sort = "name"
    # Missing figures last in either direction.
    present = [item for item in figures if _sort_value(item, sort) is not None]
    missing = [item for item in figures if _sort_value(item, sort) is None]
    present.sort(key=lambda item: _sort_value(item, sort), reverse=descending)
    missing.sort(key=lambda item: item.municipality.name.casefold())
    return Overview(
        year=year,
        years=years,
        oblast=oblast,
        rayon=rayon,
        oblasts=oblasts,
        rayons=[
            unit for unit in rayons if not oblast or (unit.parent is not None and unit.parent.coate == oblast)
        ],
        sort=sort,
        descending=descending,
        figures=present + missing,
        functions=functions,
    )


# Open data --------------------------------------------------------------------------------------------------


def published_version(*, coate: str, year: int, slug: str) -> BudgetVersion | None:
    """A published version by its stable address, with its budget and municipality: one query."""
    lookup = version_lookup(slug)
    if lookup is None:
        return None
    return (
        BudgetVersion.objects.filter(
            PUBLISHED, budget__municipality__coate=coate, budget__year=year, **lookup
        )
        .select_related("budget__municipality")
        .order_by(F("budget__municipality__valid_from").desc(nulls_last=True))
        .first()
    )


def published_versions(*, coate: str = "", year: int | None = None) -> list[BudgetVersion]:
    """Published versions, optionally of one municipality or year, with their budget: one query."""
    versions = BudgetVersion.objects.filter(PUBLISHED).select_related("budget__municipality")
    if coate:
        versions = versions.filter(budget__municipality__coate=coate)
    if year is not None:
        versions = versions.filter(budget__year=year)
    return list(versions.order_by("budget__municipality__coate", "-budget__year", "date", "id"))


@dataclass
class OpenDataLine:
    """One line of a published version as the open data shows it, with its classification path."""

    line: BudgetLine
    code_path: list[Classification]
    economic_path: list[Classification]


def version_lines(version: BudgetVersion) -> list[OpenDataLine]:
    """The lines of a version in classification order, each with its code hierarchy: two queries."""
    codes = ClassificationMap.load()
    lines = (
        BudgetLine.objects.filter(version=version)
        .order_by("direction", "code__sort_order", "code__code", "economic__sort_order", "economic__code")
        .only("id", "version_id", "direction", "code_id", "economic_id", "amount", "over_plan", "note")
    )
    result = []
    for line in lines:
        line.version = version
        line.code = codes.by_id[line.code_id]
        line.economic = codes.by_id[line.economic_id] if line.economic_id else None
        result.append(
            OpenDataLine(
                line=line,
                code_path=codes.ancestors(line.code_id),
                economic_path=codes.ancestors(line.economic_id) if line.economic_id else [],
            )
        )
    return result
