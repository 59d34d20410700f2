"""Pabulib files (META, PROJECTS, VOTES) read into an Election and written back: fast, strict, exact.

The reader follows pabutools' reading of the format (``;`` separators, csv-style double quotes, values
stripped of surrounding spaces, empty entries in an approval or ordinal vote skipped, a decimal comma in
costs and the budget) and is stricter where pabutools would fail late or silently: every problem becomes
a :class:`PabulibError` naming the 1-based line. Lines are split as :meth:`str.splitlines` splits them, as
pabutools does, so a quoted value cannot span lines.

Speed: a vote line costs one ``split(';')`` and one dictionary lookup. Each distinct vote string is
tokenised once and remembered; ballots are kept as ids of distinct votes and expanded into the CSR arrays
with NumPy at the end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import numpy as np

from kenesh.tally.model import VOTE_TYPES, Election, PabulibError

SECTIONS = ("meta", "projects", "votes")
POINTS_VOTE_TYPES = ("cumulative", "scoring")
MAX_SCALE_DIGITS = 18
"""Amounts may have at most this many decimal places (the scale must stay an int64)."""
MAX_PROBLEMS = 100
"""validate_pabulib stops collecting after this many problems."""
MAX_AMOUNT = 10**15
"""Costs, budgets and points above this are refused: sums of them must stay exact in int64."""
MAX_NUMBER_CHARS = 40
_INT64_MAX = 2**63 - 1

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
# Every character str.splitlines() breaks on: a value holding one could not be read back.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


# --- reading -------------------------------------------------------------------------------------------


def read_pabulib(source: str | bytes | os.PathLike[str], *, strict: bool = False) -> Election:
    """Read a Pabulib election from a path, from the file's bytes, or from its text.

    A ``str`` is taken as the file's text when it is empty or holds a line break, else as a path.
    See parse_pabulib for ``strict``.
    """
    if isinstance(source, bytes):
        return parse_pabulib(_decode(source), strict=strict)
    if isinstance(source, str) and _is_text(source):
        return parse_pabulib(source, strict=strict)
    return parse_pabulib(_read_text(source), strict=strict)


def parse_pabulib(text: str, *, strict: bool = False) -> Election:
    """Parse the text of a Pabulib file; raise PabulibError on the first problem.

    A project named twice in one vote is an error when ``strict``. Otherwise it is read as pabutools
    reads it, because real files have it (Poland_Czestochowa_2020, eight Warszawa 2026 districts): the
    project keeps its first place and, for cumulative and scoring votes, the points given last.
    """
    election = _Parser(text, collect=False, strict=strict).parse()
    assert election is not None
    return election


def validate_pabulib(source: str | bytes | os.PathLike[str]) -> list[PabulibError]:
    """Every problem found in a Pabulib file (empty when the file is valid), in file order.

    After a problem in one project or ballot the check goes on with the next line; problems with the
    file's structure (a missing section or header) stop it. At most MAX_PROBLEMS are reported.
    """
    try:
        if isinstance(source, bytes):
            text = _decode(source)
        elif isinstance(source, str) and _is_text(source):
            text = source
        else:
            text = _read_text(source)
    except PabulibError as error:
        return [error]
    parser = _Parser(text, collect=True, strict=True)
    try:
        parser.parse()
    except PabulibError as error:
        parser.problems.append(error)
    return sorted(parser.problems, key=lambda e: e.line if e.line is not None else 0)


def _is_text(source: str) -> bool:
    """A str is a file's text when it is empty or holds a line break; else it is a path."""
    return not source or "\n" in source or "\r" in source


def _read_text(path: str | os.PathLike[str]) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PabulibError(f"cannot read {os.fspath(path)}: {error.strerror or error}") from None
    except ValueError as error:  # a NUL in the path
        raise PabulibError(f"cannot read {_clip(os.fspath(path))!r}: {error}") from None
    return _decode(data)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PabulibError(
            f"the file is not UTF-8 text (byte {data[error.start]:#04x} cannot be decoded)", line
        ) from None


class _Stop(Exception):
    """Raised inside the parser to abandon the current project or ballot in collect mode."""


class _Parser:
    """One parse of one text: raises the first problem, or (collect) records problems and goes on."""

    def __init__(self, text: str, *, collect: bool, strict: bool):
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.splitlines()
        self.collect = collect
        self.strict = strict
        self.problems: list[PabulibError] = []

    def problem(self, message: str, line: int | None) -> _Stop:
        """Raise the error at once, or record it and return _Stop for the caller to raise."""
        error = PabulibError(message, line)
        if not self.collect:
            raise error
        self.problems.append(error)
        if len(self.problems) >= MAX_PROBLEMS:
            raise PabulibError(f"stopped after {MAX_PROBLEMS} problems", line)
        return _Stop()

    def fatal(self, message: str, line: int | None) -> PabulibError:
        """An error in the file's structure: it ends the parse even when collecting problems."""
        return PabulibError(message, line)

    # The file's skeleton ---------------------------------------------------------------------------

    def parse(self) -> Election | None:
        lines = self.lines
        n = len(lines)
        pos = self._skip_blank(0)
        if pos >= n:
            raise self.fatal("the file is empty; a Pabulib file starts with META", 1)
        self._expect_section(pos, "meta")
        pos, header_line = self._header(pos, "meta")
        meta_header = [h.strip().lower() for h in self._fields(lines[header_line], header_line + 1)]
        if meta_header != ["key", "value"]:
            raise self.fatal(
                f"the META header should be key;value, not {_clip(lines[header_line])!r}", header_line + 1
            )
        pos, meta, meta_lines = self._read_meta(pos)
        vote_type, budget = self._check_meta(meta, meta_lines)
        self._expect_section(pos, "projects")
        pos, header_line = self._header(pos, "projects")
        project_columns = self._columns(header_line, ("project_id", "cost"))
        projects_line = header_line + 1
        pos, project_ids, project_fields, cost_values = self._read_projects(pos, project_columns)
        self._expect_section(pos, "votes")
        pos, header_line = self._header(pos, "votes")
        voter_columns = self._columns(header_line, ("voter_id", "vote"))

        if vote_type in POINTS_VOTE_TYPES and "points" not in voter_columns:
            raise self.fatal(f"a {vote_type} election needs a points column in VOTES", header_line + 1)
        money_scale = _scale(cost_values + ([budget] if budget is not None else []))
        if money_scale is None:
            raise self.fatal(
                f"costs and budget may have at most {MAX_SCALE_DIGITS} decimal places", projects_line
            )
        costs_scaled = [int(c * money_scale) for c in cost_values]
        if sum(costs_scaled) > _INT64_MAX:
            raise self.fatal("the project costs are too large to count exactly", projects_line)
        costs = np.array(costs_scaled, dtype=np.int64)
        budget_scaled = int(budget * money_scale) if budget is not None else 0

        pid_index = {pid: j for j, pid in enumerate(project_ids)}
        votes = _VotesReader(self, pid_index, vote_type, voter_columns, project_ids)
        votes.read(pos)
        if self.problems:
            # A skipped project or ballot would make the counts in META look wrong too.
            return None
        self._check_counts(meta, meta_lines, len(project_ids), votes.n_ballots)
        if self.problems:
            return None
        return Election(
            meta=meta,
            project_ids=project_ids,
            costs=costs,
            budget_scaled=budget_scaled,
            money_scale=money_scale,
            vote_type=vote_type,
            indptr=votes.indptr,
            indices=votes.indices,
            points=votes.points,
            points_scale=votes.points_scale,
            weights=None,
            voter_ids=votes.voter_ids,
            project_columns=project_columns,
            project_fields=project_fields,
            voter_columns=voter_columns,
            voter_fields=votes.voter_fields,
        )

    def _skip_blank(self, pos: int) -> int:
        lines = self.lines
        while pos < len(lines) and not lines[pos].strip():
            pos += 1
        return pos

    def _section_of(self, line: str) -> str | None:
        name = line.strip().lower()
        return name if name in SECTIONS else None

    def _expect_section(self, pos: int, name: str) -> None:
        if pos >= len(self.lines):
            raise self.fatal(f"the file ends without a {name.upper()} section", max(len(self.lines), 1))
        found = self._section_of(self.lines[pos])
        if found != name:
            what = f"the {found.upper()} section" if found else repr(_clip(self.lines[pos]))
            raise self.fatal(f"expected the {name.upper()} section here, found {what}", pos + 1)

    def _header(self, pos: int, name: str) -> tuple[int, int]:
        """The line index after the header of the section starting at pos, and the header's index."""
        header = self._skip_blank(pos + 1)
        if header >= len(self.lines) or self._section_of(self.lines[header]):
            line_no = min(header + 1, len(self.lines))
            raise self.fatal(f"the {name.upper()} section has no header line", line_no)
        return header + 1, header

    def _columns(self, header_line: int, required: tuple[str, ...]) -> list[str]:
        line_no = header_line + 1
        columns = [c.strip() for c in self._fields(self.lines[header_line], line_no)]
        seen: set[str] = set()
        for column in columns:
            if column in seen:
                raise self.fatal(f"the header names the column {_clip(column)!r} twice", line_no)
            seen.add(column)
        for column in required:
            if column not in seen:
                raise self.fatal(f"the header has no {column} column", line_no)
        return columns

    def _fields(self, line: str, line_no: int) -> list[str]:
        if '"' not in line:
            return line.split(";")
        fields = _split_quoted(line)
        if fields is None:
            raise self.fatal("a quoted value is not closed on its line", line_no)
        return fields

    def _row_fields(self, line: str, line_no: int) -> list[str]:
        """The fields of a META, project or ballot line: in collect mode a bad line is skipped."""
        try:
            return self._fields(line, line_no)
        except PabulibError as error:
            if not self.collect:
                raise
            raise self.problem(error.message, line_no) from None

    def _section_end(self, pos: int) -> int:
        """The index of the first line from pos on that starts a section (the line count when none does)."""
        lines = self.lines
        while pos < len(lines) and self._section_of(lines[pos]) is None:
            pos += 1
        return pos

    def _section_rows(self, start: int, end: int) -> Iterator[tuple[int, str, list[str]]]:
        """Line number, text and fields of each non-blank line in [start, end): META and PROJECTS rows.

        In collect mode a line whose fields cannot be split is reported and left out.
        """
        for pos in range(start, end):
            line = self.lines[pos]
            if not line.strip():
                continue
            try:
                row = self._row_fields(line, pos + 1)
            except _Stop:
                continue
            yield pos + 1, line, row

    # META and PROJECTS -----------------------------------------------------------------------------

    def _read_meta(self, pos: int) -> tuple[int, dict[str, str], dict[str, int]]:
        meta: dict[str, str] = {}
        meta_lines: dict[str, int] = {}
        end = self._section_end(pos)
        for line_no, line, row in self._section_rows(pos, end):
            try:
                if len(row) < 2:
                    raise self.problem(f"a META line should be key;value, not {_clip(line)!r}", line_no)
                key = row[0].strip()
                # pabutools keeps only the second field; an unquoted ';' inside a value is kept instead.
                value = ";".join(row[1:]).strip()
                if not key:
                    raise self.problem("a META line has an empty key", line_no)
                if key in meta:
                    raise self.problem(
                        f"the META key {_clip(key)!r} appears twice (first on line {meta_lines[key]})",
                        line_no,
                    )
                meta[key] = value
                meta_lines[key] = line_no
            except _Stop:
                continue
        return end, meta, meta_lines

    def _check_meta(self, meta: dict[str, str], meta_lines: dict[str, int]) -> tuple[str, Fraction | None]:
        last_meta_line = max(meta_lines.values(), default=1)
        vote_type = meta.get("vote_type")
        if vote_type is None:
            raise self.fatal("META has no vote_type", last_meta_line)
        if vote_type not in VOTE_TYPES:
            raise self.fatal(
                f"unknown vote_type {_clip(vote_type)!r}; expected one of {', '.join(VOTE_TYPES)}",
                meta_lines["vote_type"],
            )
        if "budget" not in meta:
            raise self.fatal("META has no budget", last_meta_line)
        budget = None
        try:
            budget = self._amount(meta["budget"], "the budget", meta_lines["budget"])
        except _Stop:
            pass
        return vote_type, budget

    def _check_counts(
        self, meta: dict[str, str], meta_lines: dict[str, int], n_projects: int, n_ballots: int
    ) -> None:
        for key, actual, what in (
            ("num_projects", n_projects, "projects in PROJECTS"),
            ("num_votes", n_ballots, "ballots in VOTES"),
        ):
            if key not in meta:
                continue
            written = meta[key]
            line_no = meta_lines[key]
            try:
                if not (written.isascii() and written.isdigit() and len(written) <= MAX_NUMBER_CHARS):
                    raise self.problem(f"{key} should be a whole number, not {_clip(written)!r}", line_no)
                if int(written) != actual:
                    raise self.problem(
                        f"META says {key} is {_clip(written)} but there are {actual} {what}", line_no
                    )
            except _Stop:
                continue

    def _amount(self, text: str, what: str, line_no: int) -> Fraction:
        """A non-negative decimal amount; a single decimal comma is read as a point, as pabutools does."""
        s = text.strip()
        if "," in s and "." not in s and s.count(",") == 1:
            s = s.replace(",", ".")
        if len(s) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(s):
            raise self.problem(f"{what} {_clip(text)!r} is not a number", line_no)
        value = Fraction(s)
        if value < 0:
            raise self.problem(f"{what} {_clip(text)} is negative", line_no)
        if value > MAX_AMOUNT:
            raise self.problem(f"{what} {_clip(text)} is too large (the limit is {MAX_AMOUNT:,})", line_no)
        return value

    def _read_projects(
        self, pos: int, columns: list[str]
    ) -> tuple[int, list[str], list[dict[str, str]], list[Fraction]]:
        ncols = len(columns)
        i_id = columns.index("project_id")
        i_cost = columns.index("cost")
        ids: list[str] = []
        fields: list[dict[str, str]] = []
        costs: list[Fraction] = []
        first_line: dict[str, int] = {}
        end = self._section_end(pos)
        for line_no, _, row in self._section_rows(pos, end):
            try:
                if len(row) != ncols:
                    raise self.problem(
                        f"this project has {len(row)} fields but the PROJECTS header has {ncols}", line_no
                    )
                pid = row[i_id].strip()
                if not pid:
                    raise self.problem("a project has an empty project_id", line_no)
                if "," in pid:
                    raise self.problem(
                        f"project id {_clip(pid)!r} holds a comma, so no vote could name it", line_no
                    )
                if pid in first_line:
                    raise self.problem(
                        f"project {_clip(pid)!r} is listed twice (first on line {first_line[pid]})", line_no
                    )
                cost = self._amount(row[i_cost], f"the cost of project {_clip(pid)!r}", line_no)
            except _Stop:
                continue
            first_line[pid] = line_no
            ids.append(pid)
            costs.append(cost)
            fields.append(dict(zip(columns, row, strict=True)))
        return end, ids, fields, costs


class _VotesReader:
    """Reads the VOTES section into CSR arrays, tokenising each distinct vote string once."""

    def __init__(
        self,
        parser: _Parser,
        pid_index: dict[str, int],
        vote_type: str,
        columns: list[str],
        project_ids: list[str],
    ):
        self.parser = parser
        self.pid_index = pid_index
        self.vote_type = vote_type
        self.columns = columns
        self.project_ids = project_ids
        self.with_points = vote_type in POINTS_VOTE_TYPES
        # Distinct ballots: their entries laid end to end, with the length of each.
        self.distinct_entries: list[int] = []
        self.distinct_points: list[int | Fraction] = []
        self.distinct_lengths: list[int] = []
        self.fractional_points = False
        self.n_ballots = 0
        self.indptr = np.zeros(1, dtype=np.int64)
        self.indices = np.zeros(0, dtype=np.int32)
        self.points: np.ndarray | None = None
        self.points_scale = 1
        self.voter_ids: list[str] = []
        self.voter_fields: dict[str, list[str]] = {}

    def read(self, first: int) -> None:
        parser = self.parser
        lines = parser.lines
        ncols = len(self.columns)
        i_vote = self.columns.index("vote")
        i_points = self.columns.index("points") if self.with_points else -1
        cache: dict[str, int] = {}
        distinct_ids: list[int] = []
        add_id = distinct_ids.append
        new_ballot = self._new_ballot
        # One list of strings per kept column, never a list per row: strings are not tracked by the
        # garbage collector, and a list per row makes its passes cost more than the parse itself.
        structural = ("vote", "points") if self.with_points else ("vote",)
        kept = [(k, c) for k, c in enumerate(self.columns) if c not in structural]
        by_column: dict[str, list[str]] = {c: [] for _, c in kept}
        appenders = [(k, by_column[c].append) for k, c in kept]
        # The hot loop: everything unusual (quotes, blank lines, a wrong field count) leaves it.
        for pos in range(first, len(lines)):
            line = lines[pos]
            parts = line.split(";")
            if len(parts) != ncols or '"' in line:
                awkward = self._awkward_line(line, pos + 1, ncols)
                if awkward is None:
                    continue
                parts = awkward
            key = parts[i_vote] if i_points < 0 else parts[i_vote] + ";" + parts[i_points]
            uid = cache.get(key)
            if uid is None:
                try:
                    uid = new_ballot(parts[i_vote], parts[i_points] if i_points >= 0 else "", pos + 1)
                except _Stop:
                    continue
                cache[key] = uid
            add_id(uid)
            for k, append in appenders:
                append(parts[k])
        self.n_ballots = len(distinct_ids)
        self._collect_fields(by_column, first)
        self._expand(distinct_ids, header_line_no=first)

    def _awkward_line(self, line: str, line_no: int, ncols: int) -> list[str] | None:
        """The fields of a line off the fast path, or None when it holds no ballot."""
        parser = self.parser
        if not line.strip():
            return None
        section = parser._section_of(line)
        if section is not None:
            raise parser.fatal(f"a second {section.upper()} section; VOTES must be the last section", line_no)
        try:
            row = parser._row_fields(line, line_no)
            if len(row) != ncols:
                raise parser.problem(
                    f"this ballot has {len(row)} fields but the VOTES header has {ncols}", line_no
                )
        except _Stop:
            return None
        return row

    def _new_ballot(self, vote: str, points: str, line_no: int) -> int:
        """Tokenise a vote (and its points) seen for the first time; return its distinct-ballot id."""
        parser = self.parser
        try:
            # The usual vote: known ids, no spaces, no empty entry.
            entries = [self.pid_index[name] for name in vote.split(",")] if vote else []
        except KeyError:
            entries = self._careful_entries(vote, line_no)
        values: list[int | Fraction] = []
        if self.with_points:
            values = self._points(points, line_no)
            if len(values) != len(entries):
                raise parser.problem(
                    f"this vote names {len(entries)} projects but gives {len(values)} points", line_no
                )
        if len(set(entries)) != len(entries):
            entries, values = self._repeated(entries, values, line_no)
        self.distinct_points.extend(values)
        uid = len(self.distinct_lengths)
        self.distinct_entries.extend(entries)
        self.distinct_lengths.append(len(entries))
        return uid

    def _careful_entries(self, vote: str, line_no: int) -> list[int]:
        names = [name.strip() for name in vote.split(",")]
        if not self.with_points:
            # pabutools skips empty entries of approval and ordinal votes ("1,,2", a trailing comma).
            names = [name for name in names if name]
        elif names == [""]:
            names = []
        entries: list[int] = []
        for name in names:
            j = self.pid_index.get(name)
            if j is None:
                if not name:
                    raise self.parser.problem("this vote has an empty entry", line_no)
                raise self.parser.problem(f"project {_clip(name)!r} in this vote is not in PROJECTS", line_no)
            entries.append(j)
        return entries

    def _repeated(
        self, entries: list[int], values: list[int | Fraction], line_no: int
    ) -> tuple[list[int], list[int | Fraction]]:
        """A vote naming a project twice: an error when strict, else read as pabutools reads it."""
        if self.parser.strict:
            seen: set[int] = set()
            for j in entries:
                if j in seen:
                    message = f"project {self.project_ids[j]!r} appears twice in this vote"
                    raise self.parser.problem(message, line_no)
                seen.add(j)
        if not values:
            return list(dict.fromkeys(entries)), []
        last: dict[int, int | Fraction] = {}
        for j, value in zip(entries, values, strict=True):
            last[j] = value
        return list(last), list(last.values())

    def _points(self, text: str, line_no: int) -> list[int | Fraction]:
        text = text.strip()
        if not text:
            return []
        if len(text) < 16 * (text.count(",") + 1) and text.isascii() and text.replace(",", "").isdigit():
            # The usual points: small whole numbers (an empty entry makes int() fail: read carefully).
            try:
                whole: list[int | Fraction] = [int(token) for token in text.split(",")]
            except ValueError:
                pass
            else:
                if max(whole) <= MAX_AMOUNT:
                    return whole
        values: list[int | Fraction] = []
        for token in text.split(","):
            token = token.strip()
            if len(token) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(token):
                raise self.parser.problem(f"the points value {_clip(token)!r} is not a number", line_no)
            if token.isdigit():
                number = int(token)
                if number <= MAX_AMOUNT:
                    values.append(number)
                    continue
            value = Fraction(token)
            if value < 0 and self.vote_type == "cumulative":
                raise self.parser.problem(f"the points value {_clip(token)} is negative", line_no)
            if abs(value) > MAX_AMOUNT:
                message = f"the points value {_clip(token)} is too large (the limit is {MAX_AMOUNT:,})"
                raise self.parser.problem(message, line_no)
            if value.denominator == 1:
                values.append(value.numerator)
            else:
                self.fractional_points = True
                values.append(value)
        return values

    def _collect_fields(self, by_column: dict[str, list[str]], first: int) -> None:
        self.voter_ids = [v.strip() for v in by_column.pop("voter_id")]
        # A ballot skipped for another problem still has a voter id that may be repeated.
        if len(set(self.voter_ids)) != len(self.voter_ids) or self.parser.problems:
            self._report_duplicate_voter(first)
        self.voter_fields = by_column

    def _report_duplicate_voter(self, first: int) -> None:
        """Find the lines of the repeated voter ids (the error path: the lines are read again)."""
        parser = self.parser
        i_voter = self.columns.index("voter_id")
        seen: dict[str, int] = {}
        for pos in range(first, len(parser.lines)):
            line = parser.lines[pos]
            if not line.strip():
                continue
            try:
                row = parser._fields(line, pos + 1)
            except PabulibError:
                continue
            if len(row) != len(self.columns):
                continue
            voter = row[i_voter].strip()
            if voter in seen:
                try:
                    message = f"voter {_clip(voter)!r} votes twice (first on line {seen[voter]})"
                    raise parser.problem(message, pos + 1)
                except _Stop:
                    continue
            seen[voter] = pos + 1

    def _expand(self, distinct_ids: list[int], header_line_no: int) -> None:
        """Lay the ballots end to end from their distinct-ballot ids, with NumPy."""
        parser = self.parser
        ids = np.array(distinct_ids, dtype=np.int64)
        lengths_d = np.array(self.distinct_lengths, dtype=np.int64)
        starts_d = np.zeros(len(lengths_d) + 1, dtype=np.int64)
        np.cumsum(lengths_d, out=starts_d[1:])
        lengths = lengths_d[ids]
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        total = int(indptr[-1])
        source = np.arange(total, dtype=np.int64) + np.repeat(starts_d[:-1][ids] - indptr[:-1], lengths)
        self.indptr = indptr
        self.indices = np.array(self.distinct_entries, dtype=np.int32)[source]
        if not self.with_points:
            return
        values = self.distinct_points
        if self.fractional_points:
            scale = _scale([Fraction(v) for v in values])
            if scale is None:
                message = f"points may have at most {MAX_SCALE_DIGITS} decimal places"
                raise parser.fatal(message, header_line_no)
            self.points_scale = scale
            values = [int(v * scale) for v in values]
        try:
            distinct_points = np.array(values, dtype=np.int64)
        except OverflowError:
            raise parser.fatal("a points value is too large to count exactly", header_line_no) from None
        self.points = distinct_points[source]


def _split_quoted(line: str) -> list[str] | None:
    """The fields of a line with csv-style quotes, as Python's csv module reads one line; None when a
    quote is left open. Characters after a closing quote join the value, as they do for csv."""
    fields: list[str] = []
    n = len(line)
    i = 0
    while True:
        if i < n and line[i] == '"':
            value: list[str] = []
            i += 1
            while True:
                close = line.find('"', i)
                if close < 0:
                    return None
                value.append(line[i:close])
                if line.startswith('"', close + 1):
                    value.append('"')
                    i = close + 2
                else:
                    i = close + 1
                    break
            end = line.find(";", i)
            end = n if end < 0 else end
            value.append(line[i:end])
            fields.append("".join(value))
        else:
            end = line.find(";", i)
            end = n if end < 0 else end
            fields.append(line[i:end])
        if end >= n:
            return fields
        i = end + 1


def _scale(values: Iterable[Fraction]) -> int | None:
    """The smallest power of ten that makes every value whole (None when more than 18 digits are needed)."""
    denominators = {v.denominator for v in values}
    exponent = 0
    for d in denominators:
        while (10**exponent) % d:
            exponent += 1
            if exponent > MAX_SCALE_DIGITS:
                return None
    return 10**exponent


def _clip(line: str, width: int = 40) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"


# --- writing -------------------------------------------------------------------------------------------


def write_pabulib(election: Election) -> str:
    """The Pabulib text of an election (``\\n`` line ends, no BOM).

    Values are written as the election holds them (a cost written ``4000.0`` stays so) unless the
    numbers disagree, when the exact number is written. ``num_projects`` and ``num_votes`` are updated
    when META has them. Merged rows (``weights``) are written out once per voter, numbered from 1.
    """
    e = election
    _check_writable(e)
    out: list[str] = ["META", "key;value"]
    meta = dict(e.meta)
    if "budget" not in meta or _parsed_amount(meta["budget"]) != e.budget:
        meta["budget"] = _format_scaled(e.budget_scaled, e.money_scale)
    meta["vote_type"] = e.vote_type
    if "num_projects" in meta:
        meta["num_projects"] = str(e.n_projects)
    if "num_votes" in meta:
        meta["num_votes"] = str(e.n_voters)
    for key, value in meta.items():
        out.append(_join([key, value], f"META {key}"))

    out.append("PROJECTS")
    project_columns = list(e.project_columns) or ["project_id", "cost"]
    for required in ("project_id", "cost"):
        if required not in project_columns:
            project_columns.insert(0 if required == "project_id" else 1, required)
    out.append(_join(project_columns, "the PROJECTS header"))
    for j, pid in enumerate(e.project_ids):
        given = e.project_fields[j] if j < len(e.project_fields) else {}
        cost = int(e.costs[j])
        row = []
        for column in project_columns:
            value = given.get(column, "")
            if column == "project_id" and value.strip() != pid:
                value = pid
            elif column == "cost" and _parsed_amount(value) != Fraction(cost, e.money_scale):
                value = _format_scaled(cost, e.money_scale)
            row.append(value)
        out.append(_join(row, f"project {_clip(pid)!r}"))

    out.append("VOTES")
    with_points = e.vote_type in POINTS_VOTE_TYPES
    voter_columns = list(e.voter_columns) or ["voter_id", "vote"]
    for k, required in enumerate(("voter_id", "vote", "points") if with_points else ("voter_id", "vote")):
        if required not in voter_columns:
            voter_columns.insert(k, required)
    out.append(_join(voter_columns, "the VOTES header"))
    out.extend(_vote_lines(e, voter_columns, with_points))
    out.append("")
    return "\n".join(out)


def write_pabulib_file(election: Election, path: str | os.PathLike[str]) -> None:
    """Write the election to a UTF-8 Pabulib file."""
    Path(path).write_text(write_pabulib(election), encoding="utf-8", newline="\n")


def _vote_lines(e: Election, columns: list[str], with_points: bool) -> list[str]:
    """The ballot lines, built column by column (a Python object per cell, none per row)."""
    rows = e.n_ballots
    bounds = e.indptr.tolist()
    spans = list(pairwise(bounds))
    ids = e.project_ids
    named = [ids[k] for k in e.indices.tolist()]
    cells: dict[str, list[str]] = {"vote": [",".join(named[a:b]) for a, b in spans]}
    if any(_needs_quotes(p) for p in ids):
        cells["vote"] = [_quoted(v) for v in cells["vote"]]
    if with_points:
        if e.points is None:
            raise PabulibError(f"a {e.vote_type} election needs points to be written")
        written = [_format_scaled(p, e.points_scale) for p in e.points.tolist()]
        cells["points"] = [",".join(written[a:b]) for a, b in spans]
    keep_voters = e.weights is None and len(e.voter_ids) == rows
    for c in columns:
        if c in cells or c == "voter_id":
            continue
        values = e.voter_fields.get(c) if keep_voters else None
        if values is None or len(values) != rows:
            cells[c] = [""] * rows
        elif any(_needs_quotes(v) for v in values):
            cells[c] = [_quoted(v) for v in values]
        else:
            cells[c] = values
    if e.weights is not None:
        # A merged row is written once per voter it stands for.
        order = np.repeat(np.arange(rows), e.weights).tolist()
        cells = {c: [values[i] for i in order] for c, values in cells.items()}
    if keep_voters:
        voters = e.voter_ids
        cells["voter_id"] = [_quoted(v) for v in voters] if any(_needs_quotes(v) for v in voters) else voters
    else:
        cells["voter_id"] = [str(k) for k in range(1, len(cells["vote"]) + 1)]
    return [";".join(row) for row in zip(*(cells[c] for c in columns), strict=True)]


def _check_writable(e: Election) -> None:
    """Refuse what the reader could not read back as the same election."""
    if e.vote_type not in VOTE_TYPES:
        raise PabulibError(f"unknown vote_type {e.vote_type!r}")
    seen: set[str] = set()
    for pid in e.project_ids:
        if not pid or pid != pid.strip() or "," in pid or _LINE_BREAKS.search(pid):
            raise PabulibError(
                f"project id {_clip(pid)!r} cannot be written (empty, spaces around, a comma or a line break)"
            )
        if pid in seen:
            raise PabulibError(f"project id {_clip(pid)!r} is used twice")
        seen.add(pid)
    if e.weights is None and e.voter_ids:
        if len(e.voter_ids) != e.n_ballots:
            raise PabulibError(f"{len(e.voter_ids)} voter ids for {e.n_ballots} ballots")
        if len(set(e.voter_ids)) != len(e.voter_ids):
            raise PabulibError("a voter id is used twice")
        for voter in e.voter_ids:
            if voter != voter.strip():
                raise PabulibError(
                    f"voter id {voter[:40]!r} cannot be written (spaces around it would be lost)"
                )
    groups: list[list[str]] = [
        list(e.meta),
        list(e.meta.values()),
        e.project_columns,
        e.voter_columns,
        e.voter_ids,
        *e.voter_fields.values(),
    ]
    groups.extend(list(given.values()) for given in e.project_fields)
    for texts in groups:
        # One search over the whole column; the value is looked for only when there is a break.
        if _LINE_BREAKS.search("".join(texts)):
            bad = next(t for t in texts if _LINE_BREAKS.search(t))
            raise PabulibError(f"the value {_clip(bad)!r} holds a line break, which Pabulib cannot carry")


def _parsed_amount(text: str) -> Fraction | None:
    s = text.strip()
    if "," in s and "." not in s and s.count(",") == 1:
        s = s.replace(",", ".")
    return Fraction(s) if len(s) <= MAX_NUMBER_CHARS and _NUMBER.fullmatch(s) else None


def _format_scaled(value: int, scale: int) -> str:
    """An exact decimal for value/scale (scale a power of ten), without trailing zeros."""
    if scale == 1:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), scale)
    digits = len(str(scale)) - 1
    fraction = f"{part:0{digits}d}".rstrip("0")
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def _needs_quotes(value: str) -> bool:
    return ";" in value or '"' in value


def _quoted(value: str) -> str:
    if _needs_quotes(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def _join(values: list[str], what: str) -> str:
    for value in values:
        if _LINE_BREAKS.search(value):
            raise PabulibError(f"{what} holds a line break, which Pabulib cannot carry")
    return ";".join(_quoted(v) for v in values)


# --- merging -------------------------------------------------------------------------------------------


def merge_identical_ballots(election: Election) -> Election:
    """The same election with identical ballots merged into one row whose weight is their number.

    Approval and choose-1 ballots are identical when they hold the same projects in any order;
    cumulative and scoring ballots when they give the same points to the same projects; ordinal ballots
    when they rank the same projects in the same order. Each row keeps the first ballot's order. Voter
    ids and the optional voter columns are dropped (they belong to single voters).
    """
    e = election
    indices = e.indices.tolist()
    indptr = e.indptr.tolist()
    points = e.points.tolist() if e.points is not None else None
    weights = e.ballot_weights().tolist()
    ordered = e.vote_type == "ordinal"
    row_of: dict[tuple[object, ...], int] = {}
    kept: list[int] = []
    merged_weights: list[int] = []
    for i in range(e.n_ballots):
        a, b = indptr[i], indptr[i + 1]
        key: tuple[object, ...]
        if points is not None:
            key = tuple(sorted(zip(indices[a:b], points[a:b], strict=True)))
        elif ordered:
            key = tuple(indices[a:b])
        else:
            key = tuple(sorted(indices[a:b]))
        row = row_of.get(key)
        if row is None:
            row_of[key] = len(kept)
            kept.append(i)
            merged_weights.append(weights[i])
        else:
            merged_weights[row] += weights[i]
    keep = np.array(kept, dtype=np.int64)
    lengths = np.diff(e.indptr)[keep]
    new_indptr = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_indptr[1:])
    source = np.arange(int(new_indptr[-1]), dtype=np.int64) + np.repeat(
        e.indptr[:-1][keep] - new_indptr[:-1], lengths
    )
    voter_columns = ["voter_id", "vote"] + (["points"] if e.points is not None else [])
    return Election(
        meta=dict(e.meta),
        project_ids=list(e.project_ids),
        costs=e.costs.copy(),
        budget_scaled=e.budget_scaled,
        money_scale=e.money_scale,
        vote_type=e.vote_type,
        indptr=new_indptr,
        indices=e.indices[source],
        points=e.points[source] if e.points is not None else None,
        points_scale=e.points_scale,
        weights=np.array(merged_weights, dtype=np.int64),
        voter_ids=[],
        project_columns=list(e.project_columns),
        project_fields=[dict(f) for f in e.project_fields],
        voter_columns=voter_columns,
        voter_fields={},
    )
