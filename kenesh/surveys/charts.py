"""Survey charts as inline SVG drawn on the server: a bar per group with its 95% interval as a whisker.

As the budget charts (kenesh.budgets.charts), each picture has a <title> and a <desc> with every figure,
and the page puts a table with the same figures beside it. A hidden group is written "fewer than 5",
never drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kenesh.budgets.charts import FONT, INK, MUTED, PALETTE, TRACK, WIDTH
from kenesh.surveys.present import fewer_than_5, figure, interval
from kenesh.surveys.stats import Estimate

SCALES = {"proportion": (0.0, 1.0), "mean": (1.0, 5.0), "index": (-100.0, 100.0)}


@dataclass(frozen=True)
class Bar:
    label: str
    estimate: Estimate | None
    hidden: bool = False
    series: int = 0


def _dom_id(text: str) -> str:
    return "".join(character if character.isalnum() else "-" for character in text)


def interval_chart(bars: Sequence[Bar], *, chart_id: str, title: str, kind: str) -> SafeString:
    chart_id = _dom_id(chart_id)
    low, high = SCALES.get(kind, (0.0, max([b.estimate.high or 0 for b in bars if b.estimate] + [1.0])))
    row = 40
    height = row * max(len(bars), 1) + 6
    area = WIDTH * 0.7

    def x(value: float) -> float:
        return max(0.0, min(area, (value - low) / (high - low) * area)) if high > low else 0.0

    description = "; ".join(
        f"{b.label}: " + (fewer_than_5() if b.hidden else f"{figure(b.estimate)} ({interval(b.estimate)})")
        for b in bars
    )
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="budget-chart survey-chart" '
        f'viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    zero = x(0.0) if low < 0 else 0.0
    for index, bar in enumerate(bars):
        top = index * row + 2
        parts.append(f'<text x="0" y="{top + 13}" fill="{INK}">{escape(bar.label)}</text>')
        parts.append(f'<rect x="0" y="{top + 19}" width="{area:.1f}" height="12" fill="{TRACK}"/>')
        estimate = bar.estimate
        if bar.hidden or estimate is None or estimate.value is None:
            text = fewer_than_5() if bar.hidden else "—"
            parts.append(f'<text x="4" y="{top + 30}" fill="{MUTED}">{escape(text)}</text>')
            continue
        colour = PALETTE[bar.series % len(PALETTE)]
        start, end = sorted((zero, x(estimate.value)))
        parts.append(
            f'<rect x="{start:.1f}" y="{top + 19}" width="{max(end - start, 1.0):.1f}" height="12" '
            f'fill="{colour}"/>'
        )
        if estimate.low is not None and estimate.high is not None:
            a, b = x(estimate.low), x(estimate.high)
            middle = top + 25
            parts.append(
                f'<path d="M{a:.1f} {middle - 6}v12M{a:.1f} {middle}H{b:.1f}M{b:.1f} {middle - 6}v12" '
                f'stroke="{INK}" stroke-width="1.5" fill="none"/>'
            )
        parts.append(
            f'<text x="{area + 6:.1f}" y="{top + 30}" font-weight="bold" fill="{INK}">'
            f"{escape(figure(estimate))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()
