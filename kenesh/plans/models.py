"""A joint action plan: per priority of the needs assessment, items with steps, an owner, a deadline and money
by source (a local budget line by its key, the community, a donor or ARIS, the republican budget); approved
at a village gathering; with initiative groups and a monitoring group."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.territory.models import Level, pick_language


class Plan(models.Model):
    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="action_plans",
        verbose_name=_("municipality"),
    )
    # The year the plan is carried out (usually the year after the needs assessment).
    year = models.PositiveSmallIntegerField(_("year"))
    campaign = models.ForeignKey(
        "needs.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("needs assessment"),
    )
    approved_on = models.DateField(_("approved by the village gathering on"), null=True, blank=True)
    gathering_place = models.CharField(_("place of the gathering"), max_length=200, blank=True)
    gathering_participants = models.PositiveIntegerField(
        _("participants of the gathering"), null=True, blank=True
    )
    minutes_ky = models.TextField(_("minutes in Kyrgyz"), blank=True)
    minutes_ru = models.TextField(_("minutes in Russian"), blank=True)
    # Public from its approval.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=64, default="CC-BY-4.0")
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    class Meta:
        verbose_name = _("joint action plan")
        verbose_name_plural = _("joint action plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="plans_plan_municipality_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}"

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    priority = models.ForeignKey(
        "needs.Priority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("priority"),
    )
    title_ky = models.CharField(_("title in Kyrgyz"), max_length=200, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=200, blank=True)
    steps_ky = models.TextField(_("steps in Kyrgyz"), blank=True)
    steps_ru = models.TextField(_("steps in Russian"), blank=True)
    responsible = models.CharField(_("responsible person or body"), max_length=200)
    deadline = models.DateField(_("deadline"))
    # The local budget line that funds the item, by its stable key ("expenditure:function:economic").
    budget_line_key = models.CharField(_("local budget line"), max_length=200, blank=True)
    cost_local = models.DecimalField(
        _("local budget, som"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    cost_community = models.DecimalField(
        _("community contribution, som"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    cost_donor = models.DecimalField(
        _("donor or ARIS, som"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    donor_name = models.CharField(_("donor"), max_length=200, blank=True)
    cost_republican = models.DecimalField(
        _("republican budget, som"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    pb_proposal = models.ForeignKey(
        "pb.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participatory budgeting project"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="plans_item_progress_percent")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self, "title")

    @property
    def cost_total(self) -> Decimal:
        return self.cost_local + self.cost_community + self.cost_donor + self.cost_republican

    @property
    def municipality_id(self) -> Any:
        return self.plan.municipality_id


class GroupKind(models.TextChoices):
    INITIATIVE = "initiative", _("initiative group")
    MONITORING = "monitoring", _("monitoring group")


class PlanGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=16, choices=GroupKind.choices)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    village = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": Level.SETTLEMENT},
        related_name="+",
        verbose_name=_("village"),
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["plan", "kind", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self, "name")


class GroupMember(models.Model):
    """A member: a linked account, or a name only (many members have no account)."""

    group = models.ForeignKey(
        PlanGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    role = models.CharField(_("role in the group"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return str(getattr(self.user, "full_name", "") or self.name)
        return self.name
