"""Precomputed figures: one row per territorial unit, year and indicator (kenesh.ops.indicators).

Municipalities' rows come from each indicator's `compute`; rayons' and oblasts' rows are summed from their
municipalities by the indicator's `aggregate` rule. `computed_at` is the date a page shows beside a figure.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kenesh.ops.indicators import Figure


class IndicatorValue(models.Model):
    unit = models.ForeignKey(
        "territory.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("territorial unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("indicator"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=8, null=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    # The number of people the figure is about (None if it is not about people): under 5, "fewer than 5".
    group = models.PositiveIntegerField(null=True)
    low = models.DecimalField(max_digits=24, decimal_places=8, null=True)
    high = models.DecimalField(max_digits=24, decimal_places=8, null=True)
    # Municipalities this rayon's or oblast's figure was summed from (1 for a municipality).
    units = models.PositiveIntegerField(default=1)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "key"], name="portraits_value_once"),
        ]
        indexes = [models.Index(fields=["year", "key"], name="portraits_value_year_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.key}"

    @property
    def figure(self) -> Figure:
        def dec(value: Decimal | None) -> Decimal | None:
            return None if value is None else Decimal(value)

        return Figure(
            value=dec(self.value),
            numerator=dec(self.numerator),
            denominator=dec(self.denominator),
            group=self.group,
            low=dec(self.low),
            high=dec(self.high),
        )
