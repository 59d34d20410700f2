"""Import of sessions from a KoboToolbox (XLSForm) CSV export: all rows or none.

The columns are the questions of kenesh.needs.kobo.form_fields, under any header Kobo writes: the name
("village"), its group path ("session/village"), or its label in Kyrgyz or Russian ("Айыл", "Село");
Kobo's own columns (_id, _uuid, start, end, meta/instanceID...) are ignored. Choice values may be names or
labels too. `;` or `,` separates the columns. Every bad row is reported by its row number in the file (the
header is row 1) in the reader's language, and nothing is written unless every row is good.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_record
from kenesh.needs import kobo, services
from kenesh.needs.models import Campaign, Problem, RankingMethod, Session
from kenesh.territory.models import Unit

# Bounds of an upload: 10 MB and 20,000 rows (a national campaign has a few thousand sessions).
SIZE_LIMIT = 10 * 1024 * 1024
ROW_LIMIT = 20_000
ERRORS_SHOWN = 300
KOBO_COLUMNS = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
}
KOBO_PREFIXES = ("_", "meta/", "formhub/")


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


class ImportRejected(Exception):
    """The file was not imported; `errors` says why, row by row (row 1 is the header, 0 the whole file)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").strip().casefold().split())


def _header_map(fields: list[kobo.FormField]) -> dict[str, str]:
    names: dict[str, str] = {}
    for field in fields:
        for text in (field.name, field.label_ky, field.label_ru):
            if text:
                names.setdefault(_norm(text), field.name)
    return names


def _is_kobo_column(header: str) -> bool:
    text = header.strip()
    return text in KOBO_COLUMNS or text.startswith(KOBO_PREFIXES) or text.split("/")[-1].startswith("_")


def _column_of(header: str, names: dict[str, str]) -> str | None:
    for candidate in (header, header.split("/")[-1], header.split(".")[-1]):
        found = names.get(_norm(candidate))
        if found:
            return found
    return None


def _decode(upload: Any) -> str:
    size = getattr(upload, "size", None)
    if size is not None and size > SIZE_LIMIT:
        raise ImportRejected([RowError(0, _("The file is larger than 10 MB."))])
    raw = upload.read(SIZE_LIMIT + 1)
    if len(raw) > SIZE_LIMIT:
        raise ImportRejected([RowError(0, _("The file is larger than 10 MB."))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowError(0, _("The file is not UTF-8 text. Export the CSV from Kobo again."))]
        ) from None


def _rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportRejected([RowError(0, _("The file is not a CSV table."))]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportRejected([RowError(0, _("The file is empty."))])
    if len(rows) - 1 > ROW_LIMIT:
        raise ImportRejected(
            [RowError(0, _("The file has more than %(limit)s rows.") % {"limit": ROW_LIMIT})]
        )
    return rows


def _integer(value: str) -> int | None:
    text = value.strip().replace(" ", "")
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.lstrip("-").isdigit() or len(text) > 9:
        raise ValueError(text)
    return int(text)


def _date(value: str) -> datetime.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for pattern, size in (("%d.%m.%Y", 10), ("%d/%m/%Y", 10)):
        try:
            return datetime.datetime.strptime(text[:size], pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


class _Lookup:
    """Choice values by name or label, read once per import."""

    def __init__(self, campaign: Campaign) -> None:
        self.villages: dict[str, Unit] = {}
        for village in Unit.objects.filter(parent=campaign.municipality):
            for text in (village.coate, village.name_ky, village.name_ru):
                if text:
                    self.villages.setdefault(_norm(text), village)
        self.categories: dict[str, Any] = {}
        for category in services.categories_for(campaign.municipality):
            for text in (category.key, category.name_ky, category.name_ru):
                if text:
                    self.categories.setdefault(_norm(text), category)
        self.groups = self._choices(kobo.GROUP_LABELS)
        self.methods = self._choices(kobo.METHOD_LABELS)

    @staticmethod
    def _choices(labels: dict[str, tuple[str, str]]) -> dict[str, str]:
        found: dict[str, str] = {}
        for value, (label_ky, label_ru) in labels.items():
            for text in (value, label_ky, label_ru):
                found[_norm(text)] = value
        return found


def _row_session(
    campaign: Campaign, lookup: _Lookup, cells: dict[str, str], add: Any
) -> services.SessionInput | None:
    """A row as a session, or None after reporting what is wrong with it."""
    coate = cells.get("municipality", "").strip()
    if coate and coate != campaign.municipality.coate:
        add(
            _("This row belongs to another municipality (%(coate)s), not to %(name)s.")
            % {"coate": coate, "name": campaign.municipality.name}
        )
        return None
    before = len(add.errors)
    village_text = cells.get("village", "")
    village = lookup.villages.get(_norm(village_text))
    if village is None:
        add(
            _("Unknown village “%(value)s”: use a village of %(name)s as the form lists it.")
            % {"value": village_text.strip(), "name": campaign.municipality.name}
        )
    group = lookup.groups.get(_norm(cells.get("group_type", "")), "")
    if not group:
        add(_("Unknown group “%(value)s”.") % {"value": cells.get("group_type", "").strip()})
    method = lookup.methods.get(_norm(cells.get("method", "")), "")
    if not method:
        add(_("Unknown ranking “%(value)s”: points or rank.") % {"value": cells.get("method", "").strip()})
    numbers: dict[str, int | None] = {}
    for name in ("participants", "women", "men", *services.AGE_FIELDS):
        try:
            numbers[name] = _integer(cells.get(name, ""))
        except ValueError:
            add(
                _("“%(value)s” in column %(column)s is not a whole number.")
                % {"value": cells[name], "column": name}
            )
    try:
        held_on = _date(cells.get("held_on", ""))
    except ValueError:
        held_on = None
        add(_("“%(value)s” is not a date (use 2025-07-01).") % {"value": cells.get("held_on", "")})
    problems = []
    for number in range(1, kobo.PROBLEM_SLOTS + 1):
        key = cells.get(f"problem_{number}_category", "")
        score_text = cells.get(f"problem_{number}_score", "")
        if not key.strip():
            if score_text.strip():
                add(_("Problem %(number)s has points or a rank but no category.") % {"number": number})
            continue
        category = lookup.categories.get(_norm(key))
        if category is None:
            add(
                _("Unknown category “%(value)s” in problem %(number)s.")
                % {"value": key.strip(), "number": number}
            )
            continue
        try:
            score = _integer(score_text)
        except ValueError:
            add(
                _("Problem %(number)s: “%(value)s” is not a whole number.")
                % {"number": number, "value": score_text}
            )
            continue
        problems.append(
            services.ProblemInput(
                category=category,
                text_ky=cells.get(f"problem_{number}_text_ky", ""),
                text_ru=cells.get(f"problem_{number}_text_ru", ""),
                points=score if method == RankingMethod.POINTS else None,
                rank=score if method == RankingMethod.RANK else None,
            )
        )
    if len(add.errors) > before:
        return None
    return services.SessionInput(
        village=village,
        held_on=held_on,
        facilitator=cells.get("facilitator", ""),
        group_type=group,
        method=method,
        participants=numbers.get("participants"),
        women=numbers.get("women"),
        men=numbers.get("men"),
        ages={name: numbers.get(name) for name in services.AGE_FIELDS},
        problems=problems,
        source_ref=(cells.get("form_number", "") or cells.get("_uuid", "")).strip(),
    )


class _Collector:
    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.row = 0

    def __call__(self, message: str) -> None:
        self.errors.append(RowError(self.row, message))


def sessions_read(campaign: Campaign, upload: Any) -> list[services.SessionInput]:
    """Every row of the upload as a checked session, or ImportRejected listing every problem."""
    rows = _rows(_decode(upload))
    fields = kobo.form_fields()
    names = _header_map(fields)
    add = _Collector()
    add.row = 1
    columns: list[str | None] = []
    for header in rows[0]:
        if not header.strip():
            columns.append(None)
            continue
        if header.strip() == "_uuid":
            columns.append("_uuid")
            continue
        if _is_kobo_column(header):
            columns.append(None)
            continue
        name = _column_of(header, names)
        if name is None:
            add(_("Unknown column “%(header)s”.") % {"header": header.strip()})
        elif name in columns:
            add(_("The column %(name)s appears twice.") % {"name": name})
        columns.append(name)
    present = set(columns)
    for field in fields:
        if field.required and field.name not in present:
            add(_("The required column %(name)s is missing.") % {"name": field.name})
    if add.errors:
        raise ImportRejected(add.errors)
    lookup = _Lookup(campaign)
    sessions: list[services.SessionInput] = []
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        add.row = row_number
        if len(row) > len(columns):
            add(_("The row has more cells than the header has columns."))
            continue
        cells = {name: value for name, value in zip(columns, row, strict=False) if name}
        data = _row_session(campaign, lookup, cells, add)
        if data is None:
            continue
        for name, messages in services.session_check(campaign, data).items():
            for message in messages:
                add(message if name == "__all__" else f"{name}: {message}")
        sessions.append(data)
    if add.errors:
        raise ImportRejected(add.errors)
    if not sessions:
        raise ImportRejected([RowError(0, _("The file has no rows of sessions."))])
    return sessions


@transaction.atomic
def sessions_import(*, actor: Any, campaign: Campaign, upload: Any) -> int:
    """Import the upload's sessions (all or none); returns how many were created.

    A row whose form number or Kobo uuid the campaign already holds is skipped, so the same export can be
    imported again after new submissions.
    """
    sessions = sessions_read(campaign, upload)
    # The campaign's row lock keeps other writers of its sessions out until this import commits, so the last
    # ids of its sessions are this import's own (session_record takes the same lock).
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    known = set(
        Session.objects.filter(campaign=campaign).exclude(source_ref="").values_list("source_ref", flat=True)
    )
    fresh = [data for data in sessions if not data.source_ref or data.source_ref not in known]
    person = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if fresh:
        _rows_insert(campaign, fresh, person)
    Campaign.objects.filter(pk=campaign.pk).update(modified_at=timezone.now())
    audit_record(
        actor=actor,
        action="needs.session.import",
        target=campaign,
        municipality=campaign.municipality,
        changes={
            "sessions": {"before": None, "after": len(fresh)},
            "skipped": {"before": None, "after": len(sessions) - len(fresh)},
        },
    )
    return len(fresh)


SESSION_COLUMNS = (
    "campaign_id", "village_id", "held_on", "facilitator", "group_type", "method", "participants",
    "women", "men", "age_under_18", "age_18_29", "age_30_59", "age_60_plus", "source_ref", "created_at",
    "created_by_id",
)  # fmt: skip
PROBLEM_COLUMNS = ("session_id", "category_id", "text_ky", "text_ru", "points", "rank")


def _insert_many(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Write the rows: COPY on PostgreSQL, else multi-row INSERTs of as many rows as the database takes."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":
        # COPY: PostgreSQL's bulk path (a 20,000-row INSERT spends its time binding parameters on the client).
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    limit = connection.features.max_query_params or 16_000
    size = max(1, min(1_000, limit // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = ", ".join([one] * len(batch))
            sql = f"INSERT INTO {table} ({names}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])


def _rows_insert(campaign: Campaign, fresh: list[services.SessionInput], person: Any) -> None:
    """Insert checked sessions and their problems with multi-row INSERT statements.

    Why not bulk_create: building 20,000 model instances and their SQL costs about 2.5 s for a 5,000-row
    export, over the issue's 2 s budget; plain parameter rows cost a fraction. The rows were checked by
    services.session_check like any other write, and the table and column names come from the models.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    session_rows = []
    for data in fresh:
        fields = services.session_fields(data)
        session_rows.append(
            (
                campaign.pk,
                fields["village"].pk,
                connection.ops.adapt_datefield_value(fields["held_on"]),
                fields["facilitator"],
                fields["group_type"],
                fields["method"],
                fields["participants"],
                fields["women"],
                fields["men"],
                *(fields[name] for name in services.AGE_FIELDS),
                fields["source_ref"],
                now,
                person.pk if person is not None else None,
            )
        )
    session_table = connection.ops.quote_name(Session._meta.db_table)
    problem_table = connection.ops.quote_name(Problem._meta.db_table)
    _insert_many(session_table, SESSION_COLUMNS, session_rows)
    ids = list(
        Session.objects.filter(campaign=campaign).order_by("-id").values_list("id", flat=True)[: len(fresh)]
    )[::-1]
    problem_rows = []
    for session_id, data in zip(ids, fresh, strict=True):
        points_method = data.method == RankingMethod.POINTS
        for problem in data.problems:
            problem_rows.append(
                (
                    session_id,
                    problem.category.pk,
                    problem.text_ky.strip()[:300],
                    problem.text_ru.strip()[:300],
                    problem.points if points_method else None,
                    None if points_method else problem.rank,
                )
            )
    _insert_many(problem_table, PROBLEM_COLUMNS, problem_rows)
