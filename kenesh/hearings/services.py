"""Writes of the hearings app: scheduling, materials, attendance, proposals and answers; atomic and audited.

Scheduling a hearing also sends its notice to the residents who opted in (kenesh.notices), after commit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_changes, audit_record
from kenesh.budgets.models import BudgetLine, BudgetVersion
from kenesh.hearings.documents import document_clean
from kenesh.hearings.models import (
    DEFAULT_ANSWER_DAYS,
    DEFAULT_NOTICE_DAYS,
    AnswerStatus,
    Hearing,
    HearingDocument,
    HearingKind,
    HearingPolicy,
    HearingProposal,
    ProposalKind,
)
from kenesh.notices.services import notice_send
from kenesh.plans.models import PlanItem
from kenesh.territory.models import Level, Unit

MAX_PEOPLE = 100_000
HEARING_FIELDS = (
    "kind",
    "title_ky",
    "title_ru",
    "date",
    "time",
    "venue",
    "online_url",
    "budget_version",
    "notice_date",
)
ATTENDANCE_FIELDS = (
    "participants",
    "women",
    "men",
    "youth",
    "elderly",
    "disabled",
    "minorities",
    "officials",
)


def local_today() -> datetime.date:
    return timezone.localdate()


def _touch(hearing: Hearing) -> None:
    """Move the hearing's Last-Modified (open data) when a proposal, answer or document changes."""
    Hearing.objects.filter(pk=hearing.pk).update(modified_at=timezone.now())


# The municipality's rule


def policy_of(municipality: Any) -> tuple[int, int]:
    """(days of notice, days to answer) for `municipality`: its own rule or the defaults."""
    policy = HearingPolicy.objects.filter(municipality=municipality).first()
    if policy is None:
        return DEFAULT_NOTICE_DAYS, DEFAULT_ANSWER_DAYS
    return policy.notice_days, policy.answer_days


@transaction.atomic
def policy_set(*, actor: Any, municipality: Unit, notice_days: int, answer_days: int) -> HearingPolicy:
    """Set how many days before a hearing its notice must go out, and how long proposals may wait."""
    if not 1 <= notice_days <= 90:
        raise ValidationError({"notice_days": _("Enter a number of days between 1 and 90.")})
    if not 1 <= answer_days <= 365:
        raise ValidationError({"answer_days": _("Enter a number of days between 1 and 365.")})
    policy, _created = HearingPolicy.objects.get_or_create(municipality=municipality)
    before = {"notice_days": policy.notice_days, "answer_days": policy.answer_days}
    policy.notice_days, policy.answer_days = notice_days, answer_days
    changes = audit_changes(before, {"notice_days": notice_days, "answer_days": answer_days})
    if changes or _created:
        policy.save()
        audit_record(
            actor=actor,
            action="hearings.policy.set",
            target=policy,
            municipality=municipality,
            changes=changes,
        )
    return policy


# Hearings


def _hearing_check(municipality: Unit, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if data["kind"] not in HearingKind.values:
        errors["kind"] = _("Choose the kind of hearing.")
    date, notice_date = data["date"], data["notice_date"]
    if notice_date > date:
        errors["notice_date"] = _("The notice cannot go out after the hearing: its date is %(date)s.") % {
            "date": formats.date_format(date, "SHORT_DATE_FORMAT")
        }
    elif notice_date > local_today():
        errors["notice_date"] = _("Record the notice once it has gone out: its date cannot be in the future.")
    if not data["venue"].strip() and not data["online_url"].strip():
        errors["venue"] = _("Give the venue, an online link, or both.")
    version = data["budget_version"]
    if version is not None and version.budget.municipality_id != municipality.pk:
        errors["budget_version"] = _("Choose a budget version of this municipality.")
    if errors:
        raise ValidationError(errors)


def late_notice_warning(hearing: Hearing) -> str:
    """The office's warning when the notice went out fewer days before the hearing than the rule asks."""
    if not hearing.notice_is_late:
        return ""
    return _(
        "The notice went out %(given)s days before the hearing; the rule is at least %(required)s days. "
        "Consider moving the hearing to %(date)s or later."
    ) % {
        "given": hearing.notice_days_given,
        "required": hearing.notice_days_required,
        "date": formats.date_format(
            hearing.notice_date + datetime.timedelta(days=hearing.notice_days_required), "SHORT_DATE_FORMAT"
        ),
    }


def _snapshot(hearing: Hearing, fields: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(hearing, name)
        if isinstance(value, BudgetVersion):
            value = value.pk
        elif isinstance(value, datetime.date | datetime.time):
            value = value.isoformat()
        values[name] = value
    return values


def _notice_topic(hearing: Hearing) -> str:
    # A new date is a new notice: people who got the old one hear of the change.
    return f"hearing:{hearing.pk}:{hearing.date.isoformat()}"


def hearing_notify(hearing: Hearing, *, base_url: str = "") -> int:
    """Send the hearing's notice to the residents who opted in (once per date); how many were queued."""

    def sms_text(language: str) -> str:
        when = formats.date_format(hearing.date, "SHORT_DATE_FORMAT")
        if hearing.time:
            when += " " + hearing.time.strftime("%H:%M")
        where = hearing.venue or hearing.online_url
        return _("Kenesh: public hearing “%(title)s”, %(when)s, %(where)s.") % {
            "title": hearing.title,
            "when": when,
            "where": where,
        }

    def context(language: str) -> dict[str, Any]:
        path = reverse("hearings:detail", kwargs={"coate": hearing.municipality.coate, "pk": hearing.pk})
        return {"hearing": hearing, "hearing_url": f"{base_url}{path}"}

    return notice_send(
        municipality=hearing.municipality,
        topic=_notice_topic(hearing),
        sms_text=sms_text,
        email_subject=lambda language: _("Public hearing: %(title)s") % {"title": hearing.title},
        email_template="hearings/email/notice",
        email_context=context,
        base_url=base_url,
    )


@transaction.atomic
def hearing_schedule(*, actor: Any, municipality: Unit, base_url: str = "", **data: Any) -> Hearing:
    """Schedule a hearing whose notice has gone out (`notice_date`); send it to subscribers after commit.

    A notice later than the municipality's rule allows is accepted (the office shows `late_notice_warning`);
    a notice after the hearing, or in the future, is refused.
    """
    if municipality.level != Level.MUNICIPALITY:
        raise ValidationError(_("A hearing belongs to a municipality."))
    data = {name: data[name] for name in HEARING_FIELDS}
    data["venue"], data["online_url"] = data["venue"].strip(), data["online_url"].strip()
    _hearing_check(municipality, data)
    notice_days, answer_days = policy_of(municipality)
    hearing = Hearing(
        municipality=municipality,
        year=data["date"].year,
        notice_days_required=notice_days,
        answer_days=answer_days,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **data,
    )
    hearing.due_date_set()
    hearing.save()
    audit_record(
        actor=actor,
        action="hearings.hearing.schedule",
        target=hearing,
        municipality=municipality,
        changes=audit_changes({}, _snapshot(hearing, HEARING_FIELDS)),
    )
    hearing_notify(hearing, base_url=base_url)
    return hearing


@transaction.atomic
def hearing_update(*, actor: Any, hearing: Hearing, base_url: str = "", **data: Any) -> Hearing:
    """Change a hearing's details; a new date sends the notice again."""
    data = {name: data[name] for name in HEARING_FIELDS}
    data["venue"], data["online_url"] = data["venue"].strip(), data["online_url"].strip()
    _hearing_check(hearing.municipality, data)
    before = _snapshot(hearing, HEARING_FIELDS)
    for name, value in data.items():
        setattr(hearing, name, value)
    hearing.year = hearing.date.year
    hearing.due_date_set()
    changes = audit_changes(before, _snapshot(hearing, HEARING_FIELDS))
    if changes:
        hearing.save()
        audit_record(
            actor=actor,
            action="hearings.hearing.update",
            target=hearing,
            municipality=hearing.municipality,
            changes=changes,
        )
        if "date" in changes:
            hearing_notify(hearing, base_url=base_url)
    return hearing


@transaction.atomic
def hearing_summary_edit(*, actor: Any, hearing: Hearing, summary_ky: str, summary_ru: str) -> Hearing:
    before = {"summary_ky": hearing.summary_ky, "summary_ru": hearing.summary_ru}
    hearing.summary_ky, hearing.summary_ru = summary_ky.strip(), summary_ru.strip()
    changes = audit_changes(before, {"summary_ky": hearing.summary_ky, "summary_ru": hearing.summary_ru})
    if changes:
        hearing.save(update_fields=[*changes, "modified_at"])
        audit_record(
            actor=actor,
            action="hearings.hearing.summary",
            target=hearing,
            municipality=hearing.municipality,
            changes=changes,
        )
    return hearing


def attendance_check(counts: dict[str, int]) -> None:
    """ValidationError unless women and men add up to the participants and every group fits inside them."""
    errors: dict[str, str] = {}
    for name in ATTENDANCE_FIELDS:
        value = counts[name]
        if value < 0 or value > MAX_PEOPLE:
            errors[name] = _("Enter a number between 0 and %(max)s.") % {"max": MAX_PEOPLE}
    if errors:
        raise ValidationError(errors)
    total = counts["participants"]
    if counts["women"] + counts["men"] != total:
        errors["participants"] = _(
            "Women (%(women)s) and men (%(men)s) add up to %(sum)s, not to the %(total)s participants."
        ) % {
            "women": counts["women"],
            "men": counts["men"],
            "sum": counts["women"] + counts["men"],
            "total": total,
        }
    for name in ("youth", "elderly", "disabled", "minorities", "officials"):
        if counts[name] > total:
            errors[name] = _("This group cannot be larger than the %(total)s participants.") % {
                "total": total
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def attendance_record(*, actor: Any, hearing: Hearing, **counts: int) -> Hearing:
    """Record who came, from the signature list: by sex, by group, and the officials among them."""
    if hearing.date > local_today():
        raise ValidationError(_("Attendance is recorded once the hearing has taken place."))
    counts = {name: int(counts[name]) for name in ATTENDANCE_FIELDS}
    attendance_check(counts)
    before = {name: getattr(hearing, name) for name in ATTENDANCE_FIELDS}
    for name, value in counts.items():
        setattr(hearing, name, value)
    changes = audit_changes(before, counts)
    if changes or not hearing.attendance_recorded:
        hearing.attendance_recorded = True
        hearing.save()
        audit_record(
            actor=actor,
            action="hearings.attendance.record",
            target=hearing,
            municipality=hearing.municipality,
            changes=changes,
        )
    return hearing


# Materials


@transaction.atomic
def document_add(*, actor: Any, hearing: Hearing, title: str, upload: UploadedFile) -> HearingDocument:
    """Attach a PDF or an image (checked by content, bounded in size) to the hearing's materials."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    kind, content = document_clean(upload)
    document = HearingDocument(hearing=hearing, title=title[:200], kind=kind, size=len(content))
    document.file.save(f"{kind}.{'pdf' if kind == 'pdf' else 'jpg'}", content, save=False)
    document.save()
    _touch(hearing)
    audit_record(
        actor=actor,
        action="hearings.document.add",
        target=document,
        municipality=hearing.municipality,
        changes={"title": {"before": None, "after": document.title}, "kind": {"before": None, "after": kind}},
    )
    return document


@transaction.atomic
def document_delete(*, actor: Any, document: HearingDocument) -> None:
    hearing = document.hearing
    audit_record(
        actor=actor,
        action="hearings.document.delete",
        target=document,
        municipality=hearing.municipality,
        changes={"title": {"before": document.title, "after": None}},
    )
    stored = document.file.name
    document.delete()
    _touch(hearing)
    transaction.on_commit(lambda: document.file.storage.delete(stored))


# Proposals and answers


@transaction.atomic
def proposal_add(
    *, actor: Any, hearing: Hearing, kind: str, text_ky: str, text_ru: str, raised_by: str = ""
) -> HearingProposal:
    """Record a proposal or question raised at the hearing (in Kyrgyz, Russian or both)."""
    text_ky, text_ru = text_ky.strip(), text_ru.strip()
    if not text_ky and not text_ru:
        raise ValidationError({"text_ky": _("Write the proposal in Kyrgyz, in Russian, or in both.")})
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": _("Choose a proposal or a question.")})
    last = hearing.proposals.select_for_update().order_by("-number").values_list("number", flat=True).first()
    proposal = HearingProposal.objects.create(
        hearing=hearing,
        number=(last or 0) + 1,
        kind=kind,
        text_ky=text_ky,
        text_ru=text_ru,
        raised_by=raised_by.strip()[:200],
    )
    _touch(hearing)
    audit_record(
        actor=actor,
        action="hearings.proposal.add",
        target=proposal,
        municipality=hearing.municipality,
        changes={
            "number": {"before": None, "after": proposal.number},
            "kind": {"before": None, "after": kind},
        },
    )
    return proposal


ANSWER_FIELDS = (
    "status",
    "answer_ky",
    "answer_ru",
    "answered_on",
    "budget_line_version",
    "budget_line_key",
    "plan_item",
)


@transaction.atomic
def proposal_answer(
    *,
    actor: Any,
    proposal: HearingProposal,
    municipality: Unit,
    status: str,
    answer_ky: str,
    answer_ru: str,
    answered_on: datetime.date | None = None,
    budget_line_version: BudgetVersion | None = None,
    budget_line_key: str = "",
    plan_item: PlanItem | None = None,
) -> HearingProposal:
    """Give (or correct) the official answer to a proposal of `municipality`'s hearing.

    Accepted, partly accepted, or rejected with its reason. An accepted (or partly accepted) proposal may
    name the budget line it became (`budget_line_key` in `budget_line_version`, a version of the same
    municipality) and the item of the joint action plan it became (`plan_item`, of this municipality's plan).
    """
    hearing = proposal.hearing
    if hearing.municipality_id != municipality.pk:
        raise ValidationError(_("This proposal was raised at a hearing of another municipality."))
    answer_ky, answer_ru, budget_line_key = answer_ky.strip(), answer_ru.strip(), budget_line_key.strip()
    answered_on = answered_on or local_today()
    errors: dict[str, str] = {}
    if status not in (AnswerStatus.ACCEPTED, AnswerStatus.PARTLY, AnswerStatus.REJECTED):
        errors["status"] = _("Choose accepted, partly accepted or rejected.")
    if not answer_ky and not answer_ru:
        if status == AnswerStatus.REJECTED:
            errors["answer_ky"] = _("A rejection needs its reason, in Kyrgyz, in Russian or in both.")
        else:
            errors["answer_ky"] = _("Write the answer in Kyrgyz, in Russian, or in both.")
    if answered_on < hearing.date:
        errors["answered_on"] = _("The answer cannot come before the hearing.")
    elif answered_on > local_today():
        errors["answered_on"] = _("The answer's date cannot be in the future.")
    if budget_line_key and status == AnswerStatus.REJECTED:
        errors["budget_line_key"] = _("A rejected proposal does not become a budget line.")
    elif budget_line_key:
        if budget_line_version is None:
            errors["budget_line_version"] = _("Choose the budget version that carries this line.")
        elif budget_line_version.budget.municipality_id != municipality.pk:
            errors["budget_line_version"] = _("Choose a budget version of this municipality.")
        elif not budget_line_exists(budget_line_version, budget_line_key):
            errors["budget_line_key"] = _("This budget version has no line %(key)s.") % {
                "key": budget_line_key
            }
    if plan_item is not None:
        if status == AnswerStatus.REJECTED:
            errors["plan_item"] = _("A rejected proposal does not become an action plan item.")
        elif not PlanItem.objects.filter(pk=plan_item.pk, plan__municipality_id=municipality.pk).exists():
            errors["plan_item"] = _("Choose an item of this municipality's action plan.")
    if errors:
        raise ValidationError(errors)
    if not budget_line_key:
        budget_line_version = None
    before = _answer_snapshot(proposal)
    proposal.status, proposal.answer_ky, proposal.answer_ru = status, answer_ky, answer_ru
    proposal.answered_on, proposal.budget_line_version = answered_on, budget_line_version
    proposal.budget_line_key, proposal.plan_item = budget_line_key, plan_item
    changes = audit_changes(before, _answer_snapshot(proposal))
    if changes:
        proposal.save()
        _touch(hearing)
        audit_record(
            actor=actor,
            action="hearings.proposal.answer",
            target=proposal,
            municipality=municipality,
            changes=changes,
        )
    return proposal


def budget_line_exists(version: BudgetVersion, key: str) -> bool:
    """Whether `version` has the line whose `key` is "direction:code:economic" (see BudgetLine.key)."""
    parts = key.split(":")
    if len(parts) != 3:
        return False
    direction, code, economic = parts
    lines = BudgetLine.objects.filter(version=version, direction=direction, code__code=code)
    lines = lines.filter(economic__code=economic) if economic else lines.filter(economic__isnull=True)
    return lines.exists()


def _answer_snapshot(proposal: HearingProposal) -> dict[str, Any]:
    return {
        "status": proposal.status,
        "answer_ky": proposal.answer_ky,
        "answer_ru": proposal.answer_ru,
        "answered_on": proposal.answered_on.isoformat() if proposal.answered_on else None,
        "budget_line_version": proposal.budget_line_version_id,
        "budget_line_key": proposal.budget_line_key,
        "plan_item": proposal.plan_item_id,
    }


def with_language(language: str, text: Any) -> str:
    with translation.override(language):
        return str(text)
