"""Public monitoring: residents' monitoring groups visit what is being built or served, score it on a
checklist, write findings and recommendations, and the LSG body answers each finding in public.

The groups themselves are the action plan's monitoring groups (kenesh.plans PlanGroup of kind "monitoring",
with their members): the village gathering elects one group with the plan, and it monitors the plan, the
participatory-budgeting winners and the municipal services; a second register of groups here would drift
from the one the gathering approved. Who may record a visit is the monitor role (accounts), per municipality.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.territory.models import Level, pick_language


class ObjectKind(models.TextChoices):
    PB_PROJECT = "pb_project", _("participatory budgeting project")
    PLAN_ITEM = "plan_item", _("action plan item")
    SERVICE = "service", _("municipal service")


class Service(models.TextChoices):
    DRINKING_WATER = "drinking_water", _("drinking water")
    WASTE_COLLECTION = "waste_collection", _("waste collection")
    STREET_LIGHTING = "street_lighting", _("street lighting")
    ROADS = "roads", _("local roads")
    SCHOOL = "school", _("school")
    HEALTH_POST = "health_post", _("health post")


class ChecklistTemplate(models.Model):
    """The questions a visit scores, per kind of object (and per service): one national set, edited as data by
    administrators in the office (kenesh.monitoring.services.checklist_save). Once a visit uses a template its
    kind, service and scale are fixed, and a scored question's wording is fixed: it can be retired (kept for
    the visits already recorded, no longer asked) and a new question added, so a recorded score keeps the
    meaning it had when it was given."""

    kind = models.CharField(_("kind of object"), max_length=16, choices=ObjectKind.choices)
    service = models.CharField(_("service"), max_length=32, choices=Service.choices, blank=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["kind", "service"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "service"], name="monitoring_template_kind_service"),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")), name="monitoring_template_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self, "name")


class ChecklistQuestion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="questions", verbose_name=_("checklist")
    )
    text_ky = models.CharField(_("question in Kyrgyz"), max_length=300, blank=True)
    text_ru = models.CharField(_("question in Russian"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Retired questions are no longer asked; the scores already given to them keep their wording.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["template", "sort_order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return pick_language(self, "text")


class MonitoredObject(models.Model):
    """What a group visits: a PB project being built, an action-plan item, or a municipal service."""

    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="monitored_objects",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ObjectKind.choices)
    pb_project = models.OneToOneField(
        "pb.ImplementationProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participatory budgeting project"),
    )
    plan_item = models.OneToOneField(
        "plans.PlanItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action plan item"),
    )
    service = models.CharField(_("service"), max_length=32, choices=Service.choices, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("monitored object")
        verbose_name_plural = _("monitored objects")
        ordering = ["municipality", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service"],
                condition=models.Q(kind="service"),
                name="monitoring_object_service_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="pb_project", pb_project__isnull=False, plan_item__isnull=True, service="")
                    | models.Q(kind="plan_item", plan_item__isnull=False, pb_project__isnull=True, service="")
                    | (
                        models.Q(kind="service", pb_project__isnull=True, plan_item__isnull=True)
                        & ~models.Q(service="")
                    )
                ),
                name="monitoring_object_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == ObjectKind.PB_PROJECT and self.pb_project is not None:
            return str(self.pb_project.proposal)
        if self.kind == ObjectKind.PLAN_ITEM and self.plan_item is not None:
            return self.plan_item.title
        return str(self.get_service_display()).capitalize()

    @property
    def progress(self) -> int | None:
        if self.pb_project is not None:
            return int(self.pb_project.progress)
        if self.plan_item is not None:
            return int(self.plan_item.progress)
        return None


class Visit(models.Model):
    object = models.ForeignKey(
        MonitoredObject, on_delete=models.PROTECT, related_name="visits", verbose_name=_("what was visited")
    )
    visited_on = models.DateField(_("date of the visit"))
    group = models.ForeignKey(
        "plans.PlanGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("monitoring group"),
    )
    members_present = models.ManyToManyField(
        "plans.GroupMember", blank=True, related_name="+", verbose_name=_("members present")
    )
    others_present = models.CharField(_("others present"), max_length=300, blank=True)
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checklist"),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.object} {self.visited_on}"

    @property
    def municipality_id(self) -> Any:
        return self.object.municipality_id


class Score(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(ChecklistQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(pgettext_lazy("checklist score", "score"))

    class Meta:
        verbose_name = pgettext_lazy("checklist score", "score")
        verbose_name_plural = _("scores")
        ordering = ["visit", "question__sort_order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="monitoring_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


class Finding(models.Model):
    """A finding of a visit with the group's recommendation, and the LSG body's public answer."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    answer = models.TextField(_("answer of the LSG body"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["visit", "sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def municipality_id(self) -> Any:
        return self.visit.object.municipality_id


def visit_photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"monitoring/{instance.visit_id}/{uuid.uuid4().hex}.jpg"


class VisitPhoto(models.Model):
    """A photo of a visit, re-encoded on upload (kenesh.pb.photos) so no EXIF or location survives."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=visit_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.image.name
