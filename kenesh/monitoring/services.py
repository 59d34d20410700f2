"""Writes of public monitoring: a monitor's site visit (scores, findings, photos) and the LSG body's answer to
a finding. Each is atomic and audited; bad input raises ValidationError with a message for the person and
stores nothing; the permission is checked here too, so no caller can store a visit or an answer for a
municipality the person does not serve."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_record
from kenesh.monitoring.models import (
    ChecklistTemplate,
    Finding,
    MonitoredObject,
    ObjectKind,
    Score,
    Service,
    Visit,
    VisitPhoto,
)
from kenesh.pb.models import ImplementationProject
from kenesh.pb.photos import photos_clean
from kenesh.plans.models import GroupKind, GroupMember, PlanGroup, PlanItem
from kenesh.territory.models import Unit

RECORD = "monitoring.record_findings"
ANSWER = "monitoring.answer_finding"
MAX_FINDINGS = 10
MAX_TEXT = 4000


def _require(actor: Any, name: str, obj: Any) -> None:
    """Demo loaders pass actor=None; every person is checked."""
    if actor is not None and not actor.has_perm(name, obj):
        raise PermissionDenied(name)


@transaction.atomic
def object_ensure(*, municipality: Unit, ref: str) -> MonitoredObject:
    """The monitored object a form's choice names: "pb:<project id>", "plan:<item id>" or "service:<key>",
    created the first time a group visits it. ValidationError if the target is not of this municipality."""
    kind, _sep, value = ref.partition(":")
    wrong = ValidationError({"object": [_("Choose what you visited from the list.")]})
    if kind == "service":
        if value not in Service.values:
            raise wrong
        found, _created = MonitoredObject.objects.get_or_create(
            municipality=municipality, kind=ObjectKind.SERVICE, service=value
        )
        return found
    if not value.isdigit():
        raise wrong
    if kind == "pb":
        project = ImplementationProject.objects.filter(
            pk=int(value), proposal__process__municipality_id=municipality.pk
        ).first()
        if project is None:
            raise wrong
        found, _created = MonitoredObject.objects.get_or_create(
            pb_project=project, defaults={"municipality": municipality, "kind": ObjectKind.PB_PROJECT}
        )
        return found
    if kind == "plan":
        item = PlanItem.objects.filter(pk=int(value), plan__municipality=municipality).first()
        if item is None:
            raise wrong
        found, _created = MonitoredObject.objects.get_or_create(
            plan_item=item, defaults={"municipality": municipality, "kind": ObjectKind.PLAN_ITEM}
        )
        return found
    raise wrong


def template_for(obj: MonitoredObject) -> ChecklistTemplate | None:
    """The checklist of this kind of object: the service's own, else the kind's general one."""
    templates = {template.service: template for template in ChecklistTemplate.objects.filter(kind=obj.kind)}
    return templates.get(obj.service) or templates.get("")


@dataclass
class FindingInput:
    text: str
    recommendation: str = ""


@dataclass
class VisitInput:
    visited_on: datetime.date | None
    group: PlanGroup | None = None
    members_present: list[GroupMember] = field(default_factory=list)
    others_present: str = ""
    notes: str = ""
    # question id -> score (None: not scored)
    scores: dict[int, int | None] = field(default_factory=dict)
    findings: list[FindingInput] = field(default_factory=list)


def visit_check(obj: MonitoredObject, data: VisitInput) -> dict[str, list[str]]:
    """Every problem of the input, by field (the form shows them all at once)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.visited_on is None:
        errors["visited_on"] = [_("Enter the date of the visit.")]
    elif data.visited_on > today:
        errors["visited_on"] = [_("The visit cannot be in the future.")]
    elif data.visited_on < today - datetime.timedelta(days=366):
        errors["visited_on"] = [_("Record visits of the last twelve months.")]
    if data.group is not None and (
        data.group.kind != GroupKind.MONITORING or data.group.plan.municipality_id != obj.municipality_id
    ):
        errors["group"] = [_("Choose a monitoring group of this municipality.")]
    for member in data.members_present:
        if member.group.plan.municipality_id != obj.municipality_id:
            errors["members_present"] = [_("Choose members of this municipality's monitoring group.")]
            break
    template = template_for(obj)
    if data.scores:
        questions = set(template.questions.values_list("pk", flat=True)) if template else set()
        for question_id, score in data.scores.items():
            if question_id not in questions:
                errors.setdefault("scores", []).append(
                    _("A score is for a question this checklist does not have.")
                )
                break
            if (
                score is not None
                and template is not None
                and not template.scale_min <= score <= template.scale_max
            ):
                errors.setdefault("scores", []).append(
                    _("Each score is from %(low)s to %(high)s.")
                    % {"low": template.scale_min, "high": template.scale_max}
                )
                break
    findings = [f for f in data.findings if f.text.strip() or f.recommendation.strip()]
    if len(findings) > MAX_FINDINGS:
        errors["findings"] = [_("At most %(count)s findings in one visit.") % {"count": MAX_FINDINGS}]
    for finding in findings:
        if not finding.text.strip():
            errors["findings"] = [_("Each recommendation needs the finding it answers.")]
            break
        if len(finding.text) > MAX_TEXT or len(finding.recommendation) > MAX_TEXT:
            errors["findings"] = [_("A finding or a recommendation is too long.")]
            break
    if not findings and not data.notes.strip() and not any(v is not None for v in data.scores.values()):
        errors.setdefault("__all__", []).append(_("Write at least one finding, a note or a score."))
    return errors


def visit_record(
    *,
    actor: Any,
    obj: MonitoredObject,
    data: VisitInput,
    photos: Sequence[UploadedFile] = (),
) -> Visit:
    """Store a visit with its scores, findings and photos (re-encoded without EXIF), all or nothing."""
    _require(actor, RECORD, obj.municipality)
    errors = visit_check(obj, data)
    clean_photos = []
    if photos:
        try:
            clean_photos = photos_clean(list(photos))
        except ValidationError as error:
            errors["photos"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    template = template_for(obj)
    assert data.visited_on is not None  # visit_check
    with transaction.atomic():
        visit = Visit.objects.create(
            object=obj,
            visited_on=data.visited_on,
            group=data.group,
            others_present=data.others_present.strip()[:300],
            template=template,
            notes=data.notes.strip(),
            recorded_by=actor,
        )
        if data.members_present:
            visit.members_present.set(data.members_present)
        Score.objects.bulk_create(
            Score(visit=visit, question_id=question_id, score=score)
            for question_id, score in data.scores.items()
            if score is not None
        )
        findings = [f for f in data.findings if f.text.strip()]
        Finding.objects.bulk_create(
            Finding(
                visit=visit, text=f.text.strip(), recommendation=f.recommendation.strip(), sort_order=index
            )
            for index, f in enumerate(findings)
        )
        for photo in clean_photos:
            stored = VisitPhoto(visit=visit)
            stored.image.save(photo.name or "photo.jpg", photo, save=False)
            stored.save()
        audit_record(
            actor=actor,
            action="monitoring.visit.record",
            target=visit,
            municipality=obj.municipality,
            changes={
                "object": {"before": None, "after": obj.pk},
                "visited_on": {"before": None, "after": str(data.visited_on)},
                "findings": {"before": None, "after": len(findings)},
                "photos": {"before": None, "after": len(clean_photos)},
            },
        )
    return visit


def finding_answer(*, actor: Any, finding: Finding, text: str) -> Finding:
    """The LSG body's public answer to a finding (it may be corrected; each change audited)."""
    municipality = finding.visit.object.municipality
    _require(actor, ANSWER, municipality)
    text = text.strip()
    if not text:
        raise ValidationError({"answer": [_("Write the answer.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({"answer": [_("The answer is too long.")]})
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        before = locked.answer
        locked.answer = text
        locked.answered_at = timezone.now()
        locked.answered_by = actor
        locked.save(update_fields=["answer", "answered_at", "answered_by"])
        audit_record(
            actor=actor,
            action="monitoring.finding.answer",
            target=locked,
            municipality=municipality,
            changes={"answer": {"before": before or None, "after": text}},
        )
    finding.answer, finding.answered_at, finding.answered_by = locked.answer, locked.answered_at, actor
    return finding
