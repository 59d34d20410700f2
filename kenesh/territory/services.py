"""Writes of the territory app: importing units, editing LSG bodies, councils and deputies (audited)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kenesh.ops.events import change_record
from kenesh.territory.importer import ImportProblem, PlannedUnit, TerritoryImportError, plan_import
from kenesh.territory.models import (
    Council,
    CouncilKind,
    Deputy,
    ExecutiveBody,
    ExecutiveKind,
    Unit,
    today,
)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# The bodies a municipality has one of.
Body = TypeVar("Body", ExecutiveBody, Council)

UNIT_FIELDS = ("level", "name_ky", "name_ru", "name_en", "iso_code", "population", "valid_to")


@transaction.atomic
def territory_import_csv(*, file: str | Path | IO[Any], valid_from: datetime.date | None) -> ImportResult:
    """Import units from a СОАТЕ CSV file; `valid_from` is the date for rows that give none (None: since
    before our records). Raises TerritoryImportError listing every bad row; then nothing is written.
    A row whose (coate, valid_from) is already stored updates that version."""
    rows = plan_import(file, valid_from)
    created = updated = unchanged = 0
    for level_rows in _by_level(rows):
        new_units, changed_units = [], []
        for row in level_rows:
            parent = _stored(row.parent)
            values = {name: getattr(row, name) for name in UNIT_FIELDS}
            if row.unit is None:
                row.unit = Unit(coate=row.coate, valid_from=row.valid_from, parent=parent, **values)
                new_units.append(row.unit)
            elif row.unit.parent_id != (parent.pk if parent else None) or any(
                getattr(row.unit, name) != value for name, value in values.items()
            ):
                row.unit.parent = parent
                for name, value in values.items():
                    setattr(row.unit, name, value)
                changed_units.append(row.unit)
            else:
                unchanged += 1
                continue
            # The parent was checked by the importer; cleaning it here would cost a query per row.
            try:
                row.unit.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                # The importer's checks should have caught it; if not, the file is still refused in words.
                raise TerritoryImportError(
                    [ImportProblem(row.line, message) for message in error.messages]
                ) from None
        # Updates first: a reform closes the old version (valid_to) before the new one with its code opens.
        Unit.objects.bulk_update(changed_units, [*UNIT_FIELDS, "parent"], batch_size=500)
        Unit.objects.bulk_create(new_units, batch_size=500)
        created += len(new_units)
        updated += len(changed_units)
    links = [
        Unit.predecessors.through(from_unit=_stored(row), to_unit=_stored(predecessor))
        for row in rows
        for predecessor in row.predecessors
    ]
    Unit.predecessors.through.objects.bulk_create(links, ignore_conflicts=True)
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _by_level(rows: list[PlannedUnit]) -> list[list[PlannedUnit]]:
    groups: dict[str, list[PlannedUnit]] = {}
    for row in rows:
        groups.setdefault(row.level, []).append(row)
    return list(groups.values())  # rows arrive in level order, so parents are stored first


def _stored(version: PlannedUnit | Unit | None) -> Unit | None:
    if isinstance(version, PlannedUnit):
        return version.unit
    return version


def _changes(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set the new values; return the ones that differ as the audit log wants them, JSON-friendly."""
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = {"before": _plain(old), "after": _plain(new)}
            setattr(obj, name, new)
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Unit):
        return value.coate
    return value


def _clean(obj: Any) -> None:
    obj.full_clean(exclude=["municipality", "council"])


@transaction.atomic
def executive_body_update(
    *,
    actor: Any,
    municipality: Unit,
    kind: str = ExecutiveKind.AIYL_OKMOTU,
    name_ky: str,
    name_ru: str,
    name_en: str = "",
    head: str = "",
    address: str = "",
    phone: str = "",
) -> ExecutiveBody:
    """Create or change the executive body of a municipality."""
    values = {
        "kind": kind,
        "name_ky": name_ky,
        "name_ru": name_ru,
        "name_en": name_en,
        "head": head,
        "address": address,
        "phone": phone,
    }
    return _body_write(ExecutiveBody, what="executive", actor=actor, municipality=municipality, values=values)


@transaction.atomic
def council_update(
    *,
    actor: Any,
    municipality: Unit,
    kind: str = CouncilKind.AIYL_KENESH,
    name_ky: str,
    name_ru: str,
    name_en: str = "",
    seats: int,
) -> Council:
    """Create or change the council of a municipality."""
    values = {"kind": kind, "name_ky": name_ky, "name_ru": name_ru, "name_en": name_en, "seats": seats}
    return _body_write(
        Council, what="council", actor=actor, municipality=municipality, values=values, check=_check_seats
    )


def _check_seats(council: Council, changes: dict[str, Any]) -> None:
    if council.pk is not None and changes.get("seats"):
        serving = council.deputies.serving_on(today()).count()
        if council.seats < serving:
            raise ValidationError(
                {
                    "seats": _("%(serving)d deputies are serving; end some terms before reducing the seats.")
                    % {"serving": serving}
                }
            )


def _body_write(
    model: type[Body],
    *,
    what: str,
    actor: Any,
    municipality: Unit,
    values: dict[str, Any],
    check: Callable[[Body, dict[str, Any]], None] | None = None,
) -> Body:
    """Create or change the one body of `model` that a municipality has, audited as created or updated."""
    body = model.objects.filter(municipality_id=municipality.pk).first()
    created = body is None
    if body is None:
        body = model(municipality_id=municipality.pk)
    changes = _changes(body, values)
    _clean(body)
    if check is not None:
        check(body, changes)
    if changes or created:
        body.save()
        change_record(
            actor=actor,
            action=f"territory.{what}.{'create' if created else 'update'}",
            target=body,
            municipality=municipality,
            changes=changes,
        )
    return body


def _check_deputy(deputy: Deputy, council: Council) -> None:
    _clean(deputy)
    if deputy.constituency_id is not None:
        village = deputy.constituency
        if village is None or village.parent_id != council.municipality_id:
            raise ValidationError({"constituency": _("The village is not in this municipality.")})
    if deputy.is_serving_on(today()):
        others = council.deputies.serving_on(today()).exclude(pk=deputy.pk).count()
        if others >= council.seats:
            raise ValidationError(
                _("All %(seats)d seats of the council are taken; end a term first.")
                % {"seats": council.seats}
            )


@transaction.atomic
def deputy_add(
    *,
    actor: Any,
    council: Council,
    full_name: str,
    sex: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    party: str = "",
    constituency: Unit | None = None,
) -> Deputy:
    """Add a deputy to a council."""
    return _deputy_write(
        actor=actor,
        deputy=Deputy(council_id=council.pk),
        full_name=full_name,
        sex=sex,
        term_start=term_start,
        term_end=term_end,
        party=party,
        constituency=constituency,
    )


@transaction.atomic
def deputy_update(
    *,
    actor: Any,
    deputy: Deputy,
    full_name: str,
    sex: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    party: str = "",
    constituency: Unit | None = None,
) -> Deputy:
    """Correct a deputy's details."""
    return _deputy_write(
        actor=actor,
        deputy=deputy,
        full_name=full_name,
        sex=sex,
        term_start=term_start,
        term_end=term_end,
        party=party,
        constituency=constituency,
    )


def _deputy_write(*, actor: Any, deputy: Deputy, full_name: str, party: str, **values: Any) -> Deputy:
    """Set, check, save and audit a new or a stored deputy; unchanged details write nothing."""
    # Lock the council so that two staff adding deputies at once cannot pass the seat count together.
    council = Council.objects.select_for_update().select_related("municipality").get(pk=deputy.council_id)
    created = deputy.pk is None
    changes = _changes(deputy, {"full_name": " ".join(full_name.split()), "party": party.strip(), **values})
    _check_deputy(deputy, council)
    if changes or created:
        deputy.save()
        change_record(
            actor=actor,
            action="territory.deputy.add" if created else "territory.deputy.update",
            target=deputy,
            municipality=council.municipality,
            changes=changes,
        )
    return deputy


@transaction.atomic
def deputy_end_term(*, actor: Any, deputy: Deputy, term_end: datetime.date) -> Deputy:
    """End a deputy's mandate on `term_end` (the last day served)."""
    if term_end < deputy.term_start:
        raise ValidationError({"term_end": _("The term cannot end before it started.")})
    old = deputy.term_end
    deputy.term_end = term_end
    deputy.save(update_fields=["term_end"])
    change_record(
        actor=actor,
        action="territory.deputy.end_term",
        target=deputy,
        municipality=deputy.council.municipality,
        changes={"term_end": {"before": _plain(old), "after": term_end.isoformat()}},
    )
    return deputy
