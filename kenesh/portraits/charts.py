"""The dashboard's charts (server-drawn SVG, kenesh.budgets.charts), each with a table beside on the page:
the median of the selected indicator per oblast, and the municipalities with its highest values."""

from __future__ import annotations

from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kenesh.budgets.charts import ChartItem, bar_chart
from kenesh.portraits.selectors import Dashboard, format_value

TOP = 10


def dashboard_charts(data: Dashboard) -> dict[str, SafeString]:
    selected = data.selected
    if selected is None:
        return {}
    index = [item.key for item in data.indicators].index(selected.key)

    def fmt(value: Decimal) -> str:
        return format_value(selected, value)

    charts: dict[str, SafeString] = {}
    medians = [
        ChartItem(group.oblast.coate, group.oblast.name, value)
        for group in data.medians
        if (value := group.cells[index].value) is not None
    ]
    if medians:
        charts["medians"] = bar_chart(
            medians,
            chart_id="chart-oblast-medians",
            title=_("Median by oblast: %(name)s") % {"name": selected.name},
            fmt=fmt,
        )
    ranked = sorted(
        (row for row in data.rows if row.cells[index].value is not None),
        key=lambda row: row.cells[index].value or 0,
        reverse=True,
    )[:TOP]
    if ranked:
        charts["top"] = bar_chart(
            [ChartItem(row.unit.coate, row.name, row.cells[index].value or Decimal(0)) for row in ranked],
            chart_id="chart-top",
            title=_("Highest values: %(name)s") % {"name": selected.name},
            fmt=fmt,
        )
    return charts


def top_rows(data: Dashboard) -> list[tuple[str, str]]:
    """The chart of the highest values as a table: (name, value)."""
    if data.selected is None:
        return []
    index = [item.key for item in data.indicators].index(data.selected.key)
    ranked = sorted(
        (row for row in data.rows if row.cells[index].value is not None),
        key=lambda row: row.cells[index].value or 0,
        reverse=True,
    )[:TOP]
    return [(row.name, row.cells[index].text) for row in ranked]
