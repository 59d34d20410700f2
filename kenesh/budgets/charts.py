"""Charts of the citizen's budget as inline SVG drawn on the server: no JavaScript, no CDN, also in the PDF.

Each chart is a picture with a text equivalent (`role="img"`, a <title> and a <desc>); the page always
puts a table with the same figures next to it, so the chart never carries information alone. Bars are
horizontal with the label above each bar, so the text stays legible when a phone shrinks the picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kenesh.web import l10n

if TYPE_CHECKING:
    from kenesh.budgets.selectors import CitizenBudget

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8a7a00", "#882255")
INK = "#1b1b1b"
MUTED = "#4a4a4a"
TRACK = "#e4e7eb"
# The drawing's own width in user units; the SVG scales to its container (CSS width: 100%).
WIDTH = 320
FONT = "DejaVu Sans, system-ui, sans-serif"


@dataclass(frozen=True)
class ChartItem:
    """One bar or slice: `key` names it for links and ids, `value` is what `fmt` writes (usually som)."""

    key: str
    label: str
    value: Decimal
    # A second value drawn as a thin bar under the first (last year, or the plan against execution).
    other: Decimal | None = None


Formatter = Callable[[Decimal], str]


def _plain(value: Decimal) -> str:
    return f"{value:,.0f}"


def _dom_id(text: str) -> str:
    return "".join(character if character.isalnum() else "-" for character in text)


def _open(chart_id: str, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="budget-chart" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _describe(items: Sequence[ChartItem], fmt: Formatter) -> str:
    return "; ".join(f"{item.label}: {fmt(item.value)}" for item in items)


def bar_chart(
    items: Sequence[ChartItem],
    *,
    chart_id: str,
    title: str,
    fmt: Formatter = _plain,
    other_label: str = "",
    fmt_other: Formatter | None = None,
) -> SafeString:
    """Horizontal bars, largest scale first as given; with `other` values, a thin second bar under each.

    `other_label` names the thin bars (e.g. "last year") in the picture's text equivalent.
    """
    chart_id = _dom_id(chart_id)
    fmt_other = fmt_other or fmt
    has_other = any(item.other is not None for item in items)
    scale = max([item.value for item in items] + [item.other or 0 for item in items] + [Decimal(0)])
    row = 46 if has_other else 38
    height = max(row * len(items), row) + 4
    description = _describe(items, fmt)
    if has_other and other_label:
        description += (
            ". "
            + other_label
            + ": "
            + "; ".join(f"{item.label}: {fmt_other(item.other)}" for item in items if item.other is not None)
        )
    parts = _open(chart_id, height, title, description)
    bar_area = WIDTH * 0.64
    for index, item in enumerate(items):
        top = index * row + 2
        colour = PALETTE[index % len(PALETTE)]
        width = max(float(item.value / scale) * bar_area if scale > 0 else 0.0, 0.0)
        parts.append(f'<g id="{chart_id}-{_dom_id(item.key)}">')
        parts.append(f'<text x="0" y="{top + 13}" fill="{INK}">{escape(item.label)}</text>')
        parts.append(f'<rect x="0" y="{top + 18}" width="{width:.1f}" height="14" fill="{colour}"/>')
        # The figure follows its bar, so label and figure never collide however long the label is.
        parts.append(
            f'<text x="{width + 4:.1f}" y="{top + 30}" font-weight="bold" fill="{INK}">'
            f"{escape(fmt(item.value))}</text>"
        )
        if item.other is not None:
            other_width = max(float(item.other / scale) * bar_area if scale > 0 else 0.0, 0.0)
            parts.append(f'<rect x="0" y="{top + 35}" width="{other_width:.1f}" height="5" fill="{MUTED}"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def donut_chart(
    items: Sequence[ChartItem],
    *,
    chart_id: str,
    title: str,
    centre: str = "",
    fmt_share: Formatter | None = None,
) -> SafeString:
    """Shares of a whole as a ring with a legend below it; `centre` is a short text inside the ring."""
    chart_id = _dom_id(chart_id)
    total = sum((item.value for item in items if item.value > 0), Decimal(0))
    fmt_share = fmt_share or (lambda share: f"{share * 100:.0f}%")
    shares = [(item, (item.value / total) if total > 0 and item.value > 0 else Decimal(0)) for item in items]
    radius, stroke = 70.0, 34.0
    centre_x, centre_y = WIDTH / 2, radius + stroke / 2 + 4
    legend_top = centre_y * 2
    height = legend_top + 22 * len(items) + 4
    description = "; ".join(f"{item.label}: {fmt_share(share)}" for item, share in shares)
    parts = _open(chart_id, height, title, description)
    circumference = 2 * math.pi * radius
    parts.append(
        f'<circle cx="{centre_x}" cy="{centre_y}" r="{radius}" fill="none" stroke="{TRACK}" '
        f'stroke-width="{stroke}"/>'
    )
    # Each slice is the ring's stroke dashed to its share, turned to start where the previous one ended.
    start = 0.0
    for index, (item, share) in enumerate(shares):
        length = float(share) * circumference
        if length > 0:
            angle = start / circumference * 360 - 90
            parts.append(
                f'<circle id="{chart_id}-{_dom_id(item.key)}" cx="{centre_x}" cy="{centre_y}" r="{radius}" '
                f'fill="none" stroke="{PALETTE[index % len(PALETTE)]}" stroke-width="{stroke}" '
                f'stroke-dasharray="{length:.2f} {circumference:.2f}" '
                f'transform="rotate({angle:.2f} {centre_x} {centre_y})"/>'
            )
        start += length
    if centre:
        parts.append(
            f'<text x="{centre_x}" y="{centre_y + 5}" text-anchor="middle" font-weight="bold" '
            f'font-size="15" fill="{INK}">{escape(centre)}</text>'
        )
    for index, (item, share) in enumerate(shares):
        top = legend_top + index * 22
        parts.append(
            f'<rect x="0" y="{top:.0f}" width="14" height="14" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="20" y="{top + 12:.0f}" fill="{INK}">{escape(item.label)} '
            f'<tspan font-weight="bold">{escape(fmt_share(share))}</tspan></text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def line_chart(
    points: Sequence[tuple[str, Decimal | None]],
    *,
    chart_id: str,
    title: str,
    fmt: Formatter = _plain,
) -> SafeString:
    """A series over years as columns (one per year, value above): easier on a phone than a line."""
    chart_id = _dom_id(chart_id)
    values = [value for _label, value in points if value is not None]
    scale = max([*values, Decimal(0)])
    count = max(len(points), 1)
    column = WIDTH / count
    plot_top, plot_height = 20.0, 120.0
    height = plot_top + plot_height + 24
    description = "; ".join(f"{label}: {fmt(value) if value is not None else '—'}" for label, value in points)
    parts = _open(chart_id, height, title, description)
    for index, (label, value) in enumerate(points):
        x = index * column
        middle = x + column / 2
        if value is not None and scale > 0:
            bar = float(value / scale) * plot_height
            parts.append(
                f'<rect x="{x + column * 0.15:.1f}" y="{plot_top + plot_height - bar:.1f}" '
                f'width="{column * 0.7:.1f}" height="{bar:.1f}" fill="{PALETTE[0]}"/>'
            )
            parts.append(
                f'<text x="{middle:.1f}" y="{plot_top + plot_height - bar - 4:.1f}" text-anchor="middle" '
                f'font-size="10" fill="{INK}">{escape(fmt(value))}</text>'
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{plot_top + plot_height + 16:.1f}" text-anchor="middle" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def som_short(amount: Decimal | None) -> str:
    """Money short enough for a chart label: "12,3 млн сом" (the table beside the chart has the exact sum)."""
    if amount is None:
        return "—"
    if abs(amount) >= 1_000_000:
        millions = l10n.format_number(amount / 1_000_000, decimals=1)
        unit = pgettext("million som, in a chart", "mln som")
        return f"{millions}\xa0{unit}"
    if abs(amount) >= 10_000:
        thousands = l10n.format_number(amount / 1_000, decimals=0)
        unit = pgettext("thousand som, in a chart", "k som")
        return f"{thousands}\xa0{unit}"
    return l10n.format_som(amount, decimals=0)


def share_text(share: Decimal) -> str:
    return l10n.format_percent(share, decimals=0)


def som_whole(amount: Decimal) -> str:
    return l10n.format_som(amount, decimals=0)


def citizen_charts(data: CitizenBudget) -> dict[str, SafeString]:
    """The citizen's budget's pictures: revenue by source group, spending by function, plan and execution."""
    name = data.municipality.name
    charts = {
        "revenue": donut_chart(
            [ChartItem(row.key, row.label, row.plan) for row in data.revenue_groups],
            chart_id="chart-revenue",
            title=_("Where the money comes from: %(name)s, %(year)s") % {"name": name, "year": data.year},
            centre=som_short(data.revenue.plan),
            fmt_share=share_text,
        ),
        "functions": bar_chart(
            [ChartItem(row.key, row.label, row.plan, row.last_year) for row in data.functions],
            chart_id="chart-functions",
            title=_("Where the money goes: %(name)s, %(year)s") % {"name": name, "year": data.year},
            fmt=som_short,
            other_label=_("last year"),
        ),
    }
    if data.execution is not None:
        charts["execution"] = bar_chart(
            [ChartItem(row.key, row.label, row.plan, row.executed) for row in data.functions],
            chart_id="chart-execution",
            title=_("Plan and execution by function: %(name)s, %(year)s") % {"name": name, "year": data.year},
            fmt=som_short,
            other_label=data.execution.label,
        )
    return charts
