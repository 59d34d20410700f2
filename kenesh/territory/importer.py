"""Reading and checking a СОАТЕ CSV file before anything is written: every bad row is reported by line.

The columns are those of the classifier export (`coate,name_ru,level,parent_coate`) and optionally
`name_ky,name_en,iso_code,population,valid_from,valid_to,predecessors` (predecessor codes separated by
spaces or semicolons). `services.territory_import_csv` writes a checked plan in one transaction.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kenesh.territory.models import PARENT_LEVEL, Level, Unit

REQUIRED_COLUMNS = ("coate", "name_ru", "level", "parent_coate")
OPTIONAL_COLUMNS = ("name_ky", "name_en", "iso_code", "population", "valid_from", "valid_to", "predecessors")
COATE_RE = re.compile(r"^\d{14}$", re.ASCII)
ISO_RE = re.compile(r"^KG-[A-Z]{1,3}$")
# The whole classifier is about 2,500 lines and 170 KB; these bounds are far above any real file.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000  # lines of the file, empty ones included
CSV_CELL_BYTES = 128 * 1024  # the csv module's default limit of one cell, which reading stops at
MAX_POPULATION = 100_000_000
MAX_VERSIONS = 50  # versions of one code; checking them against each other is quadratic
MAX_PREDECESSORS = 50
SHOWN_CHARS = 40  # a value quoted in a message is cut to this many characters
NAME_MAX_LENGTH = Unit._meta.get_field("name_ru").max_length or 200
# Level order: parents are written before their children.
LEVEL_ORDER = [Level.OBLAST, Level.RAYON, Level.MUNICIPALITY, Level.SETTLEMENT]


@dataclass(frozen=True)
class Message:
    """A translatable message with its values, put together when shown (in the reader's language)."""

    text: str | Promise
    params: dict[str, Any]

    def __str__(self) -> str:
        return str(self.text) % self.params


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file cannot be imported, at a line of the file (1 is the header)."""

    line: int
    message: str | Promise | Message

    def __str__(self) -> str:
        return str(Message(_("Line %(line)d: %(message)s"), {"line": self.line, "message": self.message}))


class TerritoryImportError(Exception):
    """The file has problems; nothing was written. `problems` lists every one of them."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class PlannedUnit:
    """A checked row, ready to be written."""

    line: int
    coate: str
    level: str
    parent_coate: str
    name_ky: str
    name_ru: str
    name_en: str
    iso_code: str
    population: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    predecessor_coates: list[str] = field(default_factory=list)
    # Filled by the checks: the parent and predecessors, as planned rows or existing units.
    parent: PlannedUnit | Unit | None = None
    predecessors: list[PlannedUnit | Unit] = field(default_factory=list)
    unit: Unit | None = None

    @property
    def key(self) -> tuple[str, datetime.date | None]:
        return (self.coate, self.valid_from)

    def is_valid_on(self, day: datetime.date | None) -> bool:
        if day is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


Version = PlannedUnit | Unit


# Text saved with a byte order mark (Excel's "Unicode text" is UTF-16) is read in its encoding.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _read_text(file: str | Path | IO[Any]) -> str:
    """The file's text: UTF-8, or UTF-16/32 with a byte order mark. TerritoryImportError otherwise."""
    too_large = TerritoryImportError(
        [ImportProblem(1, Message(_("The file is larger than %(mb)d MB."), {"mb": MAX_FILE_BYTES // 2**20}))]
    )
    if isinstance(file, str | Path):
        path = Path(file)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise too_large
        content: str | bytes = path.read_bytes()
    else:
        content = file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise too_large
    not_text = TerritoryImportError([ImportProblem(1, _("The file is not UTF-8 text."))])
    if isinstance(content, bytes):
        encoding = next((name for bom, name in _BOMS if content.startswith(bom)), "utf-8")
        try:
            content = content.decode(encoding)
        except UnicodeDecodeError:
            raise not_text from None
    if "\0" in content:
        # Text never holds a NUL: this is UTF-16 without its byte order mark, or not text at all.
        raise not_text
    return content.lstrip("\ufeff")


def _shown(value: str) -> str:
    """A cell as quoted in a message: cut short, so that a huge cell does not make a huge report."""
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def _parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _valid_on(version: Version, day: datetime.date | None) -> bool:
    """Whether a version is the one to use on `day` (None: the one still open)."""
    if isinstance(version, PlannedUnit):
        return version.is_valid_on(day)
    if day is None:
        return version.valid_to is None
    return version.is_valid_on(day)


def _overlap(a: Version, b: Version) -> bool:
    start_a, end_a = a.valid_from or datetime.date.min, a.valid_to or datetime.date.max
    start_b, end_b = b.valid_from or datetime.date.min, b.valid_to or datetime.date.max
    return start_a <= end_b and start_b <= end_a


def parse_rows(
    text: str, default_valid_from: datetime.date | None
) -> tuple[list[PlannedUnit], list[ImportProblem]]:
    """Parse and check each row on its own (format of every cell)."""
    problems: list[ImportProblem] = []
    unreadable = _("The line cannot be read: a cell is too long or its quotes are not closed.")
    # The plain reader, not DictReader: it hands over every line, empty ones too, so all of them count.
    # The csv module's cell limit is process-wide and other libraries raise it: set the one we count on.
    csv.field_size_limit(CSV_CELL_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    try:
        # The header is the first line that is not empty.
        while not header and reader.line_num < MAX_LINES:
            header = next(reader)
    except StopIteration:
        pass
    except csv.Error:
        return [], [ImportProblem(reader.line_num or 1, unreadable)]
    columns = [name.strip() for name in header]
    if not columns:
        return [], [ImportProblem(1, _("The file is empty."))]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return [], [
            ImportProblem(1, Message(_("Missing columns: %(columns)s."), {"columns": ", ".join(missing)}))
        ]
    rows: list[PlannedUnit] = []
    while True:
        try:
            cells_read = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(ImportProblem(reader.line_num, unreadable))
            break
        line = reader.line_num
        if line > MAX_LINES:
            problems.append(
                ImportProblem(line, Message(_("A file has at most %(count)d lines."), {"count": MAX_LINES}))
            )
            break
        if not cells_read:
            continue
        if len(cells_read) > len(columns):
            problems.append(ImportProblem(line, _("The row has more cells than the header.")))
            continue
        cells = {name: value.strip() for name, value in zip(columns, cells_read, strict=False)}
        row_problems: list[str | Promise | Message] = []
        coate = cells.get("coate", "")
        if not COATE_RE.match(coate):
            row_problems.append(
                Message(_("The СОАТЕ code “%(code)s” is not 14 digits."), {"code": _shown(coate)})
            )
        level = cells.get("level", "")
        if level not in Level.values:
            row_problems.append(Message(_("Unknown level “%(level)s”."), {"level": _shown(level)}))
        names = {
            language: " ".join(cells.get(f"name_{language}", "").split()) for language in ("ky", "ru", "en")
        }
        if not names["ru"]:
            row_problems.append(_("The Russian name is empty."))
        for language, name in names.items():
            if len(name) > NAME_MAX_LENGTH:
                row_problems.append(
                    Message(
                        _("The name in %(column)s is longer than %(limit)d characters."),
                        {"column": f"name_{language}", "limit": NAME_MAX_LENGTH},
                    )
                )
        parent_coate = cells.get("parent_coate", "")
        if parent_coate and not COATE_RE.match(parent_coate):
            row_problems.append(
                Message(_("The parent code “%(code)s” is not 14 digits."), {"code": _shown(parent_coate)})
            )
        elif level == Level.OBLAST and parent_coate:
            row_problems.append(_("An oblast-level unit has no parent."))
        elif level in Level.values and level != Level.OBLAST and not parent_coate:
            row_problems.append(_("The parent code is empty."))
        iso_code = cells.get("iso_code", "")
        if iso_code and not ISO_RE.match(iso_code):
            row_problems.append(
                Message(_("“%(code)s” is not an ISO 3166-2:KG code."), {"code": _shown(iso_code)})
            )
        population: int | None = None
        if cells.get("population"):
            try:
                population = int(cells["population"])
                if not 0 <= population <= MAX_POPULATION:
                    raise ValueError
            except ValueError:
                row_problems.append(
                    Message(
                        _("The population “%(value)s” is not a whole number of people."),
                        {"value": _shown(cells["population"])},
                    )
                )
        dates: dict[str, datetime.date | None] = {"valid_from": default_valid_from, "valid_to": None}
        for name in ("valid_from", "valid_to"):
            if cells.get(name):
                try:
                    dates[name] = _parse_date(cells[name])
                except ValueError:
                    row_problems.append(
                        Message(
                            _("The date “%(value)s” in %(column)s is not a date like 2024-01-31."),
                            {"value": _shown(cells[name]), "column": name},
                        )
                    )
        valid_from, valid_to = dates["valid_from"], dates["valid_to"]
        if valid_from and valid_to and valid_to < valid_from:
            row_problems.append(_("valid_to is before valid_from."))
        predecessor_coates = [code for code in re.split(r"[\s;]+", cells.get("predecessors", "")) if code]
        if len(predecessor_coates) > MAX_PREDECESSORS:
            row_problems.append(
                Message(_("A unit has at most %(count)d predecessors."), {"count": MAX_PREDECESSORS})
            )
            predecessor_coates = []
        for code in predecessor_coates:
            if not COATE_RE.match(code):
                row_problems.append(
                    Message(_("The predecessor code “%(code)s” is not 14 digits."), {"code": _shown(code)})
                )
        if predecessor_coates and valid_from is None:
            row_problems.append(_("A unit formed from predecessors needs its valid_from date."))
        if row_problems:
            problems.extend(ImportProblem(line, message) for message in row_problems)
            continue
        rows.append(
            PlannedUnit(
                line=line,
                coate=coate,
                level=level,
                parent_coate=parent_coate,
                name_ky=names["ky"],
                name_ru=names["ru"],
                name_en=names["en"],
                iso_code=iso_code,
                population=population,
                valid_from=valid_from,
                valid_to=valid_to,
                predecessor_coates=predecessor_coates,
            )
        )
    if not rows and not problems:
        problems.append(ImportProblem(1, _("The file has no rows.")))
    return rows, problems


def check_rows(rows: list[PlannedUnit]) -> list[ImportProblem]:
    """Check rows against each other and the database: duplicates, overlaps, parents, predecessors."""
    problems: list[ImportProblem] = []
    by_key: dict[tuple[str, datetime.date | None], PlannedUnit] = {}
    versions: dict[str, list[Version]] = {}
    for row in rows:
        if row.key in by_key:
            problems.append(
                ImportProblem(
                    row.line,
                    Message(
                        _("The code %(code)s appears twice (also on line %(other)d)."),
                        {"code": row.coate, "other": by_key[row.key].line},
                    ),
                )
            )
            continue
        by_key[row.key] = row
        versions.setdefault(row.coate, []).append(row)

    codes = set(versions) | {r.parent_coate for r in rows if r.parent_coate}
    codes |= {code for r in rows for code in r.predecessor_coates}
    existing: dict[tuple[str, datetime.date | None], Unit] = {}
    for unit in _existing_units(codes):
        existing[(unit.coate, unit.valid_from)] = unit
    for key, unit in existing.items():
        if key in by_key:
            by_key[key].unit = unit  # the row updates this version
        else:
            versions.setdefault(unit.coate, []).append(unit)

    for row in by_key.values():
        if len(versions[row.coate]) > MAX_VERSIONS:
            problems.append(
                ImportProblem(
                    row.line,
                    Message(
                        _("The code %(code)s has more than %(count)d versions."),
                        {"code": row.coate, "count": MAX_VERSIONS},
                    ),
                )
            )
            continue
        for other in versions[row.coate]:
            if other is not row and other is not row.unit and _overlap(row, other):
                problems.append(
                    ImportProblem(
                        row.line,
                        Message(
                            _("The code %(code)s has another version valid at the same time."),
                            {"code": row.coate},
                        ),
                    )
                )
                break
        if row.unit is not None and row.unit.level != row.level:
            problems.append(
                ImportProblem(
                    row.line,
                    Message(_("The code %(code)s is already stored at another level."), {"code": row.coate}),
                )
            )
        if row.parent_coate:
            # A child hangs under the parent version of its own time: its first day, else its last.
            parent = _version_on(versions.get(row.parent_coate, []), row.valid_from or row.valid_to)
            expected = PARENT_LEVEL[row.level]
            if parent is None:
                problems.append(
                    ImportProblem(
                        row.line,
                        Message(
                            _("The parent %(code)s is neither in the file nor in the database."),
                            {"code": row.parent_coate},
                        ),
                    )
                )
            elif parent.level != expected:
                problems.append(
                    ImportProblem(
                        row.line,
                        Message(
                            _(
                                "The parent %(code)s is at the level “%(actual)s”, "
                                "but “%(level)s” hangs under “%(expected)s”."
                            ),
                            {
                                "code": row.parent_coate,
                                "actual": Level(parent.level).label,
                                "level": Level(row.level).label,
                                "expected": Level(expected).label if expected else "",
                            },
                        ),
                    )
                )
            else:
                row.parent = parent
        for code in row.predecessor_coates:
            before = [
                version
                for version in versions.get(code, [])
                if version is not row
                and version.valid_to is not None
                and row.valid_from is not None
                and version.valid_to < row.valid_from
            ]
            if not before:
                problems.append(
                    ImportProblem(
                        row.line,
                        Message(
                            _("The predecessor %(code)s has no version that ended before %(date)s."),
                            {"code": code, "date": row.valid_from},
                        ),
                    )
                )
            else:
                row.predecessors.append(
                    max(before, key=lambda version: version.valid_to or datetime.date.min)
                )
    problems.sort(key=lambda problem: problem.line)
    return problems


def _existing_units(codes: Iterable[str]) -> list[Unit]:
    codes = sorted(codes)
    units: list[Unit] = []
    # Chunks keep the IN list under SQLite's variable limit.
    for start in range(0, len(codes), 500):
        units.extend(Unit.objects.filter(coate__in=codes[start : start + 500]))
    return units


def _version_on(versions: list[Version], day: datetime.date | None) -> Version | None:
    """The version valid on `day`, or for an undated row the open (latest) version."""
    matching = [version for version in versions if _valid_on(version, day)]
    if matching:
        return matching[0]
    if day is None and versions:
        return max(versions, key=lambda version: version.valid_from or datetime.date.min)
    return None


def plan_import(file: str | Path | IO[Any], default_valid_from: datetime.date | None) -> list[PlannedUnit]:
    """Read and check a file; raise TerritoryImportError with every problem, else return rows by level."""
    try:
        text = _read_text(file)
    except UnicodeDecodeError:
        raise TerritoryImportError([ImportProblem(1, _("The file is not UTF-8 text."))]) from None
    rows, problems = parse_rows(text, default_valid_from)
    problems += check_rows(rows)
    if problems:
        raise TerritoryImportError(sorted(problems, key=lambda problem: problem.line))
    return sorted(rows, key=lambda row: (LEVEL_ORDER.index(Level(row.level)), row.line))
