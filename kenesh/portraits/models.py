"""Precomputed figures: one row per territorial unit, year and indicator (kenesh.ops.indicators).

Municipalities' rows come from each indicator's `compute`; rayons' and oblasts' rows are summed from their
municipalities by the indicator's `aggregate` rule. `computed_at` is the date a page shows beside a figure.
"""

# Wagtail and modelcluster are untyped (ignore_missing_imports): mypy cannot infer the fields of a model
# built on their classes (PortraitText, PortraitPhoto).
# mypy: disable-error-code="var-annotated"

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin

from kenesh.ops.indicators import Figure
from kenesh.territory.models import Level

# Photos one portrait text may hold.
PHOTOS_MAX = 6


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


# Editors' text and photos ---------------------------------------------------------------------------------

# What an editor may write in a portrait's text (as the portal's items, without documents).
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


def rich_text_clean(html: str) -> str:
    """`html` reduced to the tags and attributes of TEXT_FEATURES (Wagtail's own whitelister, the one its
    editor saves with): a script, a style or an event attribute written in by other means never reaches a
    page."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return str(EditorHTMLConverter(features=TEXT_FEATURES).to_database_format(html or ""))


class PortraitText(DraftStateMixin, RevisionMixin, ClusterableModel):  # type: ignore[misc]
    """An editor's text about a place, with photos, shown on its portrait and printed in its PDF.

    Edited in the portal's editor (Wagtail, /office/portal/ → Snippets), drafted and published there; a
    portrait shows only what is published (live). Kyrgyz and Russian side by side: a reader sees their
    language, else the other one with its mark.
    """

    unit = models.ForeignKey(
        "territory.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level__in": [Level.OBLAST, Level.RAYON, Level.MUNICIPALITY]},
        verbose_name=_("territorial unit"),
    )
    heading_ky = models.CharField(_("heading in Kyrgyz"), max_length=200, blank=True)
    heading_ru = models.CharField(_("heading in Russian"), max_length=200, blank=True)
    body_ky = RichTextField(_("text in Kyrgyz"), features=TEXT_FEATURES, blank=True)
    body_ru = RichTextField(_("text in Russian"), features=TEXT_FEATURES, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="portrait_text")

    panels = [
        FieldPanel("unit"),
        FieldPanel("heading_ky"),
        FieldPanel("body_ky"),
        FieldPanel("heading_ru"),
        FieldPanel("body_ru"),
        InlinePanel("photos", label=_("Photos"), max_num=PHOTOS_MAX),
        FieldPanel("position"),
    ]

    class Meta:
        ordering = ["unit", "position", "pk"]
        verbose_name = _("portrait text")
        verbose_name_plural = _("portrait texts")

    def __str__(self) -> str:
        heading = self.heading_ru or self.heading_ky
        return f"{self.unit} — {heading}" if heading else str(self.unit)

    @property
    def revisions(self) -> Any:
        return self._revisions

    def clean(self) -> None:
        super().clean()
        if not (
            (self.heading_ky or "").strip()
            or (self.heading_ru or "").strip()
            or _rich_text_has_words(self.body_ky)
            or _rich_text_has_words(self.body_ru)
        ):
            raise ValidationError(_("Write a heading or a text in Kyrgyz or Russian."))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_ky = rich_text_clean(self.body_ky)
        self.body_ru = rich_text_clean(self.body_ru)
        super().save(*args, **kwargs)


def _rich_text_has_words(html: str) -> bool:
    return bool(strip_tags(html or "").strip())


class PortraitPhoto(Orderable):
    """A photo of a portrait text: a Wagtail image (type, size and pixel count checked as the portal's
    images are, WAGTAILIMAGES_*), with a caption in each language."""

    text = ParentalKey(PortraitText, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption_ky = models.CharField(_("caption in Kyrgyz"), max_length=300, blank=True)
    caption_ru = models.CharField(_("caption in Russian"), max_length=300, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption_ky"), FieldPanel("caption_ru")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
