"""Writes of the budgets app: each one checks its rules, is atomic and leaves an audit entry."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kenesh.audit.models import AuditEntry
from kenesh.budgets import services
from kenesh.budgets.models import (
    Budget,
    BudgetLine,
    Classification,
    ClassificationKind,
    ExecutionPeriod,
    LineDirection,
    VersionKind,
)
from kenesh.budgets.testing import classification_get, version_make
from tests.budgets.core_fixtures import PLAN_LINES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def code(kind: str, value: str) -> Classification:
    return classification_get(kind, value)


def test_budget_create_is_audited(ours, staff):
    budget = services.budget_create(actor=staff, municipality=ours, year=2026, population=8200)
    assert budget.population == 8200
    entry = AuditEntry.objects.get(action="budgets.budget.create")
    assert entry.actor == staff and entry.municipality_coate == ours.coate
    assert entry.changes["year"] == {"before": None, "after": 2026}


def test_budget_create_refuses_a_second_budget_for_the_year(budget, staff):
    with pytest.raises(ValidationError, match="already exists"):
        services.budget_create(actor=staff, municipality=budget.municipality, year=2025)
    assert Budget.objects.count() == 1


def test_budget_summary_edit_records_what_changed(budget, staff):
    services.budget_summary_edit(
        actor=staff, budget=budget, summary_ky="Кыскача", summary_ru="Кратко", summary_en="", population=9000
    )
    budget.refresh_from_db()
    assert (budget.summary_ru, budget.population) == ("Кратко", 9000)
    entry = AuditEntry.objects.get(action="budgets.budget.summary")
    assert set(entry.changes) == {"summary_ky", "summary_ru", "population"}


def test_amendments_are_numbered_and_copy_lines(budget, staff):
    approved = budget.versions.get()
    first = services.version_create(
        actor=staff,
        budget=budget,
        kind=VersionKind.AMENDMENT,
        date=datetime.date(2025, 6, 1),
        copy_from=approved,
    )
    second = services.version_create(
        actor=staff, budget=budget, kind=VersionKind.AMENDMENT, date=datetime.date(2025, 9, 1)
    )
    assert (first.number, second.number) == (1, 2)
    assert first.lines.count() == len(PLAN_LINES) and first.published_at is None
    assert first.created_by == staff
    assert AuditEntry.objects.filter(action="budgets.version.create").count() == 2


@pytest.mark.parametrize(
    ("kind", "number", "period", "message"),
    [
        (VersionKind.EXECUTION, None, "", "needs its period"),
        (VersionKind.APPROVED, None, ExecutionPeriod.Q1, "Only an execution report has a period"),
        (VersionKind.APPROVED, None, "", "already has this version"),
        (VersionKind.DRAFT, 3, "", "Only amendments have a number"),
    ],
)
def test_version_create_rules(budget, staff, kind, number, period, message):
    with pytest.raises(ValidationError, match=message):
        services.version_create(
            actor=staff,
            budget=budget,
            kind=kind,
            number=number,
            period=period,
            date=datetime.date(2025, 1, 1),
        )


def test_publish_needs_lines_and_happens_once(budget, staff):
    draft = version_make(budget, VersionKind.DRAFT, published=False)
    with pytest.raises(ValidationError, match="without lines"):
        services.version_publish(actor=staff, version=draft)
    approved = budget.versions.get(kind=VersionKind.APPROVED)
    approved.published_at = None
    approved.save()
    services.version_publish(actor=staff, version=approved)
    assert approved.is_published
    with pytest.raises(ValidationError, match="already published"):
        services.version_publish(actor=staff, version=approved)
    assert AuditEntry.objects.filter(action="budgets.version.publish").count() == 1


def test_plan_in_force_is_the_latest_approved_or_amendment_on_the_day(budget):
    approved = budget.versions.get()
    version_make(budget, VersionKind.DRAFT, date=datetime.date(2025, 3, 1))
    amendment = version_make(budget, VersionKind.AMENDMENT, date=datetime.date(2025, 6, 15))
    assert services.version_plan_in_force(budget, datetime.date(2025, 6, 14)) == approved
    assert services.version_plan_in_force(budget, datetime.date(2025, 6, 15)) == amendment
    assert services.version_plan_in_force(budget, datetime.date(2024, 1, 1)) is None


def test_line_set_adds_changes_and_audits(budget, staff):
    version = budget.versions.get()
    line = services.line_set(
        actor=staff,
        version=version,
        direction=LineDirection.EXPENDITURE,
        code=code(ClassificationKind.FUNCTION, "7064"),
        economic=code(ClassificationKind.ECONOMIC, "2215"),
        amount=Decimal("450000.50"),
    )
    services.line_set(
        actor=staff,
        version=version,
        direction=line.direction,
        code=line.code,
        economic=line.economic,
        amount=Decimal("500000"),
        note="тариф",
        line=line,
    )
    line.refresh_from_db()
    assert (line.amount, line.note) == (Decimal("500000.00"), "тариф")
    update = AuditEntry.objects.get(action="budgets.line.update")
    assert update.changes["amount"] == {"before": "450000.50", "after": "500000"}
    services.line_delete(actor=staff, line=line)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert (
        AuditEntry.objects.get(action="budgets.line.delete").changes["key"]["before"]
        == "expenditure:7064:2215"
    )


@pytest.mark.parametrize(
    ("direction", "function", "economic", "field", "message"),
    [
        (LineDirection.EXPENDITURE, "7091", None, "economic", "needs an economic item"),
        (LineDirection.EXPENDITURE, "709", "2111", "code", "has sub-codes"),
        (LineDirection.REVENUE, "7091", None, "code", "not a revenue code"),
        (LineDirection.EXPENDITURE, "7091", "21", "economic", "has sub-codes"),
    ],
)
def test_line_set_checks_codes(budget, staff, direction, function, economic, field, message):
    kind = ClassificationKind.FUNCTION
    with pytest.raises(ValidationError) as caught:
        services.line_set(
            actor=staff,
            version=budget.versions.get(),
            direction=direction,
            code=code(kind, function),
            economic=code(ClassificationKind.ECONOMIC, economic) if economic else None,
            amount=Decimal(1),
        )
    assert message in " ".join(caught.value.message_dict[field])


def test_line_set_refuses_a_duplicate_line(budget, staff):
    with pytest.raises(ValidationError, match="already has a line"):
        services.line_set(
            actor=staff,
            version=budget.versions.get(),
            direction=LineDirection.REVENUE,
            code=code(ClassificationKind.REVENUE, "1132"),
            economic=None,
            amount=Decimal(5),
        )


def test_an_execution_amount_above_plan_needs_the_flag(budget, staff):
    report = version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.YEAR)
    land_tax = code(ClassificationKind.REVENUE, "1132")
    with pytest.raises(ValidationError, match="above the plan in force"):
        services.line_set(
            actor=staff,
            version=report,
            direction=LineDirection.REVENUE,
            code=land_tax,
            economic=None,
            amount=Decimal("2000000.01"),
        )
    line = services.line_set(
        actor=staff,
        version=report,
        direction=LineDirection.REVENUE,
        code=land_tax,
        economic=None,
        amount=Decimal("2100000"),
        over_plan=True,
        note="arrears collected",
    )
    assert line.over_plan
    # At or under the plan needs no flag.
    services.line_set(
        actor=staff,
        version=report,
        direction=LineDirection.REVENUE,
        code=code(ClassificationKind.REVENUE, "1131"),
        economic=None,
        amount=Decimal("800000"),
    )


def test_a_failed_write_leaves_no_audit_entry(budget, staff):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.budget_create(actor=staff, municipality=budget.municipality, year=2025)
    assert AuditEntry.objects.count() == before


def test_classification_import_updates_in_place_and_retires_missing_codes(staff):
    text = (
        "code,kind,parent_code,revenue_group,is_own_revenue,name_ky,name_ru,name_en\n"
        "1,revenue,,,no,Кирешелер,Доходы (новое),Revenue\n"
        "19,revenue,1,other_transfer,no,Жаңы,Новый,New\n"
    )
    counts = services.classification_import(actor=None, text=text, source="new.csv")
    assert counts["created"] == 1 and counts["updated"] == 1 and counts["retired"] > 50
    assert Classification.objects.get(kind="revenue", code="1").name_ru == "Доходы (новое)"
    assert not Classification.objects.get(kind="revenue", code="1132").valid
    assert AuditEntry.objects.filter(action="budgets.classification.import").exists()


def test_the_import_classification_command(tmp_path, classification):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,kind,parent_code,revenue_group,is_own_revenue,name_ky,name_ru,name_en\n"
        "1,revenue,,,no,Кирешелер,Доходы,Revenue\n"
        "12,revenue,9,tax,yes,,Налоги,Taxes\n"
        "7011,function,,tax,no,,Органы,Organs\n"
        "1,revenue,,,maybe,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("import_classification", str(bad))
    assert Classification.objects.get(kind="revenue", code="1").name_ru == "Доходы"
    assert Classification.objects.filter(valid=True).count() > 80  # nothing was written

    from kenesh.budgets.classification import DATA_FILE

    out = io.StringIO()
    call_command("import_classification", str(DATA_FILE), stdout=out)
    assert "0 new, 0 changed, 0 no longer valid" in out.getvalue()


def test_bad_classification_rows_are_listed_with_their_numbers():
    from kenesh.budgets.classification import ClassificationError, classification_rows_read

    with pytest.raises(ClassificationError) as caught:
        classification_rows_read(
            "code,kind,parent_code,revenue_group,is_own_revenue,name_ky,name_ru,name_en\n"
            "1,revenue,,,no,,Доходы,\n"
            "11,revenue,1,nonsense,yes,,Налоги,\n"
            "701,function,,,no,,,\n"
            "2,colour,,,no,,Красный,\n"
        )
    assert [row for row, _reason in caught.value.errors] == [3, 4, 5]
