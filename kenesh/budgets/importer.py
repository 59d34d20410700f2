"""Budget files from accountants: the published template (CSV and XLSX) and the import of a filled one.

One template, columns named in Kyrgyz, Russian or English (any of them is accepted):
direction, code, economic_code, amount, over_plan, note, and an optional name column that is ignored.
A row whose code is a total word (total / итого / всего / жыйынтыгы / бардыгы) declares the total of its
direction, which must equal the sum of that direction's lines. Amounts may be typed as accountants type
them: "1 234 567,89", "1,234,567.89", "1.234.567,89", "1234567".

Every row is checked before anything is written; a file with any bad row is rejected as a whole with the
list of (row number, reason) in the active language, and a good file replaces the version's lines in one
transaction (`services.version_lines_replace`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from kenesh.budgets.models import (
    BudgetVersion,
    Classification,
    ClassificationKind,
    LineDirection,
    VersionKind,
)
from kenesh.budgets.services import (
    AMOUNT_LIMIT,
    NewLine,
    over_plan_message,
    plan_amounts,
    version_lines_replace,
)
from kenesh.web.l10n import format_som

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # rows of a file, empty ones included, besides the header row
MAX_COLUMNS = 30  # cells of a row that are read; the template has 7
CSV_CELL_BYTES = 128 * 1024  # the csv module's default limit of one cell, which reading stops at
MAX_CELL_CHARS = 10_000  # a longer cell is refused (a note has at most 300 characters)
# An XLSX is a zip: what it may unpack to, checked on the sizes its directory declares before anything is
# read (Python's zipfile never inflates a member past its declared size). A real budget sheet of 20,000
# lines is about 6 MB of XML that deflates about 10:1; a member inflating more than 100:1 is a bomb.
MAX_XLSX_MEMBERS = 200
MAX_XLSX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_READ_SECONDS = 10.0  # CPU time to read a file's rows; a real 20,000-line file takes about 2 s
FORMATS = ("csv", "xlsx")

# The template's column names in each language; the importer accepts all of them (and a few synonyms).
TEMPLATE_HEADERS: dict[str, tuple[str, ...]] = {
    "ky": ("багыты", "коду", "экономикалык коду", "суммасы, сом", "пландан ашык", "эскертүү", "аталышы"),
    "ru": (
        "направление",
        "код",
        "экономический код",
        "сумма, сом",
        "сверх плана",
        "примечание",
        "наименование",
    ),
    "en": ("direction", "code", "economic_code", "amount", "over_plan", "note", "name"),
}
COLUMNS = ("direction", "code", "economic_code", "amount", "over_plan", "note", "name")
REQUIRED_COLUMNS = ("direction", "code", "amount")
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "direction": ("багыт", "тип", "type", "доходы/расходы", "киреше/чыгаша"),
    "code": ("код бюджетной классификации", "код классификации", "бюджеттик классификациянын коду", "код"),
    "economic_code": (
        "economic code",
        "economic",
        "эк код",
        "экономическая классификация",
        "код экономической классификации",
        "экономикалык классификациянын коду",
        "экономикалык код",
    ),
    "amount": ("сумма", "суммасы", "amount som", "sum"),
    "over_plan": ("over plan", "above plan", "пландан ашыкча"),
    "note": ("комментарий", "эскертме", "comment"),
    "name": ("аталыш", "название", "наименование статьи"),
}
_DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(("revenue", "revenues", "доходы", "доход", "киреше", "кирешелер"), LineDirection.REVENUE),
    **dict.fromkeys(
        ("expenditure", "expenditures", "expense", "расходы", "расход", "чыгаша", "чыгашалар", "чыгым"),
        LineDirection.EXPENDITURE,
    ),
}
TOTAL_WORDS = ("total", "итого", "всего", "жыйынтыгы", "жыйынтык", "бардыгы")
_YES = ("yes", "y", "true", "1", "x", "да", "д", "ооба", "+")
_NO = ("no", "n", "false", "0", "нет", "н", "жок", "-", "")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_COMMA_GROUPS = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_DOT_GROUPS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")


@dataclass(frozen=True)
class RowError:
    """One problem of a file: its row number (None for the file as a whole) and the reason."""

    row: int | None
    message: str


class BudgetFileRejected(Exception):
    """The file was not imported; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{error.row}: {error.message}" for error in errors))


@dataclass(frozen=True)
class ImportResult:
    lines: int
    revenue: Decimal
    expenditure: Decimal


def _header_key(text: str) -> str:
    """A column name reduced for comparison: case, punctuation, "сом" and underscores do not matter."""
    text = str(text).lower().replace("ё", "е").replace("_", " ")
    text = re.sub(r"[()*:,.;/\\-]", " ", text)
    words = [word for word in text.split() if word not in ("сом", "som", "kgs", "сомдо", "in")]
    return " ".join(words)


_HEADER_COLUMNS: dict[str, str] = {}
for _language_headers in TEMPLATE_HEADERS.values():
    for _column, _header in zip(COLUMNS, _language_headers, strict=True):
        _HEADER_COLUMNS[_header_key(_header)] = _column
for _column, _names in _SYNONYMS.items():
    for _name in _names:
        _HEADER_COLUMNS.setdefault(_header_key(_name), _column)


def amount_parse(value: Any) -> Decimal:
    """An amount in som from a cell as typed; ValueError with a translated reason when it is not one."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = _SPACES.sub("", str(value or "")).replace("−", "-")
        if not text:
            raise ValueError(_("The amount is empty."))
        sign = ""
        if text[0] in "+-":
            sign, text = ("-" if text[0] == "-" else ""), text[1:]
        if _COMMA_GROUPS.match(text):
            text = text.replace(",", "")
        elif _DOT_GROUPS.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
        try:
            amount = Decimal(sign + text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None
    if not amount.is_finite():
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    try:
        in_tyiyn = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        # More digits than the decimal context holds: far above any budget.
        raise ValueError(_("The amount is too large.")) from None
    if amount != in_tyiyn:
        raise ValueError(_("An amount has at most 2 digits after the decimal separator (tyiyn)."))
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    if amount > AMOUNT_LIMIT:
        raise ValueError(_("The amount is too large."))
    return amount.quantize(Decimal("0.01"))


def flag_parse(value: Any) -> bool:
    """A yes/no cell (yes/да/ооба/1/x or no/нет/жок/0/empty); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = "1" if value == 1 else "0" if value == 0 else text
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": value})


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores a code typed as a number (1132) as 1132.0.
        return str(int(value))
    return str(value).strip()


# Reading the two formats into numbered rows of cells


def _rejected(message: str, row: int | None = None) -> BudgetFileRejected:
    return BudgetFileRejected([RowError(row, message)])


def _too_many_rows(row: int | None = None) -> BudgetFileRejected:
    return _rejected(
        _("A file has at most %(count)s rows (empty rows count too).") % {"count": MAX_ROWS}, row
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _csv_text(data: bytes) -> str:
    """The file as text: UTF-8, or UTF-16/32 with a byte order mark ("Unicode text" of Excel), or
    Windows-1251 (Excel with a Russian Windows saves "CSV" so; read it rather than refuse it)."""
    not_text = _rejected(
        _(
            "The file is not a text CSV file in a known encoding. Save it from Excel as “CSV UTF-8” "
            "or as an XLSX workbook."
        )
    )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise not_text from None
    if b"\0" in data:
        # Text never holds a NUL byte: this is UTF-16 without a byte order mark, or not text at all.
        raise not_text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise not_text from None


def _rows_csv(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _csv_text(data)
    # The separator of the first non-empty line (the header): Excel in ky/ru writes ";", others ",".
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    # The csv module's cell limit is process-wide and other libraries raise it: set the one we count on.
    csv.field_size_limit(CSV_CELL_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # The csv module's own limit (a cell over 128 KB) or a broken quote at the end of the file.
            raise _rejected(
                _("Row %(row)s cannot be read: a cell is too long or its quotes are not closed.")
                % {"row": number + 1},
            ) from None
        number += 1
        yield number, cells[:MAX_COLUMNS]


def _xlsx_check_zip(data: bytes) -> None:
    """Refuse a workbook that would unpack to too much, by the sizes its zip directory declares."""
    not_a_workbook = _rejected(_("The file is not a valid XLSX workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_a_workbook from None
    too_large = _rejected(
        _("The workbook unpacks to too much data: at most %(mb)s MB. Keep only the budget lines in it.")
        % {"mb": MAX_XLSX_UNCOMPRESSED // (1024 * 1024)}
    )
    if len(members) > MAX_XLSX_MEMBERS:
        raise too_large
    if sum(member.file_size for member in members) > MAX_XLSX_UNCOMPRESSED:
        raise too_large
    for member in members:
        inflates = member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and inflates:
            raise too_large


def _rows_xlsx(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    _xlsx_check_zip(data)
    not_a_workbook = _rejected(_("The file is not a valid XLSX workbook."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises whatever its parsers meet in a broken workbook (KeyError, ValueError, TypeError,
        # zipfile and XML errors...): any of them means the same to the person who uploaded the file.
        raise not_a_workbook from None
    try:
        if not workbook.worksheets:
            raise not_a_workbook
        sheet = workbook.worksheets[0]
        # The size the sheet declares (its <dimension>), checked before a row is read.
        declared_rows = sheet.max_row if isinstance(sheet.max_row, int) else 0
        if declared_rows > MAX_ROWS + 1:
            raise _too_many_rows()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except BudgetFileRejected:
                raise
            except Exception:
                raise not_a_workbook from None
            number += 1
            yield number, list(cells)
    finally:
        workbook.close()


def file_format(filename: str, data: bytes) -> str:
    """ "xlsx" or "csv", by the file's content first (an XLSX is a zip), then its name."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


@dataclass(frozen=True)
class _Row:
    row: int
    values: dict[str, Any]


def _read(data: bytes, filename: str) -> tuple[list[_Row], list[RowError]]:
    """The file's data rows as {column: cell}, and problems of its layout."""
    if not data:
        return [], [RowError(None, _("The file is empty."))]
    if len(data) > MAX_FILE_BYTES:
        return [], [RowError(None, _("The file is larger than 5 MB."))]
    numbered = _rows_xlsx(data) if file_format(filename, data) == "xlsx" else _rows_csv(data)
    columns: dict[int, str] | None = None
    rows: list[_Row] = []
    # CPU time of this thread, so that a busy machine does not refuse a good file.
    deadline = time.thread_time() + MAX_READ_SECONDS
    for number, cells in numbered:
        # Every row counts, empty or not: a sheet of millions of empty rows is refused at the limit.
        if number > MAX_ROWS + 1:
            raise _too_many_rows(number)
        if number % 256 == 0 and time.thread_time() > deadline:
            raise _rejected(_("The file takes too long to read. Keep only the budget lines in it."), number)
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in cells):
            raise _rejected(
                _("A cell is longer than %(count)s characters.") % {"count": MAX_CELL_CHARS}, number
            )
        if all(_cell_text(cell) == "" for cell in cells):
            continue
        if columns is None:
            columns = {}
            unknown = []
            for index, cell in enumerate(cells):
                header = _cell_text(cell)
                if not header:
                    continue
                column = _HEADER_COLUMNS.get(_header_key(header))
                if column is None:
                    unknown.append(header)
                elif column in columns.values():
                    return [], [
                        RowError(number, _("The column “%(name)s” appears twice.") % {"name": header})
                    ]
                else:
                    columns[index] = column
            missing = [column for column in REQUIRED_COLUMNS if column not in columns.values()]
            if missing:
                expected = ", ".join(_template_headers()[COLUMNS.index(column)] for column in missing)
                return [], [
                    RowError(
                        number,
                        _(
                            "The first row must name the columns of the template; missing: %(columns)s. "
                            "Download the template and keep its first row."
                        )
                        % {"columns": expected},
                    )
                ]
            if unknown:
                return [], [
                    RowError(number, _("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
                ]
            continue
        values = {column: cells[index] if index < len(cells) else None for index, column in columns.items()}
        rows.append(_Row(number, values))
    if columns is None:
        return [], [RowError(None, _("The file is empty."))]
    return rows, []


def _template_headers(language: str | None = None) -> tuple[str, ...]:
    language = (language or translation.get_language() or "ky").split("-")[0]
    return TEMPLATE_HEADERS.get(language, TEMPLATE_HEADERS["en"])


# Checking the rows against the classification, each other, the totals and the plan in force

Codes = dict[tuple[str, str], Classification]


def _code_of(
    codes: Codes, parents: set[int], direction: str, text: str
) -> tuple[Classification | None, str | None]:
    """The revenue or function code a row names, or the reason it cannot be used."""
    if not text:
        return None, _("The code is empty.")
    revenue = direction == LineDirection.REVENUE
    kind = ClassificationKind.REVENUE if revenue else ClassificationKind.FUNCTION
    code = codes.get((kind, text))
    if code is None:
        known_elsewhere = any((other, text) in codes for other in ClassificationKind.values if other != kind)
        if known_elsewhere:
            message = (
                _("%(code)s is not a revenue code.") if revenue else _("%(code)s is not a function code.")
            )
        else:
            message = _("Unknown revenue code %(code)s.") if revenue else _("Unknown function code %(code)s.")
        return None, message % {"code": text}
    return code, _usable(code, parents)


def _economic_of(codes: Codes, parents: set[int], text: str) -> tuple[Classification | None, str | None]:
    economic = codes.get((ClassificationKind.ECONOMIC, text))
    if economic is None:
        return None, _("Unknown economic item %(code)s.") % {"code": text}
    return economic, _usable(economic, parents)


def _usable(code: Classification, parents: set[int]) -> str | None:
    if not code.valid:
        return _("The code %(code)s is no longer valid.") % {"code": code.code}
    if code.pk in parents:
        return _("%(code)s has sub-codes: use one of them.") % {"code": code.code}
    return None


def budget_file_check(
    version: BudgetVersion,
    data: bytes,
    filename: str,
    *,
    declared_revenue: Decimal | None = None,
    declared_expenditure: Decimal | None = None,
) -> list[NewLine]:
    """The file's lines, checked; BudgetFileRejected with every problem when any row is bad."""
    rows, errors = _read(data, filename)
    if errors:
        raise BudgetFileRejected(errors)
    codes: Codes = {(item.kind, item.code): item for item in Classification.objects.all()}
    parents = {item.parent_id for item in codes.values() if item.parent_id is not None}
    plan, planned = plan_amounts(version)
    lines: list[NewLine] = []
    seen: dict[tuple[str, str, str], int] = {}
    totals: dict[str, tuple[int, Decimal]] = {}
    for row in rows:
        problems: list[str] = []
        direction_text = _cell_text(row.values.get("direction")).lower()
        direction = _DIRECTIONS.get(direction_text)
        if direction is None:
            problems.append(
                _("Unknown direction “%(value)s”: write revenue or expenditure.") % {"value": direction_text}
                if direction_text
                else _("The direction is empty: write revenue or expenditure.")
            )
        code_text = _cell_text(row.values.get("code"))
        economic_text = _cell_text(row.values.get("economic_code"))
        try:
            amount: Decimal | None = amount_parse(row.values.get("amount"))
        except ValueError as error:
            amount = None
            problems.append(str(error))
        if code_text.lower() in TOTAL_WORDS:
            if direction is not None and amount is not None:
                if direction in totals:
                    problems.append(
                        _("A second total row for the same direction (the first is row %(row)s).")
                        % {"row": totals[direction][0]}
                    )
                else:
                    totals[direction] = (row.row, amount)
            errors.extend(RowError(row.row, problem) for problem in problems)
            continue
        code = economic = None
        if direction is not None:
            code, problem = _code_of(codes, parents, direction, code_text)
            if problem:
                problems.append(problem)
            if direction == LineDirection.REVENUE:
                if economic_text:
                    problems.append(_("A revenue line has no economic item."))
            elif not economic_text:
                problems.append(_("An expenditure line needs an economic item."))
            else:
                economic, problem = _economic_of(codes, parents, economic_text)
                if problem:
                    problems.append(problem)
        try:
            over_plan = flag_parse(row.values.get("over_plan"))
        except ValueError as error:
            over_plan = False
            problems.append(str(error))
        note = _cell_text(row.values.get("note"))
        if len(note) > 300:
            problems.append(_("The note is longer than 300 characters."))
        if direction is not None and code_text:
            identity = (direction, code_text, economic_text)
            if identity in seen:
                problems.append(_("The same line as row %(row)s.") % {"row": seen[identity]})
            else:
                seen[identity] = row.row
        if not problems and code is not None and direction is not None and amount is not None:
            if plan is not None and not over_plan:
                limit = planned.get((code.pk, economic.pk if economic else None), Decimal(0))
                if amount > limit:
                    problems.append(over_plan_message(amount, limit, plan))
        if problems:
            errors.extend(RowError(row.row, problem) for problem in problems)
            continue
        assert code is not None and direction is not None and amount is not None
        lines.append(NewLine(direction, code, economic, amount, over_plan, note))
    sums = {direction: Decimal(0) for direction in LineDirection.values}
    for line in lines:
        sums[line.direction] += line.amount
    if not errors:
        if not lines:
            errors.append(RowError(None, _("The file has no budget lines.")))
        for direction, (row_number, total) in totals.items():
            if total != sums[direction]:
                message = (
                    _("The total %(total)s does not match the sum of the revenue lines, %(sum)s.")
                    if direction == LineDirection.REVENUE
                    else _("The total %(total)s does not match the sum of the expenditure lines, %(sum)s.")
                )
                amounts = {
                    "total": format_som(total, decimals=2),
                    "sum": format_som(sums[direction], decimals=2),
                }
                errors.append(RowError(row_number, message % amounts))
        declared = {LineDirection.REVENUE: declared_revenue, LineDirection.EXPENDITURE: declared_expenditure}
        for direction, declared_total in declared.items():
            if declared_total is not None and declared_total != sums[direction]:
                message = (
                    _(
                        "The revenue total given in the form, %(total)s, does not match the sum of the "
                        "file's revenue lines, %(sum)s."
                    )
                    if direction == LineDirection.REVENUE
                    else _(
                        "The expenditure total given in the form, %(total)s, does not match the sum of the "
                        "file's expenditure lines, %(sum)s."
                    )
                )
                amounts = {
                    "total": format_som(declared_total, decimals=2),
                    "sum": format_som(sums[direction], decimals=2),
                }
                errors.append(RowError(None, message % amounts))
    if errors:
        raise BudgetFileRejected(errors)
    return lines


def budget_file_import(
    *,
    actor: Any,
    version: BudgetVersion,
    data: bytes,
    filename: str,
    declared_revenue: Decimal | None = None,
    declared_expenditure: Decimal | None = None,
) -> ImportResult:
    """Check the whole file, then replace the version's lines with it in one transaction (audited)."""
    lines = budget_file_check(
        version,
        data,
        filename,
        declared_revenue=declared_revenue,
        declared_expenditure=declared_expenditure,
    )
    count = version_lines_replace(actor=actor, version=version, lines=lines, source=filename[:200])
    return ImportResult(
        lines=count,
        revenue=sum((line.amount for line in lines if line.direction == LineDirection.REVENUE), Decimal(0)),
        expenditure=sum(
            (line.amount for line in lines if line.direction == LineDirection.EXPENDITURE), Decimal(0)
        ),
    )


# The template


def _example_rows(kind: str) -> list[tuple[str, str, str, Decimal, bool, str]]:
    """Example lines of the template: (direction, code, economic code, amount, over plan, note)."""
    rows: list[tuple[str, str, str, Decimal, bool, str]] = [
        ("revenue", "1132", "", Decimal("2450000.00"), False, ""),
        ("revenue", "1131", "", Decimal("980000.00"), False, ""),
        ("revenue", "1311", "", Decimal("18600000.00"), False, ""),
        ("revenue", "13121", "", Decimal("9400000.00"), False, ""),
        ("expenditure", "7011", "2111", Decimal("6200000.00"), False, ""),
        ("expenditure", "7091", "2111", Decimal("11800000.00"), False, ""),
        ("expenditure", "7091", "2221", Decimal("3900000.00"), False, ""),
        ("expenditure", "7063", "2215", Decimal("1200000.00"), False, ""),
        ("expenditure", "7064", "2215", Decimal("650000.00"), False, ""),
        ("expenditure", "7082", "2111", Decimal("2100000.00"), False, ""),
    ]
    if kind == VersionKind.EXECUTION:
        rows.append(("expenditure", "7063", "3114", Decimal("480000.00"), True, "…"))
    return rows


def _template_table(language: str) -> list[list[Any]]:
    direction_words = {
        "ky": {"revenue": "киреше", "expenditure": "чыгаша"},
        "ru": {"revenue": "доходы", "expenditure": "расходы"},
        "en": {"revenue": "revenue", "expenditure": "expenditure"},
    }[language]
    total_word = {"ky": "жыйынтыгы", "ru": "итого", "en": "total"}[language]
    yes_no = {"ky": ("ооба", "жок"), "ru": ("да", "нет"), "en": ("yes", "no")}[language]
    names = {
        (item.kind, item.code): item.name
        for item in Classification.objects.filter(valid=True).only(
            "kind", "code", "name_ky", "name_ru", "name_en"
        )
    }
    table: list[list[Any]] = [list(TEMPLATE_HEADERS[language])]
    sums = {"revenue": Decimal(0), "expenditure": Decimal(0)}
    for direction, code, economic, amount, over_plan, note in _example_rows(VersionKind.APPROVED):
        kind = ClassificationKind.REVENUE if direction == "revenue" else ClassificationKind.FUNCTION
        name = names.get((kind, code), "")
        if economic:
            name = f"{name} / {names.get((ClassificationKind.ECONOMIC, economic), '')}"
        flag = yes_no[0] if over_plan else yes_no[1]
        table.append([direction_words[direction], code, economic, amount, flag, note, name])
        sums[direction] += amount
    for direction, total in sums.items():
        table.append([direction_words[direction], total_word, "", total, "", "", ""])
    return table


def template_csv(language: str) -> bytes:
    """The template as CSV: UTF-8 with a BOM and `;` between cells, which Excel opens as it is in ky/ru."""
    with translation.override(language):
        table = _template_table(language)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in table:
        writer.writerow([str(cell).replace(".", ",") if isinstance(cell, Decimal) else cell for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(language: str) -> bytes:
    """The template as an XLSX workbook: the lines sheet, and a sheet listing the codes lines may use."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(language):
        table = _template_table(language)
        codes_title = _("Codes")
        lines_title = _("Budget lines")
        code_headers = [_("kind"), _("code"), _("name")]
        leaves = [
            (item.get_kind_display(), item.code, item.name)
            for item in Classification.objects.filter(valid=True, children__isnull=True).order_by(
                "kind", "sort_order", "code"
            )
        ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(lines_title)[:31]
    for row in table:
        sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_cells in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row_cells:
            cell.number_format = "#,##0.00"
    for letter, width in zip("ABCDEFG", (14, 12, 18, 18, 12, 30, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    codes = workbook.create_sheet(str(codes_title)[:31])
    codes.append([str(header) for header in code_headers])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for kind, code, name in leaves:
        codes.append([str(kind), code, name])
    codes.column_dimensions["C"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def errors_sorted(errors: Sequence[RowError]) -> list[RowError]:
    """File-level problems first, then by row number (stable within a row)."""
    return sorted(errors, key=lambda error: (error.row is not None, error.row or 0))
