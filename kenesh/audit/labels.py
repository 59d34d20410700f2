"""What the audit log shows a person instead of codes: actions, fields and values in the reader's language.

The log stores codes (`pb.process.phase`, `full_name`, `sex: male`) so that it stays exact whatever the
language; the page names them. A field is named by the verbose name of the target's model field and a value
by its choice's label, so a new field of an app needs nothing here; an action needs a line in
ACTION_LABELS, and an unknown code is shown as it is (an old entry of a renamed action stays readable).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.audit.models import AuditEntry

ACTION_LABELS: dict[str, str | Promise] = {
    "accounts.phone_verified": _("Phone number verified"),
    "accounts.resident_verified": _("Residence verified"),
    "accounts.residence_ended": _("Residence ended"),
    "accounts.role_assigned": _("Role assigned"),
    "accounts.role_revoked": _("Role revoked"),
    "budgets.budget.create": _("Budget opened"),
    "budgets.budget.summary": _("Citizen's budget summary edited"),
    "budgets.classification.import": _("Budget classification imported"),
    "budgets.line.update": _("Budget line edited"),
    "budgets.line.delete": _("Budget line deleted"),
    "budgets.version.create": _("Budget version created"),
    "budgets.version.import": _("Budget version imported from a file"),
    "budgets.version.publish": _("Budget version published"),
    "pb.process.create": _("Participatory budgeting process created"),
    "pb.process.update": _("Participatory budgeting process edited"),
    "pb.process.phase": _("Process moved to another phase"),
    "pb.proposal.enter": _("Proposal entered by staff"),
    "pb.proposal.review": _("Proposal reviewed"),
    "pb.proposal.reject": _("Proposal rejected"),
    "pb.proposal.merge": _("Proposals merged"),
    "pb.proposal.hide": _("Proposal hidden by a moderator"),
    "pb.proposal.restore": _("Proposal restored by a moderator"),
    "pb.comment.hide": _("Comment hidden by a moderator"),
    "pb.comment.restore": _("Comment restored by a moderator"),
    "pb.desk.override": _("Desk check overridden"),
    "pb.paper.entry": _("Paper ballot entered"),
    "pb.result.publish": _("Results published"),
    "pb.result.recount": _("Votes recounted"),
    "pb.implementation.create": _("Project implementation started"),
    "pb.implementation.update": _("Implementation progress reported"),
    "territory.executive.create": _("Executive body added"),
    "territory.executive.update": _("Executive body edited"),
    "territory.council.create": _("Council added"),
    "territory.council.update": _("Council edited"),
    "territory.deputy.add": _("Deputy added"),
    "territory.deputy.update": _("Deputy edited"),
    "territory.deputy.end_term": _("Deputy's mandate ended"),
}

YES, NO = pgettext_lazy("audit value", "yes"), pgettext_lazy("audit value", "no")


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str


def _model_field(entry: AuditEntry, name: str) -> models.Field[Any, Any] | None:
    model = entry.target_type.model_class() if entry.target_type is not None else None
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(entry: AuditEntry, name: str) -> str:
    field = _model_field(entry, name)
    if field is not None and field.verbose_name:
        label = str(field.verbose_name)
        return label[:1].upper() + label[1:]
    return name.replace("_", " ")


def value_label(entry: AuditEntry, name: str, value: Any) -> str:
    """A stored value as a person reads it: a choice's label, yes/no, a moment in local time; "—" for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(YES if value else NO)
    field = _model_field(entry, name)
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if isinstance(moment, datetime.datetime):
            local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return str(value)


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    return [
        ChangeRow(field_label(entry, name), value_label(entry, name, before), value_label(entry, name, after))
        for name, before, after in entry.change_list()
    ]
