"""Benchmark of the budget import: a 2,000-line file, CSV and XLSX, into a plan and an execution report.

    .venv/bin/python bench/budgets_import.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/budgets_import.py --database sqlite --repeat 3
    .venv/bin/python bench/budgets_import.py --database postgres --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x

For each database the script makes a scratch database (a temporary SQLite file, or a PostgreSQL database it
creates and drops) and migrates it. The shipped classification has only about 460 distinct lines (codes x
economic items), fewer than the official list, so the script first imports a larger classification (the
shipped one plus 150 more economic items, as `import_classification` would). It then writes a file of 2,000
distinct lines and times `budget_file_import` (read, check every row, replace the version's lines, audit):
median and maximum of --repeat runs, for CSV and XLSX, into an approved budget and into an annual execution
report (which also checks every line against the plan in force). Target: under 2 s.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import _scratch  # noqa: E402  (the scratch database, the child process, the timings)

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_BUDGETS_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_budgets_import_bench"
)
LINES = 2_000
TARGET_SECONDS = 2.0


def _classification_text() -> str:
    """The shipped classification and 150 more economic items (22xx goods and services, 28xx other)."""
    from kenesh.budgets.classification import DATA_FILE

    text = DATA_FILE.read_text(encoding="utf-8").rstrip("\n")
    extra = [f"{code},economic,22,,no,Товар {code},Товар {code},Goods {code}" for code in range(2230, 2300)]
    extra += [
        f"{code},economic,28,,no,Чыгаша {code},Расход {code},Expense {code}" for code in range(2822, 2902)
    ]
    return text + "\n" + "\n".join(extra) + "\n"


def _rows() -> list[list[Any]]:
    """A file of LINES distinct lines: every revenue code, then function x economic item combinations."""
    from kenesh.budgets.models import Classification

    leaves = list(Classification.objects.filter(valid=True, children__isnull=True).order_by("sort_order"))
    revenue = [item.code for item in leaves if item.kind == "revenue"]
    functions = [item.code for item in leaves if item.kind == "function"]
    economic = [item.code for item in leaves if item.kind == "economic"]
    rows: list[list[Any]] = [["direction", "code", "economic_code", "amount", "over_plan", "note"]]
    for index, code in enumerate(revenue):
        rows.append(["revenue", code, "", f"{1_000_000 + index * 1_000:,}".replace(",", " ") + ",50", "", ""])
    for function in functions:
        for item in economic:
            if len(rows) > LINES:
                break
            rows.append(["expenditure", function, item, f"{10_000 + len(rows)} 000,00", "", ""])
    assert len(rows) == LINES + 1, f"only {len(rows) - 1} distinct lines"
    return rows


def _csv(rows: list[list[Any]]) -> bytes:
    return ("\ufeff" + "\r\n".join(";".join(str(cell) for cell in row) for row in rows) + "\r\n").encode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _measure(repeat: int) -> list[dict[str, Any]]:
    _scratch.django_migrate()
    from django.db import connection

    from kenesh.budgets.importer import budget_file_import
    from kenesh.budgets.models import ExecutionPeriod, VersionKind
    from kenesh.budgets.services import classification_import
    from kenesh.budgets.testing import budget_make, version_make
    from kenesh.territory.testing import municipality_make

    classification_import(actor=None, text=_classification_text(), source="bench")
    rows = _rows()
    files = {"csv": _csv(rows), "xlsx": _xlsx(rows)}
    budget = budget_make(municipality_make("41704235825000", "Bench"), 2025)
    approved = version_make(budget, VersionKind.APPROVED)
    report = version_make(budget, VersionKind.EXECUTION, period=ExecutionPeriod.YEAR)
    # The plan first, so that the execution report is checked against 2,000 planned lines.
    budget_file_import(actor=None, version=approved, data=files["csv"], filename="plan.csv")
    results = []
    for target, version in (("approved budget", approved), ("execution report", report)):
        for fmt, data in files.items():
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                result = budget_file_import(actor=None, version=version, data=data, filename=f"bench.{fmt}")
                timings.append(time.perf_counter() - started)
                assert result.lines == LINES
            results.append(
                {
                    "database": connection.vendor,
                    "into": target,
                    "format": fmt,
                    "bytes": len(data),
                    "median_s": statistics.median(timings),
                    "max_s": max(timings),
                }
            )
    return results


def main() -> None:
    parser = _scratch.parser_make(__doc__, DEFAULT_POSTGRES)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    if options.child:
        _scratch.child_print(_measure(options.repeat))
        return
    databases = _scratch.databases_chosen(options.database)
    arguments = ["--child", "--repeat", str(options.repeat)]
    print(f"{'database':<10} {'into':<17} {'format':<6} {'size':>9} {'median s':>9} {'max s':>7}")
    slow = False
    for database in databases:
        for result in _scratch.child_measure(__file__, database, options.postgres, arguments):
            slow = slow or result["max_s"] >= TARGET_SECONDS
            print(
                f"{result['database']:<10} {result['into']:<17} {result['format']:<6} "
                f"{result['bytes'] / 1024:>7.0f}KB {result['median_s']:>9.3f} {result['max_s']:>7.3f}"
            )
    print(f"target: every import of {LINES:,} lines under {TARGET_SECONDS} s: {'MISSED' if slow else 'met'}")


if __name__ == "__main__":
    main()
