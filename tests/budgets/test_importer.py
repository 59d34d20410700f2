"""Budget files: the template, good CSV and XLSX files, bad files reported row by row and nothing written."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kenesh.audit.models import AuditEntry
from kenesh.budgets.importer import (
    BudgetFileRejected,
    amount_parse,
    budget_file_import,
    template_csv,
    template_xlsx,
)
from kenesh.budgets.models import BudgetLine, ExecutionPeriod, LineDirection, VersionKind
from kenesh.budgets.testing import version_make

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["direction", "code", "economic_code", "amount", "over_plan", "note"],
    ["revenue", "1132", "", "2 450 000,50", "", ""],
    ["revenue", "1311", "", "18,600,000", "", ""],
    ["expenditure", "7091", "2111", "11800000", "no", "kindergartens"],
    ["expenditure", "7064", "2215", "650 000.00", "", ""],
]


def csv_bytes(rows, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    def cell(value):
        text = str(value)
        return f'"{text}"' if delimiter in text or '"' in text else text

    text = "\r\n".join(delimiter.join(cell(value) for value in row) for row in rows) + "\r\n"
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def draft(budget):
    return version_make(budget, VersionKind.DRAFT, published=False)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rejected(version, data, filename, **kwargs) -> list[tuple[int | None, str]]:
    lines_before = list(version.lines.values_list("pk", flat=True))
    with pytest.raises(BudgetFileRejected) as caught:
        budget_file_import(actor=None, version=version, data=data, filename=filename, **kwargs)
    assert list(version.lines.values_list("pk", flat=True)) == lines_before, "nothing may be half-imported"
    return [(error.row, error.message) for error in caught.value.errors]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234\u00a0567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("1234567", "1234567"),
        ("1234,5", "1234.5"),
        ("0.5", "0.5"),
        ("1,234", "1234"),
        (1500, "1500"),
        (1500.25, "1500.25"),
    ],
)
def test_amounts_are_read_as_accountants_type_them(typed, amount):
    assert amount_parse(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "empty"),
        ("abc", "not an amount"),
        ("12,345,67", "not an amount"),
        ("-5", "cannot be negative"),
        ("1,005", None),
        ("0.125", "at most 2 digits"),
        ("1e5", "not an amount"),
        ("100000000000000", "too large"),
    ],
)
def test_bad_amounts_say_why(typed, message):
    if message is None:
        assert amount_parse(typed) == Decimal(1005)
        return
    with pytest.raises(ValueError, match=message):
        amount_parse(typed)


def test_a_good_csv_replaces_the_lines(draft, staff):
    version_make(draft.budget, VersionKind.AMENDMENT, lines=[("1131", 5)], published=False)
    result = budget_file_import(actor=staff, version=draft, data=csv_bytes(GOOD_ROWS), filename="plan.csv")
    assert (result.lines, result.revenue, result.expenditure) == (
        4,
        Decimal("21050000.50"),
        Decimal("12450000.00"),
    )
    keys = sorted(line.key for line in draft.lines.select_related("code", "economic"))
    assert keys == ["expenditure:7064:2215", "expenditure:7091:2111", "revenue:1132:", "revenue:1311:"]
    assert draft.lines.get(code__code="7091").note == "kindergartens"
    entry = AuditEntry.objects.get(action="budgets.version.import")
    assert entry.changes["file"]["after"] == "plan.csv" and entry.changes["lines"]["after"] == 4
    # Importing again replaces, never adds.
    budget_file_import(actor=staff, version=draft, data=csv_bytes(GOOD_ROWS[:2]), filename="plan.csv")
    assert draft.lines.count() == 1


def test_a_russian_csv_with_semicolons_bom_and_total_rows(draft):
    rows = [
        [
            "Направление",
            "Код",
            "Экономический код",
            "Сумма, сом",
            "Сверх плана",
            "Примечание",
            "Наименование",
        ],
        ["доходы", "1132", "", "1 000,00", "нет", "", "Земельный налог"],
        ["доходы", "1311", "", "9 000,00", "", "", "Выравнивающий грант"],
        ["расходы", "7091", "2111", "10 000,00", "", "", ""],
        ["доходы", "ИТОГО", "", "10 000,00", "", "", ""],
        ["расходы", "итого", "", "10 000", "", "", ""],
    ]
    result = budget_file_import(
        actor=None, version=draft, data=csv_bytes(rows, ";", bom=True), filename="budget.csv"
    )
    assert result.lines == 3


def test_a_windows_1251_csv_is_read(draft):
    rows = [["направление", "код", "экономический код", "сумма"], ["расходы", "7082", "2111", "500"]]
    result = budget_file_import(
        actor=None, version=draft, data=csv_bytes(rows, ";", "cp1251"), filename="b.csv"
    )
    assert result.expenditure == Decimal(500)


def test_a_good_xlsx_with_kyrgyz_headers_and_numbers(draft):
    rows = [
        [None],
        ["багыты", "коду", "экономикалык коду", "суммасы, сом", "пландан ашык", "эскертүү"],
        ["киреше", 1132, None, 2450000.5, None, None],
        ["чыгаша", 7091, 2111, 11800000, "жок", "бала бакчалар"],
    ]
    result = budget_file_import(actor=None, version=draft, data=xlsx_bytes(rows), filename="budget.xlsx")
    assert result.lines == 2 and result.revenue == Decimal("2450000.50")
    assert draft.lines.get(direction=LineDirection.EXPENDITURE).note == "бала бакчалар"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_the_templates_import_as_they_are(draft, language):
    csv_result = budget_file_import(
        actor=None, version=draft, data=template_csv(language), filename=f"template-{language}.csv"
    )
    xlsx_result = budget_file_import(
        actor=None, version=draft, data=template_xlsx(language), filename=f"template-{language}.xlsx"
    )
    assert csv_result == xlsx_result and csv_result.lines >= 10


def test_the_xlsx_template_lists_the_codes(classification):
    workbook = load_workbook(io.BytesIO(template_xlsx("ru")))
    lines, codes = workbook.worksheets
    assert [cell.value for cell in lines[1]][:4] == ["направление", "код", "экономический код", "сумма, сом"]
    listed = {row[1] for row in codes.iter_rows(min_row=2, values_only=True)}
    assert {"1132", "7091", "2111"} <= listed and "709" not in listed


BAD_ROWS = [
    ["direction", "code", "economic_code", "amount", "over_plan", "note"],
    ["revenue", "9999", "", "100", "", ""],  # 2: unknown code
    ["expenditure", "1132", "2111", "100", "", ""],  # 3: a revenue code on an expenditure line
    ["expenditure", "7091", "", "100", "", ""],  # 4: no economic item
    ["revenue", "1131", "", "12,5,0", "", ""],  # 5: not an amount
    ["revenue", "1311", "", "100", "", ""],  # 6: good
    ["revenue", "1311", "", "100", "", ""],  # 7: duplicate of 6
    ["expenditure", "709", "2111", "100", "", ""],  # 8: a code with sub-codes
    ["sideways", "7091", "2111", "100", "", ""],  # 9: unknown direction
    ["revenue", "1142", "2111", "100", "maybe", ""],  # 10: economic on revenue, bad flag
]
BAD_EXPECTED = [
    (2, "Unknown revenue code 9999."),
    (3, "1132 is not a function code."),
    (4, "An expenditure line needs an economic item."),
    (5, "“12,5,0” is not an amount."),
    (7, "The same line as row 6."),
    (8, "709 has sub-codes: use one of them."),
    (9, "Unknown direction “sideways”: write revenue or expenditure."),
    (10, "A revenue line has no economic item."),
    (10, "“maybe” is neither yes nor no."),
]


def test_a_bad_csv_reports_every_row_and_writes_nothing(budget):
    version = budget.versions.get()
    assert rejected(version, csv_bytes(BAD_ROWS), "bad.csv") == BAD_EXPECTED


def test_a_bad_xlsx_reports_the_same_rows(budget):
    version = budget.versions.get()
    assert rejected(version, xlsx_bytes(BAD_ROWS), "bad.xlsx") == BAD_EXPECTED


def test_errors_are_in_the_users_language(draft):
    with translation.override("ru"):
        errors = rejected(draft, csv_bytes(BAD_ROWS[:3]), "bad.csv")
    assert errors[0] == (2, "Неизвестный код доходов 9999.")
    with translation.override("ky"):
        errors = rejected(draft, csv_bytes(BAD_ROWS[:2]), "bad.csv")
    assert errors[0][0] == 2 and "9999" in errors[0][1] and "Unknown" not in errors[0][1]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_totals_must_agree(draft, fmt):
    rows = [*GOOD_ROWS, ["revenue", "total", "", "100", "", ""]]
    data, name = (csv_bytes(rows), "t.csv") if fmt == "csv" else (xlsx_bytes(rows), "t.xlsx")
    errors = rejected(draft, data, name)
    assert errors == [
        (6, "The total 100.00\xa0som does not match the sum of the revenue lines, 21,050,000.50\xa0som.")
    ]


def test_a_declared_total_must_agree(draft):
    errors = rejected(draft, csv_bytes(GOOD_ROWS), "t.csv", declared_expenditure=Decimal("12450000.01"))
    assert errors == [
        (
            None,
            "The expenditure total given in the form, 12,450,000.01\xa0som, does not match the sum of the "
            "file's expenditure lines, 12,450,000.00\xa0som.",
        )
    ]
    result = budget_file_import(
        actor=None,
        version=draft,
        data=csv_bytes(GOOD_ROWS),
        filename="t.csv",
        declared_revenue=Decimal("21050000.50"),
        declared_expenditure=Decimal("12450000"),
    )
    assert result.lines == 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_execution_report_above_plan_needs_the_flag(budget, fmt):
    report = version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.YEAR, published=False)
    rows = [
        ["direction", "code", "economic_code", "amount", "over_plan", "note"],
        ["revenue", "1132", "", "2 000 000", "", ""],  # exactly the plan
        ["revenue", "1311", "", "15 000 000,01", "", ""],  # above the plan, no flag
        ["expenditure", "7091", "2111", "9 500 000", "yes", "new group"],  # above, flagged
        ["expenditure", "7082", "2111", "1", "", ""],  # not in the plan at all
    ]
    data, name = (csv_bytes(rows), "r.csv") if fmt == "csv" else (xlsx_bytes(rows), "r.xlsx")
    errors = rejected(report, data, name)
    assert [row for row, _message in errors] == [3, 5]
    assert errors[0][1] == (
        "15,000,000.01\xa0som is above the plan in force (15,000,000.00\xa0som, Approved budget): mark the "
        "line as above plan and say why in the note."
    )
    rows[2][4] = rows[4][4] = "yes"
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    result = budget_file_import(actor=None, version=report, data=data, filename=name)
    assert result.lines == 4
    assert BudgetLine.objects.filter(version=report, over_plan=True).count() == 3


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "e.csv", [(None, "The file is empty.")]),
        (b"not a zip at all", "e.xlsx", [(None, "The file is not a valid XLSX workbook.")]),
        (b"PK\x03\x04broken", "e.csv", [(None, "The file is not a valid XLSX workbook.")]),
        (
            b"code,amount\n1132,5\n",
            "e.csv",
            [
                (
                    1,
                    "The first row must name the columns of the template; missing: direction. Download the "
                    "template and keep its first row.",
                )
            ],
        ),
        (b"direction,code,amount,colour\n", "e.csv", [(1, "Unknown columns: colour.")]),
        (b"direction,code,amount\n", "e.csv", [(None, "The file has no budget lines.")]),
    ],
)
def test_files_that_are_not_budget_files(draft, data, name, expected):
    assert rejected(draft, data, name) == expected


def test_blank_rows_are_skipped_but_counted(draft):
    data = b"\r\n" + csv_bytes([*GOOD_ROWS[:2], [""] * 6, ["revenue", "9999", "", "1", "", ""]])
    assert rejected(draft, data, "gaps.csv") == [(5, "Unknown revenue code 9999.")]
