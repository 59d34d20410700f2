"""Reads of the portraits app: the national dashboard and a unit's portrait, from the precomputed figures.

The dashboard costs five queries whatever the number of municipalities (the years, the oblasts, the rayons,
the municipalities, the figures of the year and the year before); a portrait five or six. Every figure about
people from a group of 1 to 4 is published as "fewer than 5" here, so the pages, the CSV/XLSX files and the
API (which all read through `cell`) never show it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from kenesh.ops import indicators as ind
from kenesh.pb.models import ImplementationProject, ImplementationStatus, ImplementationUpdate, Phase
from kenesh.pb.phases import PHASES
from kenesh.plans.models import ItemStatus, PlanItem
from kenesh.portal.about import AboutItem, items_about
from kenesh.portraits.models import IndicatorValue, PortraitPhoto, PortraitText
from kenesh.territory.models import Level, Unit, pick_language, today
from kenesh.web import l10n
from kenesh.web.bilingual import Localized, localized, reader_language, render_inline

SORTS_FIXED = ("name", "change")


def fewer_than_five() -> str:
    return _("fewer than 5")


@dataclass(frozen=True)
class _Symbols:
    group: str
    decimal: str
    percent: tuple[str, str]
    som: tuple[str, str]


@lru_cache(maxsize=8)
def _symbols(language: str) -> _Symbols:
    """The locale's separators and the text around a percentage and an amount, read once from
    kenesh.web.l10n's own output, so the dashboard's 10,000 figures read exactly as every other page's
    without a Babel call each."""
    number = l10n.format_number(Decimal("1234.5"), decimals=1, language=language)
    percent = l10n.format_percent(Decimal("0.125"), decimals=1, language=language)
    som = l10n.format_som(Decimal(7), decimals=0, language=language)
    core = "12" + number[5] + "5"
    at = percent.index(core)
    return _Symbols(
        group=number[1],
        decimal=number[5],
        percent=(percent[:at], percent[at + len(core) :]),
        som=(som[: som.index("7")], som[som.index("7") + 1 :]),
    )


def _fixed(value: Decimal, decimals: int, symbols: _Symbols) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", symbols.decimal).replace("\x00", symbols.group)


def format_value(indicator: ind.Indicator, value: Decimal | None) -> str:
    """A figure in the reader's language: a percentage with one decimal, whole som, days and the index
    with one decimal, counts whole."""
    if value is None:
        return ""
    symbols = _symbols(get_language() or "ky")
    if indicator.unit == ind.SHARE:
        before, after = symbols.percent
        return before + _fixed(value * 100, 1, symbols) + after
    if indicator.unit in (ind.SOM, ind.SOM_PER_PERSON):
        before, after = symbols.som
        return before + _fixed(value, 0, symbols) + after
    if indicator.unit in (ind.DAYS, ind.INDEX):
        return _fixed(value, 1, symbols)
    return _fixed(value, 0, symbols)


@dataclass(slots=True)
class Cell:
    """One figure as published: `value` None when absent or hidden ("fewer than 5": `small`)."""

    indicator: ind.Indicator
    value: Decimal | None
    small: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    computed_at: datetime.datetime | None = None
    units: int = 1

    @property
    def text(self) -> str:
        if self.small:
            return fewer_than_five()
        return format_value(self.indicator, self.value)

    @property
    def interval(self) -> str:
        if self.small or self.low is None or self.high is None:
            return ""
        return f"{format_value(self.indicator, self.low)} – {format_value(self.indicator, self.high)}"

    @property
    def present(self) -> bool:
        return self.small or self.value is not None


def cell(indicator: ind.Indicator, row: IndicatorValue | None) -> Cell:
    if row is None:
        return Cell(indicator, None)
    return _cell(indicator, row.value, row.group, row.low, row.high, row.computed_at, row.units)


def _cell(
    indicator: ind.Indicator,
    value: Decimal | None,
    group: int | None,
    low: Decimal | None,
    high: Decimal | None,
    computed_at: datetime.datetime | None,
    units: int,
) -> Cell:
    if indicator.about_people and group is not None and 0 < group < ind.SMALL_GROUP:
        return Cell(indicator, None, small=True, computed_at=computed_at, units=units)
    return Cell(indicator, value, False, low, high, computed_at, units)


def change(current: Cell, previous: Cell) -> Decimal | None:
    if current.value is None or previous.value is None:
        return None
    return current.value - previous.value


# The national dashboard -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Row:
    unit: Unit
    cells: list[Cell]
    change: Decimal | None = None
    change_text: str = ""

    @property
    def cells_html(self) -> SafeString:
        """The row's figure cells, built here rather than by a template loop: 500 rows of 20 figures."""
        return mark_safe(  # noqa: S308 - every text is escaped
            "".join(f'<td class="num">{escape(cell.text) or "—"}</td>' for cell in self.cells)
        )

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def rayon(self) -> str:
        return self.unit.parent.name if self.unit.parent is not None else ""

    @property
    def oblast(self) -> str:
        parent = self.unit.parent
        return parent.parent.name if parent is not None and parent.parent is not None else ""


@dataclass
class OblastMedians:
    oblast: Unit
    count: int
    cells: list[Cell]


@dataclass
class Dashboard:
    indicators: list[ind.Indicator]
    years: list[int]
    year: int | None
    oblasts: list[Unit]
    rayons: list[Unit]
    oblast: str
    rayon: str
    sort: str
    descending: bool
    selected: ind.Indicator | None
    rows: list[Row]
    medians: list[OblastMedians] = field(default_factory=list)
    computed_at: datetime.datetime | None = None


def _sort_key(row: Row, sort: str, position: dict[str, int]) -> Any:
    if sort == "name":
        return row.name.casefold()
    value = row.change if sort == "change" else row.cells[position[sort]].value
    return value


def dashboard(
    *,
    year: int | None = None,
    oblast: str = "",
    rayon: str = "",
    sort: str = "name",
    descending: bool = False,
    indicator: str = "",
) -> Dashboard:
    """Every current municipality (of an oblast or rayon if asked) with every indicator of a year (the
    latest with figures by default), sorted on the server by `sort` (a key, "name" or "change": the change
    from the year before of the selected indicator); five queries."""
    registered = ind.indicators()
    keys = [item.key for item in registered]
    position = {key: index for index, key in enumerate(keys)}
    years = sorted(
        set(IndicatorValue.objects.values_list("year", flat=True).distinct().order_by()), reverse=True
    )
    if year not in years:
        year = years[0] if years else None
    day = today()
    oblasts = list(Unit.objects.as_of(day).filter(level=Level.OBLAST).order_by("coate"))
    if oblast and not any(unit.coate == oblast for unit in oblasts):
        oblast = ""
    rayon_units = Unit.objects.as_of(day).filter(level=Level.RAYON).order_by("coate")
    rayons = list(rayon_units.filter(parent__coate=oblast)) if oblast else []
    if rayon and not any(unit.coate == rayon for unit in rayons):
        rayon = ""
    municipalities = Unit.objects.as_of(day).filter(level=Level.MUNICIPALITY).select_related("parent__parent")
    if rayon:
        municipalities = municipalities.filter(parent__coate=rayon)
    elif oblast:
        municipalities = municipalities.filter(parent__parent__coate=oblast)
    units = list(municipalities.order_by("coate"))
    selected = ind.indicator_get(indicator) or next((item for item in registered if item.headline), None)
    if sort not in position and sort not in SORTS_FIXED:
        sort = "name"
    values: dict[tuple[int, int], dict[str, tuple[Any, ...]]] = defaultdict(dict)
    computed_at = None
    if year is not None:
        wanted = Q(year=year, key__in=keys)
        if selected is not None:
            wanted |= Q(year=year - 1, key=selected.key)
        of_units = IndicatorValue.objects.filter(wanted, unit__in=municipalities.values("pk"))
        # The dashboard shows no interval and one date for the page: the rows are read without them.
        for unit_id, row_year, key, value, group in of_units.values_list(
            "unit_id", "year", "key", "value", "group"
        ):
            values[(unit_id, row_year)][key] = (value, group, None, None, None, 1)
        computed_at = of_units.filter(year=year).aggregate(at=Max("computed_at"))["at"]
    rows: list[Row] = []
    empty: tuple[Any, ...] = (None, None, None, None, None, 1)
    for unit in units:
        current = values.get((unit.pk, year or 0), {})
        row = Row(unit, [_cell(item, *current.get(item.key, empty)) for item in registered])
        if selected is not None and year is not None:
            before = values.get((unit.pk, year - 1), {}).get(selected.key, empty)
            row.change = change(row.cells[position[selected.key]], _cell(selected, *before))
            if row.change is not None:
                text = format_value(selected, abs(row.change))
                row.change_text = ("+" if row.change > 0 else "−" if row.change < 0 else "") + text
        rows.append(row)
    # Rows without the figure go last whichever the direction.
    present: list[Row] = []
    absent: list[Row] = []
    for row in rows:
        (present if sort == "name" or _sort_key(row, sort, position) is not None else absent).append(row)
    present.sort(key=lambda row: _sort_key(row, sort, position), reverse=descending)
    medians: list[OblastMedians] = []
    by_oblast: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        if row.unit.parent is not None and row.unit.parent.parent_id is not None:
            by_oblast[row.unit.parent.parent_id].append(row)
    for unit in oblasts:
        members = by_oblast.get(unit.pk, [])
        if not members:
            continue
        cells = []
        for index, item in enumerate(registered):
            found = [number for row in members if (number := row.cells[index].value) is not None]
            cells.append(Cell(item, ind.median(found), units=len(found)))
        medians.append(OblastMedians(unit, len(members), cells))
    return Dashboard(
        indicators=registered,
        years=years,
        year=year,
        oblasts=oblasts,
        rayons=rayons,
        oblast=oblast,
        rayon=rayon,
        sort=sort,
        descending=descending,
        selected=selected,
        rows=present + absent,
        medians=medians,
        computed_at=computed_at,
    )


# A portrait ---------------------------------------------------------------------------------------


class UnitGone(Exception):
    """The unit with this code does not exist in the requested year: its neighbours in time, if known."""

    def __init__(self, coate: str, year: int | None, related: list[Unit]) -> None:
        super().__init__(coate)
        self.coate = coate
        self.year = year
        self.related = related


@dataclass
class PortraitFigure:
    indicator: ind.Indicator
    cell: Cell
    year: int
    source_url: str
    history: list[tuple[int, Cell]] = field(default_factory=list)


@dataclass
class Portrait:
    unit: Unit
    year: int | None
    years: list[int]
    figures: list[PortraitFigure]
    children: list[Unit]
    computed_at: datetime.datetime | None
    municipality_count: int = 1
    built: list[Built] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    # The portal's published items about the place (kenesh.portal.about), newest first.
    about: list[AboutItem] = field(default_factory=list)

    @property
    def level_name(self) -> str:
        return str(self.unit.get_level_display())

    @property
    def is_municipality(self) -> bool:
        return self.unit.level == Level.MUNICIPALITY


def unit_for(*, coate: str, year: int | None) -> Unit:
    """The version of the unit with this code valid in `year` (on its last day, today for this year), else
    `UnitGone` with its successors and predecessors; an unknown code is UnitGone with none."""
    versions = list(
        Unit.objects.filter(coate=coate)
        .exclude(level=Level.SETTLEMENT)
        .select_related("parent__parent")
        .order_by("valid_from")
    )
    day = today() if year is None or year >= today().year else datetime.date(year, 12, 31)
    for unit in versions:
        if unit.is_valid_on(day) or (year is not None and unit.is_valid_on(datetime.date(year, 1, 1))):
            return unit
    related: list[Unit] = []
    if versions:
        related = list(Unit.objects.filter(predecessors__in=versions).distinct().order_by("coate")) + list(
            Unit.objects.filter(successors__in=versions).distinct().order_by("coate")
        )
    raise UnitGone(coate, year, related)


def portrait(*, coate: str, year: int | None = None) -> Portrait:
    """A unit's figures: of each indicator, the value of the year asked, else the latest year with one;
    with the last years beside. Raises UnitGone."""
    unit = unit_for(coate=coate, year=year)
    registered = ind.indicators()
    rows = list(IndicatorValue.objects.filter(unit=unit).order_by("-year"))
    by_key: dict[str, list[IndicatorValue]] = defaultdict(list)
    for row in rows:
        by_key[row.key].append(row)
    years = sorted({row.year for row in rows}, reverse=True)
    place = unit if unit.level == Level.MUNICIPALITY else None
    figures: list[PortraitFigure] = []
    for item in registered:
        found = [row for row in by_key.get(item.key, []) if year is None or row.year <= year]
        if not found:
            continue
        latest = found[0]
        shown = cell(item, latest)
        if not shown.present:
            continue
        url = item.source_url(place.coate, latest.year) if place is not None else ""
        history = [(row.year, cell(item, row)) for row in found[:5]]
        figures.append(PortraitFigure(item, shown, latest.year, url, history))
    children: list[Unit] = []
    if unit.level in (Level.OBLAST, Level.RAYON):
        children = list(
            Unit.objects.current().filter(parent=unit).exclude(level=Level.SETTLEMENT).order_by("name_ru")
        )
    computed = max((row.computed_at for row in rows), default=None)
    count = max((row.units for row in rows), default=1)
    built = projects_built(unit) if unit.level == Level.MUNICIPALITY else []
    about = items_about(unit, language=reader_language())
    return Portrait(unit, year, years, figures, children, computed, count, built, texts(unit), about)


def unit_name(unit: Unit) -> str:
    return pick_language(unit, "name")


# Projects built --------------------------------------------------------------------------------------------


@dataclass
class Built:
    title: str
    year: int | None
    url: str
    source: str
    photo_url: str = ""


def projects_built(unit: Unit, *, limit: int = 12) -> list[Built]:
    """A municipality's PB winners built (with the photo of their latest report, if any) and the items of
    its published action plans marked done; three queries."""
    public = [phase for phase in Phase.values if PHASES[phase].public]
    built: list[Built] = []
    projects = list(
        ImplementationProject.objects.filter(
            status=ImplementationStatus.DONE,
            proposal__process__municipality_id=unit.pk,
            proposal__process__phase__in=public,
            proposal__hidden=False,
        )
        .select_related("proposal__process")
        .order_by("-updated_at")[:limit]
    )
    photos: dict[int, int] = {}
    for project_id, update_id in (
        ImplementationUpdate.objects.filter(project__in=projects)
        .exclude(photo="")
        .exclude(photo__isnull=True)
        .order_by("created_at", "pk")
        .values_list("project_id", "pk")
    ):
        photos[project_id] = update_id  # the latest wins
    for project in projects:
        process = project.proposal.process
        built.append(
            Built(
                title=project.proposal.title,
                year=project.budget_year or process.budget_year,
                url=reverse("pb:implementation_project", args=[project.pk]),
                source="pb",
                photo_url=reverse("pb:implementation_photo", args=[project.pk, photos[project.pk]])
                if project.pk in photos
                else "",
            )
        )
    items = PlanItem.objects.filter(
        plan__municipality_id=unit.pk, plan__published_at__isnull=False, status=ItemStatus.DONE
    ).select_related("plan")
    for item in items.order_by("-plan__year", "pk")[:limit]:
        built.append(
            Built(
                title=item.title,
                year=item.plan.year,
                url=reverse("plans:plan", args=[unit.coate, item.plan.year]),
                source="plans",
            )
        )
    return built


# Editors' texts and photos ------------------------------------------------------------------------------

# The size a portrait's photo is shown (and printed) at: Wagtail's rendition, made once and kept.
PHOTO_RENDITION = "max-800x600"


@dataclass
class TextPhoto:
    url: str
    width: int
    height: int
    alt: str
    caption: Localized
    rendition: Any = None
    # Filled for the PDF only (kenesh.portraits.pdf): the rendition's bytes, as WeasyPrint fetches nothing.
    data_uri: str = ""


@dataclass
class Text:
    heading: Localized
    body: Localized
    body_html: SafeString
    photos: list[TextPhoto]

    @property
    def heading_html(self) -> SafeString:
        return render_inline(self.heading)


def _text_body(text: Localized) -> SafeString:
    """The rich text (sanitised when saved, kenesh.portraits.models.rich_text_clean) with its links made
    into addresses, in a `div` with its language; the mark first when it is the other language."""
    if not text.text.strip():
        return mark_safe("")
    html = expand_db_html(text.text)
    mark = (
        format_html('<p class="lang-mark" lang="{}">{}</p>', reader_language(), text.mark)
        if text.fallback
        else ""
    )
    return format_html(
        '<div class="bilingual portrait-text" lang="{}">{}{}</div>',
        text.language,
        mark,
        mark_safe(html),  # noqa: S308 - cleaned when saved
    )


def _rendition(image: Any) -> Any:
    """The image's rendition from those prefetched (Wagtail's own lookup would write each one it finds to
    the cache: a database write per photo here), else made now, once."""
    for rendition in getattr(image, "prefetched_renditions", ()):
        if rendition.filter_spec == PHOTO_RENDITION:
            return rendition
    return image.get_rendition(PHOTO_RENDITION)


def texts(unit: Unit) -> list[Text]:
    """The published editors' texts about `unit` with their photos: three queries (texts, photos with
    their images, the images' renditions), whatever their number."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(PHOTO_RENDITION)
    found = list(
        PortraitText.objects.filter(unit=unit, live=True)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=PortraitPhoto.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("image", queryset=images)
                ),
            )
        )
    )
    shown: list[Text] = []
    for item in found:
        photos: list[TextPhoto] = []
        for photo in item.photos.all():
            rendition = _rendition(photo.image)
            caption = localized(photo, "caption")
            photos.append(
                TextPhoto(
                    url=rendition.url,
                    width=rendition.width,
                    height=rendition.height,
                    alt=caption.text or photo.image.title,
                    caption=caption,
                    rendition=rendition,
                )
            )
        body = localized(item, "body")
        shown.append(Text(localized(item, "heading"), body, _text_body(body), photos))
    return shown
