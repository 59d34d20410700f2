"""Public budget hearings: the notice, the materials, who came (by sex and group), proposals and answers.

A hearing discusses one version of a municipality's budget (the draft, or an execution report). Its notice
must go out at least `HearingPolicy.notice_days` before it (10 unless the municipality says otherwise);
every proposal raised gets an official answer within `answer_days`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.territory.models import Level, pick_language

DEFAULT_NOTICE_DAYS = 10
DEFAULT_ANSWER_DAYS = 30


class HearingPolicy(models.Model):
    """A municipality's own rules for its hearings; without one, the defaults apply."""

    municipality = models.OneToOneField(
        "territory.Unit",
        on_delete=models.CASCADE,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="+",
        verbose_name=_("municipality"),
    )
    notice_days = models.PositiveSmallIntegerField(_("days of notice"), default=DEFAULT_NOTICE_DAYS)
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer a proposal"), default=DEFAULT_ANSWER_DAYS
    )

    class Meta:
        verbose_name = _("hearing rules")
        verbose_name_plural = _("hearing rules")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.notice_days}/{self.answer_days}"


class HearingKind(models.TextChoices):
    DRAFT_BUDGET = "draft_budget", _("draft budget")
    EXECUTION_REPORT = "execution_report", _("budget execution report")
    OTHER = "other", pgettext_lazy("hearing kind", "other")


class Hearing(models.Model):
    """One public hearing of a municipality."""

    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="hearings",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HearingKind.choices)
    title_ky = models.CharField(_("title in Kyrgyz"), max_length=300, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    # Kept with the date so the national view groups by year without a date function.
    year = models.PositiveSmallIntegerField(_("year"), db_index=True, editable=False)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    budget_version = models.ForeignKey(
        "budgets.BudgetVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budget version discussed"),
    )
    # The day the notice went out (posted, announced, published here); public from that day.
    notice_date = models.DateField(_("notice published on"))
    # The rule in force when the hearing was scheduled: a later change of the rule does not rewrite history.
    notice_days_required = models.PositiveSmallIntegerField(_("days of notice required"))
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer a proposal"), default=DEFAULT_ANSWER_DAYS
    )
    # date + answer_days, kept so that "answered on time" is one comparison in the database.
    answer_due = models.DateField(_("answers due by"), editable=False)

    # Attendance, once recorded: women + men = participants; the groups and officials are among them.
    attendance_recorded = models.BooleanField(_("attendance recorded"), default=False)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    youth = models.PositiveIntegerField(_("young people (14-28)"), default=0)
    elderly = models.PositiveIntegerField(_("older people"), default=0)
    disabled = models.PositiveIntegerField(_("people with disabilities"), default=0)
    minorities = models.PositiveIntegerField(_("ethnic minorities"), default=0)
    officials = models.PositiveIntegerField(_("officials and deputies"), default=0)

    summary_ky = models.TextField(_("summary of the discussion in Kyrgyz"), blank=True)
    summary_ru = models.TextField(_("summary of the discussion in Russian"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["municipality", "year"], name="hearings_municipality_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_date__lte=models.F("date")), name="hearings_notice_first"
            ),
            models.CheckConstraint(
                condition=Q(participants=models.F("women") + models.F("men")), name="hearings_sexes_add_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.date} {self.kind}"

    @property
    def title(self) -> str:
        return pick_language(self, "title") or str(self.get_kind_display())

    @property
    def notice_days_given(self) -> int:
        return (self.date - self.notice_date).days

    @property
    def notice_is_late(self) -> bool:
        return self.notice_days_given < self.notice_days_required

    def due_date_set(self) -> None:
        self.answer_due = self.date + datetime.timedelta(days=self.answer_days)

    def is_public_on(self, day: datetime.date) -> bool:
        return self.notice_date <= day

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(self.women) / Decimal(self.participants) if self.participants else None


def document_path(instance: Any, filename: str) -> str:
    return f"hearings/{instance.hearing_id}/{filename}"


class DocumentKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    IMAGE = "image", _("image")


class HearingDocument(models.Model):
    """A material of a hearing: a PDF as uploaded (checked to be one), or an image re-encoded as JPEG."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="documents", verbose_name=_("hearing")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hearing document")
        verbose_name_plural = _("hearing documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.kind == DocumentKind.PDF else "image/jpeg"

    @property
    def extension(self) -> str:
        return "pdf" if self.kind == DocumentKind.PDF else "jpg"


class ProposalKind(models.TextChoices):
    PROPOSAL = "proposal", pgettext_lazy("hearing", "proposal")
    QUESTION = "question", _("question")


class AnswerStatus(models.TextChoices):
    UNANSWERED = "unanswered", _("not answered yet")
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class HearingProposal(models.Model):
    """A proposal or a question raised at a hearing, and the municipality's official answer to it.

    An accepted one becomes a budget amendment line (`budget_line_key`, the `key` of a BudgetLine of
    `budget_line_version`) or an item of the joint action plan (`plan_item`, of the same municipality).
    """

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("hearing")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProposalKind.choices, default=ProposalKind.PROPOSAL
    )
    text_ky = models.TextField(_("text in Kyrgyz"), blank=True)
    text_ru = models.TextField(_("text in Russian"), blank=True)
    # Who raised it, as a group or a village ("women of Kum-Dobo"), never a person's name.
    raised_by = models.CharField(_("raised by (group or village)"), max_length=200, blank=True)
    status = models.CharField(
        _("answer"),
        max_length=12,
        choices=AnswerStatus.choices,
        default=AnswerStatus.UNANSWERED,
        db_index=True,
    )
    answer_ky = models.TextField(_("answer in Kyrgyz"), blank=True)
    answer_ru = models.TextField(_("answer in Russian"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    budget_line_version = models.ForeignKey(
        "budgets.BudgetVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budget version of the amendment"),
    )
    budget_line_key = models.CharField(_("budget line"), max_length=64, blank=True)
    # The action-plan item it became (hearings sits above plans: plans never imports this app).
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_proposals",
        verbose_name=_("action plan item"),
    )

    class Meta:
        verbose_name = _("hearing proposal")
        verbose_name_plural = _("hearing proposals")
        ordering = ["hearing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "number"], name="hearings_proposal_number"),
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id}/{self.number}"

    @property
    def municipality_id(self) -> Any:
        return self.hearing.municipality_id

    @property
    def is_answered(self) -> bool:
        return self.status != AnswerStatus.UNANSWERED

    @property
    def budget_line_anchor(self) -> str:
        """The id of the line on the citizen's budget page."""
        from kenesh.budgets.selectors import dom_id

        return dom_id(self.budget_line_key)

    @property
    def plan_item_url(self) -> str:
        """The item it became on its plan's public page ("" without one, or while the plan is not public)."""
        item = self.plan_item
        if item is None or item.plan.published_at is None:
            return ""
        path = reverse(
            "plans:plan", kwargs={"coate": self.hearing.municipality.coate, "year": item.plan.year}
        )
        return f"{path}#item-{item.pk}"

    @property
    def answered_on_time(self) -> bool:
        return self.answered_on is not None and self.answered_on <= self.hearing.answer_due
