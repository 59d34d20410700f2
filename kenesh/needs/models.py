"""A joint needs assessment: a municipality's campaign of a year, its focus-group sessions, the problems each
group named and ranked, and the priorities aggregated from them (kenesh.needs.aggregation says how).

Counts of people are numbers only: nobody's name is kept for a session.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.territory.models import Level, pick_language


class GroupType(models.TextChoices):
    WOMEN = "women", _("women")
    MEN = "men", _("men")
    YOUTH = "youth", _("youth")
    ELDERLY = "elderly", _("elderly people")
    DISABILITY = "disability", _("people with disabilities")
    MINORITY = "minority", _("ethnic minorities")
    MIXED = "mixed", _("mixed group")


# The groups shown under "vulnerable groups" on the public page.
VULNERABLE_GROUPS = (GroupType.YOUTH, GroupType.ELDERLY, GroupType.DISABILITY, GroupType.MINORITY)


class RankingMethod(models.TextChoices):
    POINTS = "points", _("points (dot voting)")
    RANK = "rank", _("rank order")


class Category(models.Model):
    """A kind of problem (drinking water, roads...). Shared ones have no municipality; staff add their own."""

    key = models.SlugField(_("key"), max_length=40)
    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="+",
        verbose_name=_("municipality"),
    )
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=120, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["sort_order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(municipality__isnull=True), name="needs_category_shared_key"
            ),
            models.UniqueConstraint(fields=["municipality", "key"], name="needs_category_municipality_key"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self, "name")


class Campaign(models.Model):
    """The joint needs assessment of a municipality in one year."""

    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="needs_campaigns",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    facilitators = models.CharField(_("facilitators"), max_length=500, blank=True)
    # Dot voting: each participant places this many points.
    points_per_person = models.PositiveSmallIntegerField(_("points per participant"), default=3)
    # At most this many problems are ranked (or receive points) in one session.
    max_problems = models.PositiveSmallIntegerField(_("problems ranked per session, at most"), default=5)
    # Only published campaigns are public and in open data; publishing computes the priorities.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=64, default="CC-BY-4.0")
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="needs_campaign_municipality_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Session(models.Model):
    """One focus group: where, when, who led it, which group, how many people (by sex, by age band)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("needs assessment")
    )
    village = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.SETTLEMENT},
        related_name="+",
        verbose_name=_("village"),
    )
    held_on = models.DateField(_("date"))
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    group_type = models.CharField(_("group"), max_length=16, choices=GroupType.choices)
    method = models.CharField(_("ranking"), max_length=8, choices=RankingMethod.choices)
    participants = models.PositiveIntegerField(_("participants"))
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))
    # Age bands, where the form recorded them (all four or none).
    age_under_18 = models.PositiveIntegerField(_("under 18"), null=True, blank=True)
    age_18_29 = models.PositiveIntegerField(_("18 to 29"), null=True, blank=True)
    age_30_59 = models.PositiveIntegerField(_("30 to 59"), null=True, blank=True)
    age_60_plus = models.PositiveIntegerField(_("60 and older"), null=True, blank=True)
    # The paper form's number, or the Kobo submission's uuid; a re-import skips what it already holds.
    source_ref = models.CharField(_("form number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants=models.F("women") + models.F("men")),
                name="needs_session_counts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village.name} {self.held_on} {self.get_group_type_display()}"

    @property
    def municipality_id(self) -> Any:
        return self.campaign.municipality_id


class Problem(models.Model):
    """A problem a session named, with its category and its points or its rank there."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="problems", verbose_name=_("session")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="problems", verbose_name=_("category")
    )
    text_ky = models.CharField(_("in Kyrgyz"), max_length=300, blank=True)
    text_ru = models.CharField(_("in Russian"), max_length=300, blank=True)
    # Points (dot voting) or rank (1 = most important), as the session's method says; the other is empty.
    points = models.PositiveIntegerField(pgettext_lazy("score of a problem", "points"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["session", "rank", "-points", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return pick_language(self, "text")


class Priority(models.Model):
    """A category's place in the municipality's priority list, computed when the campaign is published.

    `score` is the people-weighted Borda score (kenesh.needs.aggregation); `by_sex` and `by_group` hold the
    same score counted over women and men, and over each group type, with the participants behind each.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("needs assessment")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="priorities", verbose_name=_("category")
    )
    # 1 = the top priority; None: no session named it in the last computation (kept for linked plan items).
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=12, decimal_places=3, default=0)
    score_women = models.DecimalField(_("women's score"), max_digits=12, decimal_places=3, default=0)
    score_men = models.DecimalField(_("men's score"), max_digits=12, decimal_places=3, default=0)
    by_group = models.JSONField(_("score by group"), default=dict)
    sessions = models.PositiveIntegerField(_("sessions that named it"), default=0)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["campaign", models.F("rank").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "category"], name="needs_priority_campaign_category")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.category.name}"

    @property
    def municipality_id(self) -> Any:
        return self.campaign.municipality_id
