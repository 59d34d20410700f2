"""A municipality's budget per year, its versions (draft, approved, amendments, execution reports) and lines.

Lines carry Kyrgyzstan's budget classification (`Classification`, data loaded from
``kenesh/budgets/data/classification.csv``): revenue lines a revenue code, expenditure lines a function code
and an economic item. Money is `Decimal` in som.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.territory.models import Level, pick_language


class ClassificationKind(models.TextChoices):
    REVENUE = "revenue", _("revenue")
    FUNCTION = "function", _("function")
    ECONOMIC = "economic", _("economic item")


class RevenueGroup(models.TextChoices):
    TAX = "tax", _("tax revenue")
    NON_TAX = "non_tax", _("non-tax revenue")
    EQUALIZATION = "equalization", _("equalization grant")
    CATEGORICAL = "categorical", _("categorical grants")
    OTHER_TRANSFER = "other_transfer", _("other transfers")


class Classification(models.Model):
    """One code of the budget classification: a revenue, a function (COFOG-like) or an economic item.

    The codes are data, not code: updated with ``manage.py import_classification FILE.csv``.
    """

    code = models.CharField(_("code"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16, choices=ClassificationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=pgettext_lazy("budget classification", "parent"),
    )
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    # Blank for functions and economic items.
    revenue_group = models.CharField(
        _("revenue group"), max_length=16, choices=RevenueGroup.choices, blank=True
    )
    # Own revenues: local taxes and fees and non-tax revenue, not transfers (the self-financing share).
    is_own_revenue = models.BooleanField(_("own revenue"), default=False)
    sort_order = models.IntegerField(_("sort order"), default=0)
    # A code withdrawn from the official list stays (old lines point to it) but is no longer accepted.
    valid = models.BooleanField(_("valid"), default=True)

    class Meta:
        verbose_name = _("budget classification code")
        verbose_name_plural = _("budget classification")
        ordering = ["kind", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="budgets_classification_kind_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return pick_language(self, "name")


class Budget(models.Model):
    """A municipality's budget for one fiscal year; its content lives in its versions."""

    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="budgets",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Residents on 1 January; per-capita figures use it, falling back to municipality.population.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    summary_ky = models.TextField(_("summary in Kyrgyz"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="budgets_budget_municipality_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}"

    @property
    def summary(self) -> str:
        """The staff's short text for the citizen's budget, in the active language."""
        return pick_language(self, "summary")


class VersionKind(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    AMENDMENT = "amendment", _("amendment")
    EXECUTION = "execution", _("execution report")


class ExecutionPeriod(models.TextChoices):
    Q1 = "q1", _("first quarter")
    Q2 = "q2", _("half year")
    Q3 = "q3", _("nine months")
    YEAR = "year", _("year")


PLAN_KINDS = (VersionKind.DRAFT, VersionKind.APPROVED, VersionKind.AMENDMENT)


class BudgetVersion(models.Model):
    """One version of a budget: a plan (draft, approved, amendment n) or an execution report of a period."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="versions", verbose_name=_("budget")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=VersionKind.choices)
    # Amendments are numbered 1..n; every other kind has 0.
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    # Only execution reports have a period.
    period = models.CharField(_("period"), max_length=8, choices=ExecutionPeriod.choices, blank=True)
    date = models.DateField(_("date"))
    # The act as adopted, in the state language (Kyrgyz); its Russian title when the office gives one. Pages
    # show the reader's language through {% bilingual version "act_title" %}, via `act_title_ky` below.
    act_title = models.CharField(_("act"), max_length=300, blank=True)
    act_title_ru = models.CharField(_("act, title in Russian"), max_length=300, blank=True)
    act_date = models.DateField(_("date of the act"), null=True, blank=True)
    # Only published versions are public and in open data.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=64, default="CC-BY-4.0")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The last-modified date of the open data.
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
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "kind", "number", "period"],
                name="budgets_version_budget_kind_number_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget} — {self.label}"

    @property
    def act_title_ky(self) -> str:
        """The act's title as adopted (the state language), under the name the bilingual helper reads."""
        return self.act_title

    @property
    def label(self) -> str:
        """The name people use: "Approved budget", "Amendment 2", "Execution report, 9 months"."""
        if self.kind == VersionKind.DRAFT:
            return str(pgettext_lazy("budget version", "Draft"))
        if self.kind == VersionKind.APPROVED:
            return str(_("Approved budget"))
        if self.kind == VersionKind.AMENDMENT:
            return str(_("Amendment %(number)s") % {"number": self.number})
        labels: dict[str, Any] = {
            ExecutionPeriod.Q1: _("Execution report, 3 months"),
            ExecutionPeriod.Q2: _("Execution report, 6 months"),
            ExecutionPeriod.Q3: _("Execution report, 9 months"),
            ExecutionPeriod.YEAR: _("Annual execution report"),
        }
        return str(labels.get(self.period, _("Execution report")))

    @property
    def is_plan(self) -> bool:
        return self.kind in PLAN_KINDS

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def municipality_id(self) -> Any:
        """The municipality, for the permission predicates (one attribute read, no query once loaded)."""
        return self.budget.municipality_id


class LineDirection(models.TextChoices):
    REVENUE = "revenue", _("revenue")
    EXPENDITURE = "expenditure", _("expenditure")


class BudgetLine(models.Model):
    """One amount of a version: a revenue code, or a function and an economic item of an expenditure.

    `key` ("direction:code:economic") is the line's identity across versions and years. Later features
    (participatory-budgeting winners, action-plan items, hearing proposals) link to a line by
    (budget, key), so the format of `key` must stay stable.
    """

    version = models.ForeignKey(
        BudgetVersion, on_delete=models.CASCADE, related_name="lines", verbose_name=_("version")
    )
    direction = models.CharField(_("direction"), max_length=16, choices=LineDirection.choices)
    # A revenue code for revenue lines, a function code for expenditure lines.
    code = models.ForeignKey(
        Classification, on_delete=models.PROTECT, related_name="lines", verbose_name=_("code")
    )
    # Required for expenditure lines, empty for revenue lines.
    economic = models.ForeignKey(
        Classification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="economic_lines",
        verbose_name=_("economic item"),
    )
    # Som; for an execution report, the executed amount.
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    # Allows an execution amount above the plan in force.
    over_plan = models.BooleanField(_("above plan allowed"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        # No joins in the default ordering: pages that show lines in code order say so (order_by).
        ordering = ["direction", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code", "economic"], name="budgets_line_version_code_economic"
            ),
            # NULLs are distinct in a unique index: a revenue line (no economic item) needs its own rule.
            models.UniqueConstraint(
                fields=["version", "code"],
                condition=Q(economic__isnull=True),
                name="budgets_line_version_code_no_economic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.amount}"

    @property
    def key(self) -> str:
        """The line's stable identity across versions and years: "direction:code:economic code"."""
        economic = self.economic.code if self.economic is not None else ""
        return f"{self.direction}:{self.code.code}:{economic}"
