"""Inline SVG charts: well-formed, escaped, labelled for screen readers, proportional."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from kenesh.budgets.charts import ChartItem, bar_chart, donut_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
ITEMS = [
    ChartItem("expenditure:709:", "Билим берүү", Decimal("6000000"), Decimal("5000000")),
    ChartItem("expenditure:706:", "Турак жай <коммуналдык> & суу", Decimal("3000000")),
]


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def test_bar_chart_is_well_formed_labelled_and_proportional():
    root = parse(
        bar_chart(ITEMS, chart_id="chart-functions", title="Where the money goes", other_label="2024")
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-functions-title chart-functions-desc"
    assert root.find(f"{SVG}title").text == "Where the money goes"
    description = root.find(f"{SVG}desc").text
    assert "Турак жай <коммуналдык> & суу" in description  # escaped in the markup, intact when parsed
    assert "2024" in description
    groups = root.findall(f"{SVG}g")
    assert [group.get("id") for group in groups] == [
        "chart-functions-expenditure-709-",
        "chart-functions-expenditure-706-",
    ]
    widths = [float(group.findall(f"{SVG}rect")[0].get("width")) for group in groups]
    assert widths[0] == 2 * widths[1]
    # The thin bar of last year under the first item only.
    assert len(groups[0].findall(f"{SVG}rect")) == 2
    assert len(groups[1].findall(f"{SVG}rect")) == 1


def test_donut_shares_add_up_to_the_ring():
    root = parse(donut_chart(ITEMS, chart_id="chart-revenue", title="Revenue", centre="9 млн"))
    slices = [circle for circle in root.findall(f"{SVG}circle") if circle.get("id")]
    lengths = [float(circle.get("stroke-dasharray").split()[0]) for circle in slices]
    circumference = float(slices[0].get("stroke-dasharray").split()[1])
    assert sum(lengths) == pytest.approx(circumference, abs=0.05)
    assert lengths[0] == pytest.approx(2 * lengths[1], abs=0.05)
    assert "67%" in root.find(f"{SVG}desc").text


def test_empty_and_zero_charts_do_not_break():
    assert parse(bar_chart([], chart_id="empty", title="Nothing")).get("role") == "img"
    parse(donut_chart([ChartItem("a", "A", Decimal(0))], chart_id="zero", title="Zero"))
    root = parse(line_chart([("2024", None), ("2025", Decimal(5))], chart_id="years", title="Years"))
    assert "2024: —" in root.find(f"{SVG}desc").text
