"""Writes of the budgets app: budgets, versions, lines, publishing and imports; each atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_changes, audit_record
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
from kenesh.territory.models import Level, Unit
from kenesh.web.l10n import format_som

# The largest amount a line holds: max_digits=16 with 2 decimal places.
AMOUNT_LIMIT = Decimal("99999999999999.99")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _money(value: Decimal) -> str:
    """An amount as a JSON-safe string for the audit log (exact, unlike a float)."""
    return str(value)


def _line_snapshot(line: BudgetLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "amount": _money(line.amount),
        "over_plan": line.over_plan,
        "note": line.note,
    }


# Budgets


@transaction.atomic
def budget_create(*, actor: Any, municipality: Unit, year: int, population: int | None = None) -> Budget:
    """Open the budget of `municipality` for `year` (its versions come next)."""
    if municipality.level != Level.MUNICIPALITY:
        raise ValidationError(_("A budget belongs to a municipality."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Enter a year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    if Budget.objects.filter(municipality=municipality, year=year).exists():
        raise ValidationError({"year": _("The budget for %(year)s already exists.") % {"year": year}})
    budget = Budget.objects.create(municipality=municipality, year=year, population=population)
    audit_record(
        actor=actor,
        action="budgets.budget.create",
        target=budget,
        municipality=municipality,
        changes={
            "year": {"before": None, "after": year},
            "population": {"before": None, "after": population},
        },
    )
    return budget


@transaction.atomic
def budget_summary_edit(
    *,
    actor: Any,
    budget: Budget,
    summary_ky: str,
    summary_ru: str,
    summary_en: str,
    population: int | None,
) -> Budget:
    """Change the short texts of the citizen's budget and the population the per-capita figures use."""
    fields = ("summary_ky", "summary_ru", "summary_en", "population")
    before = {name: getattr(budget, name) for name in fields}
    budget.summary_ky, budget.summary_ru, budget.summary_en = summary_ky, summary_ru, summary_en
    budget.population = population
    after = {name: getattr(budget, name) for name in fields}
    changes = audit_changes(before, after)
    if changes:
        budget.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action="budgets.budget.summary",
            target=budget,
            municipality=budget.municipality,
            changes=changes,
        )
    return budget


# Versions


def version_plan_in_force(budget: Budget, on: datetime.date) -> BudgetVersion | None:
    """The plan an execution report on day `on` is measured against: the latest approved budget or
    amendment dated on or before `on` (drafts are not in force); None when nothing was approved yet."""
    return (
        budget.versions.filter(kind__in=(VersionKind.APPROVED, VersionKind.AMENDMENT), date__lte=on)
        .order_by("-date", "-number", "-id")
        .first()
    )


def _version_check(budget: Budget, kind: str, number: int, period: str) -> None:
    if kind == VersionKind.EXECUTION and not period:
        raise ValidationError({"period": _("An execution report needs its period.")})
    if kind != VersionKind.EXECUTION and period:
        raise ValidationError({"period": _("Only an execution report has a period.")})
    if kind == VersionKind.AMENDMENT and number < 1:
        raise ValidationError({"number": _("Amendments are numbered from 1.")})
    if kind != VersionKind.AMENDMENT and number:
        raise ValidationError({"number": _("Only amendments have a number.")})
    if budget.versions.filter(kind=kind, number=number, period=period).exists():
        raise ValidationError(_("This budget already has this version."))


@transaction.atomic
def version_create(
    *,
    actor: Any,
    budget: Budget,
    kind: str,
    date: datetime.date,
    number: int | None = None,
    period: str = "",
    act_title: str = "",
    act_title_ru: str = "",
    act_date: datetime.date | None = None,
    copy_from: BudgetVersion | None = None,
) -> BudgetVersion:
    """Add a version to `budget`; amendments without a number get the next one. With `copy_from` (a version
    of the same budget) its lines are copied, the usual start of an amendment or a report."""
    kind = VersionKind(kind)
    period = ExecutionPeriod(period) if period else ""
    if kind == VersionKind.AMENDMENT and not number:
        last = budget.versions.filter(kind=VersionKind.AMENDMENT).aggregate(last=Max("number"))["last"]
        number = (last or 0) + 1
    number = number or 0
    _version_check(budget, kind, number, period)
    if copy_from is not None and copy_from.budget_id != budget.pk:
        raise ValidationError({"copy_from": _("Lines can be copied only from a version of the same budget.")})
    version = BudgetVersion.objects.create(
        budget=budget,
        kind=kind,
        number=number,
        period=period,
        date=date,
        act_title=act_title,
        act_title_ru=act_title_ru,
        act_date=act_date,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    copied = 0
    if copy_from is not None:
        copies = [
            BudgetLine(
                version=version,
                direction=line.direction,
                code_id=line.code_id,
                economic_id=line.economic_id,
                amount=line.amount,
                note=line.note,
            )
            for line in copy_from.lines.all()
        ]
        copied = len(BudgetLine.objects.bulk_create(copies))
    audit_record(
        actor=actor,
        action="budgets.version.create",
        target=version,
        municipality=budget.municipality,
        changes={
            "kind": {"before": None, "after": kind.value},
            "number": {"before": None, "after": number},
            "period": {"before": None, "after": str(period)},
            "date": {"before": None, "after": date.isoformat()},
            "act_title": {"before": None, "after": act_title},
            "act_title_ru": {"before": None, "after": act_title_ru},
            "copied_lines": {"before": None, "after": copied},
        },
    )
    return version


@transaction.atomic
def version_publish(*, actor: Any, version: BudgetVersion) -> BudgetVersion:
    """Make the version public (the citizen's budget and open data show it)."""
    if version.published_at is not None:
        raise ValidationError(_("This version is already published."))
    if not version.lines.exists():
        raise ValidationError(_("A version without lines cannot be published."))
    version.published_at = timezone.now()
    version.save(update_fields=["published_at", "modified_at"])
    audit_record(
        actor=actor,
        action="budgets.version.publish",
        target=version,
        municipality=version.budget.municipality,
        changes={"published_at": {"before": None, "after": version.published_at.isoformat()}},
    )
    return version


def _version_touch(version: BudgetVersion) -> None:
    """Move the version's last-modified date (open data's Last-Modified) after a change of its lines."""
    version.save(update_fields=["modified_at"])


# Lines


def plan_amounts(
    version: BudgetVersion,
) -> tuple[BudgetVersion | None, dict[tuple[int, int | None], Decimal]]:
    """For an execution report: the plan in force on its date and that plan's amounts by (code, economic)
    ids, in one query; for a plan: (None, {})."""
    if version.kind != VersionKind.EXECUTION:
        return None, {}
    plan = version_plan_in_force(version.budget, version.date)
    if plan is None:
        return None, {}
    amounts: dict[tuple[int, int | None], Decimal] = {
        (code_id, economic_id): amount
        for code_id, economic_id, amount in plan.lines.values_list("code_id", "economic_id", "amount")
    }
    return plan, amounts


def over_plan_message(amount: Decimal, planned: Decimal, plan: BudgetVersion) -> str:
    return _(
        "%(amount)s is above the plan in force (%(planned)s, %(plan)s): mark the line as above plan and "
        "say why in the note."
    ) % {
        "amount": format_som(amount, decimals=2),
        "planned": format_som(planned, decimals=2),
        "plan": plan.label,
    }


def line_code_check(
    *, direction: str, code: Classification | None, economic: Classification | None
) -> dict[str, str]:
    """Problems with a line's codes, by field (empty when the codes fit the direction)."""
    problems: dict[str, str] = {}
    expected = (
        ClassificationKind.REVENUE if direction == LineDirection.REVENUE else ClassificationKind.FUNCTION
    )
    if code is None:
        problems["code"] = _("Choose a code.")
    elif code.kind != expected:
        problems["code"] = (
            _("%(code)s is not a revenue code.")
            if expected == ClassificationKind.REVENUE
            else _("%(code)s is not a function code.")
        ) % {"code": code.code}
    elif not code.valid:
        problems["code"] = _("The code %(code)s is no longer valid.") % {"code": code.code}
    if direction == LineDirection.REVENUE and economic is not None:
        problems["economic"] = _("A revenue line has no economic item.")
    if direction == LineDirection.EXPENDITURE:
        if economic is None:
            problems["economic"] = _("An expenditure line needs an economic item.")
        elif economic.kind != ClassificationKind.ECONOMIC:
            problems["economic"] = _("%(code)s is not an economic item.") % {"code": economic.code}
        elif not economic.valid:
            problems["economic"] = _("The code %(code)s is no longer valid.") % {"code": economic.code}
    return problems


@transaction.atomic
def line_set(
    *,
    actor: Any,
    version: BudgetVersion,
    direction: str,
    code: Classification,
    economic: Classification | None,
    amount: Decimal,
    over_plan: bool = False,
    note: str = "",
    line: BudgetLine | None = None,
) -> BudgetLine:
    """Add a line to `version`, or change `line` (one of its lines). The rules of the import apply: codes of
    the right kind, one line per code and economic item, an execution amount above plan only when flagged."""
    problems = line_code_check(direction=direction, code=code, economic=economic)
    if code is not None and code.children.exists():
        problems["code"] = _("%(code)s has sub-codes: use one of them.") % {"code": code.code}
    if economic is not None and "economic" not in problems and economic.children.exists():
        problems["economic"] = _("%(code)s has sub-codes: use one of them.") % {"code": economic.code}
    if amount < 0:
        problems["amount"] = _("The amount cannot be negative.")
    elif amount > AMOUNT_LIMIT:
        problems["amount"] = _("The amount is too large.")
    if problems:
        raise ValidationError(problems)
    if line is not None and line.version_id != version.pk:
        raise ValidationError(_("The line belongs to another version."))
    twins = version.lines.filter(direction=direction, code=code, economic=economic)
    if line is not None:
        twins = twins.exclude(pk=line.pk)
    if twins.exists():
        raise ValidationError(_("The version already has a line with these codes."))
    plan, planned = plan_amounts(version)
    if plan is not None and not over_plan:
        limit = planned.get((code.pk, economic.pk if economic else None), Decimal(0))
        if amount > limit:
            raise ValidationError({"amount": over_plan_message(amount, limit, plan)})
    before = _line_snapshot(line) if line is not None else {}
    if line is None:
        line = BudgetLine(version=version)
    line.direction, line.code, line.economic = direction, code, economic
    line.amount, line.over_plan, line.note = amount, over_plan, note
    line.save()
    _version_touch(version)
    audit_record(
        actor=actor,
        action="budgets.line.update" if before else "budgets.line.create",
        target=line,
        municipality=version.budget.municipality,
        changes=audit_changes(before, _line_snapshot(line)),
    )
    return line


@transaction.atomic
def line_delete(*, actor: Any, line: BudgetLine) -> None:
    version = line.version
    before = _line_snapshot(line)
    audit_record(
        actor=actor,
        action="budgets.line.delete",
        target=line,
        municipality=version.budget.municipality,
        changes=audit_changes(before, {}),
    )
    line.delete()
    _version_touch(version)


@dataclass(frozen=True)
class NewLine:
    """A checked line of an import, with its classification rows resolved."""

    direction: str
    code: Classification
    economic: Classification | None
    amount: Decimal
    over_plan: bool
    note: str


@transaction.atomic
def version_lines_replace(
    *, actor: Any, version: BudgetVersion, lines: Iterable[NewLine], source: str = ""
) -> int:
    """Replace every line of `version` with `lines` (already checked by the importer) in one transaction;
    return how many lines the version now has. `source` names the file in the audit log."""
    before_count = version.lines.count()
    version.lines.all().delete()
    made = BudgetLine.objects.bulk_create(
        BudgetLine(
            version=version,
            direction=line.direction,
            code=line.code,
            economic=line.economic,
            amount=line.amount,
            over_plan=line.over_plan,
            note=line.note,
        )
        for line in lines
    )
    _version_touch(version)
    totals = {direction: Decimal(0) for direction in LineDirection.values}
    for line in made:
        totals[line.direction] += line.amount
    audit_record(
        actor=actor,
        action="budgets.version.import",
        target=version,
        municipality=version.budget.municipality,
        changes={
            "file": {"before": None, "after": source},
            "lines": {"before": before_count, "after": len(made)},
            **{
                f"total_{direction}": {"before": None, "after": _money(total)}
                for direction, total in totals.items()
            },
        },
    )
    return len(made)


# The classification


@transaction.atomic
def classification_import(*, actor: Any, text: str, source: str = "") -> dict[str, int]:
    """Update the budget classification from CSV text (the columns of data/classification.csv): every row is
    checked first (ClassificationError lists the bad ones), then codes are created or updated in place and
    codes missing from the file are marked no longer valid. Returns the counts."""
    from kenesh.budgets.classification import classification_apply, classification_rows_read

    rows = classification_rows_read(text)
    counts = classification_apply(Classification, rows)
    audit_record(
        actor=actor,
        action="budgets.classification.import",
        target=None,
        changes={
            "file": {"before": None, "after": source},
            **{name: {"before": None, "after": count} for name, count in counts.items()},
        },
    )
    return counts
