"""Writes of public monitoring: a monitor's site visit (scores, findings, photos), the LSG body's answer to
a finding, and the administrators' edits of the checklist templates. Each is atomic and audited; bad input
raises ValidationError with a message for the person and stores nothing; the permission is checked here
too, so no caller can store a visit or an answer for a municipality the person does not serve."""

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

from kenesh.audit.services import audit_changes, audit_record
from kenesh.monitoring.models import (
    ChecklistQuestion,
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
EDIT_CHECKLISTS = "monitoring.edit_checklists"
MAX_FINDINGS = 10
MAX_TEXT = 4000
MAX_QUESTIONS = 30
MAX_QUESTION_TEXT = 300
MAX_NAME = 200
SCALE_LOWEST, SCALE_HIGHEST = 0, 10


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


def questions_asked(template: ChecklistTemplate | None) -> list[ChecklistQuestion]:
    """The questions a new visit is asked: the template's, without the retired ones."""
    if template is None:
        return []
    return list(template.questions.filter(retired_at__isnull=True).order_by("sort_order", "id"))


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
        questions = {question.pk for question in questions_asked(template)}
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
        if template is not None:
            # Edits of the checklist wait for this visit (checklist_save reads which questions are scored
            # under the same lock), so no score lands on a wording being changed.
            ChecklistTemplate.objects.select_for_update().filter(pk=template.pk).first()
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


# --- Checklist templates ------------------------------------------------------------------------------------


@dataclass
class QuestionInput:
    """One question of a checklist as the editor submitted it; `pk` None for a new one."""

    text_ky: str
    text_ru: str
    sort_order: int = 0
    retired: bool = False
    pk: int | None = None


@dataclass
class ChecklistInput:
    kind: str
    service: str
    name_ky: str
    name_ru: str
    scale_min: int | None
    scale_max: int | None
    questions: list[QuestionInput] = field(default_factory=list)


@dataclass(frozen=True)
class ChecklistUsage:
    """What recorded visits fix in a template: its kind, service and scale (once any visit used it), and
    the wording of each question that was scored."""

    visits: int
    scored: frozenset[int]

    @property
    def used(self) -> bool:
        return bool(self.visits or self.scored)


def checklist_usage(template: ChecklistTemplate | None) -> ChecklistUsage:
    if template is None or template.pk is None:
        return ChecklistUsage(0, frozenset())
    scored = Score.objects.filter(question__template=template).values_list("question_id", flat=True)
    return ChecklistUsage(Visit.objects.filter(template=template).count(), frozenset(scored.distinct()))


def checklist_check(
    data: ChecklistInput, template: ChecklistTemplate | None = None, usage: ChecklistUsage | None = None
) -> dict[str, list[str]]:
    """Every problem of the input, by field (the form shows them all at once)."""
    errors: dict[str, list[str]] = {}
    usage = checklist_usage(template) if usage is None else usage

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if template is not None and usage.used:
        if (data.kind, data.service, data.scale_min, data.scale_max) != (
            template.kind,
            template.service,
            template.scale_min,
            template.scale_max,
        ):
            add(
                "__all__",
                _("Recorded visits use this checklist: its kind of object, service and scale stay."),
            )
    if data.kind not in ObjectKind.values:
        add("kind", _("Choose the kind of object."))
    if data.service and data.service not in Service.values:
        add("service", _("Choose the service from the list."))
    elif data.service and data.kind != ObjectKind.SERVICE:
        add("service", _("Only a checklist of a municipal service names a service."))
    elif data.kind in ObjectKind.values and "kind" not in errors:
        taken = ChecklistTemplate.objects.filter(kind=data.kind, service=data.service)
        if template is not None:
            taken = taken.exclude(pk=template.pk)
        if taken.exists():
            add("kind", _("This kind of object (and service) has a checklist already: edit that one."))
    if not data.name_ky.strip() and not data.name_ru.strip():
        add("name_ky", _("Give the checklist a title in Kyrgyz or in Russian."))
    if len(data.name_ky) > MAX_NAME or len(data.name_ru) > MAX_NAME:
        add("name_ky", _("The title is too long: at most %(count)s characters.") % {"count": MAX_NAME})
    if data.scale_min is None or data.scale_max is None:
        add("scale_min", _("Enter the lowest and the highest score."))
    elif not SCALE_LOWEST <= data.scale_min < data.scale_max <= SCALE_HIGHEST:
        add(
            "scale_min",
            _("Scores run from %(low)s to %(high)s, the lowest below the highest.")
            % {"low": SCALE_LOWEST, "high": SCALE_HIGHEST},
        )
    existing = {q.pk: q for q in template.questions.all()} if template is not None else {}
    active = 0
    for number, question in enumerate(data.questions, start=1):
        if question.pk is not None and question.pk not in existing:
            add("questions", _("A question does not belong to this checklist."))
            break
        before = existing.get(question.pk) if question.pk is not None else None
        if (
            before is not None
            and question.pk in usage.scored
            and (question.text_ky.strip() != before.text_ky or question.text_ru.strip() != before.text_ru)
        ):
            add(
                "questions",
                _(
                    "Question %(number)s is scored in recorded visits: its wording stays. Retire it and add "
                    "a new question instead."
                )
                % {"number": number},
            )
        if not question.text_ky.strip() and not question.text_ru.strip():
            add(
                "questions",
                _("Question %(number)s needs its text in Kyrgyz or in Russian.") % {"number": number},
            )
        if len(question.text_ky) > MAX_QUESTION_TEXT or len(question.text_ru) > MAX_QUESTION_TEXT:
            add(
                "questions",
                _("Question %(number)s is too long: at most %(count)s characters.")
                % {"number": number, "count": MAX_QUESTION_TEXT},
            )
        if not question.retired:
            active += 1
    if active == 0:
        add("questions", _("A checklist asks at least one question."))
    elif active > MAX_QUESTIONS:
        add("questions", _("At most %(count)s questions in one checklist.") % {"count": MAX_QUESTIONS})
    return errors


def _checklist_snapshot(template: ChecklistTemplate) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        name: getattr(template, name)
        for name in ("kind", "service", "name_ky", "name_ru", "scale_min", "scale_max")
    }
    for question in template.questions.all():
        snapshot[f"question {question.pk}"] = {
            "text_ky": question.text_ky,
            "text_ru": question.text_ru,
            "order": question.sort_order,
            "retired": question.retired_at is not None,
        }
    return snapshot


def checklist_save(
    *, actor: Any, data: ChecklistInput, template: ChecklistTemplate | None = None
) -> ChecklistTemplate:
    """Create a checklist template, or change one: its title always; its kind, service and scale while no
    visit used it; a question's wording while no visit scored it; retire questions and add new ones."""
    _require(actor, EDIT_CHECKLISTS, None)
    with transaction.atomic():
        if template is not None:
            # The lock visit_record takes too: the scored questions read here stay the scored ones.
            template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        usage = checklist_usage(template)
        errors = checklist_check(data, template, usage)
        if errors:
            raise ValidationError(errors)
        creating = template is None
        before = {} if template is None else _checklist_snapshot(template)
        if template is None:
            template = ChecklistTemplate()
        template.kind, template.service = data.kind, data.service
        template.name_ky, template.name_ru = data.name_ky.strip(), data.name_ru.strip()
        assert data.scale_min is not None and data.scale_max is not None  # checklist_check
        template.scale_min, template.scale_max = data.scale_min, data.scale_max
        template.save()
        existing = {q.pk: q for q in template.questions.all()}
        now = timezone.now()
        next_order = max((q.sort_order for q in data.questions), default=0) + 1
        for question in data.questions:
            stored = existing.get(question.pk) if question.pk is not None else None
            if stored is None:
                stored = ChecklistQuestion(template=template, sort_order=next_order)
                next_order += 1
            else:
                stored.sort_order = question.sort_order
            stored.text_ky, stored.text_ru = question.text_ky.strip(), question.text_ru.strip()
            if question.retired and stored.retired_at is None:
                stored.retired_at = now
            elif not question.retired:
                stored.retired_at = None
            stored.save()
        after = _checklist_snapshot(template)
        changes = (
            {name: {"before": None, "after": value} for name, value in after.items()}
            if creating
            else audit_changes(before, after)
        )
        if changes:
            audit_record(
                actor=actor,
                action="monitoring.checklist.create" if creating else "monitoring.checklist.update",
                target=template,
                changes=changes,
            )
    return template
