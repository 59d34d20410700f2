"""Open data of a published budget version: CSV, JSON and a Frictionless Data Package (Fiscal conventions).

Addresses (no language prefix, stable as long as the version exists; `slug` from `selectors.version_slug`):
    /budgets/data/<coate>/<year>/<slug>.csv                 the lines, one row each (UTF-8, comma)
    /budgets/data/<coate>/<year>/<slug>.json                the version and its lines
    /budgets/data/<coate>/<year>/<slug>.datapackage.json    the descriptor; its resource path is the CSV's
                                                            name, relative, so it resolves next to it
    /budgets/data/<coate>/<year>/<slug>.zip                 datapackage.json and the CSV, for offline use
The descriptor follows the Data Package standard (v1) with the Fiscal Data Package additions: a `model` with
the amount as a measure in KGS and the classification dimensions, `fiscalPeriod`, `countryCode`, and a
`columnType` on each fiscal field. Amounts are written with two decimals, never as floats.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse

from kenesh.budgets.models import BudgetVersion, LineDirection, VersionKind
from kenesh.budgets.selectors import OpenDataLine, version_slug

CURRENCY = "KGS"
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("CC0 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": (
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
}
# The budget's phase in the Fiscal Data Package's words.
PHASES = {
    VersionKind.DRAFT: "proposed",
    VersionKind.APPROVED: "approved",
    VersionKind.AMENDMENT: "adjusted",
    VersionKind.EXECUTION: "executed",
}

# (name, Table Schema type, Fiscal Data Package columnType or "", description)
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "key",
        "string",
        "",
        "The line's stable identity across versions and years: direction:code:economic code",
    ),
    (
        "coate",
        "string",
        "administrative-classification:generic:level1:code",
        "СОАТЕ code of the municipality",
    ),
    (
        "municipality",
        "string",
        "administrative-classification:generic:level1:label",
        "Municipality (Russian)",
    ),
    ("fiscal_year", "integer", "date:fiscal-year", "Fiscal year"),
    ("version", "string", "", "Version of the budget: draft, approved, amendment-N, execution-PERIOD"),
    ("phase", "string", "phase", "Budget phase: proposed, approved, adjusted, executed"),
    ("direction", "string", "direction", "revenue or expenditure"),
    ("code", "string", "", "Classification code of the line: a revenue code or a function code"),
    ("code_name_ky", "string", "", "Name of the code in Kyrgyz"),
    ("code_name_ru", "string", "", "Name of the code in Russian"),
    ("code_name_en", "string", "", "Name of the code in English"),
    ("parent_code", "string", "", "The code's parent in the classification"),
    ("top_code", "string", "", "The code's top-level ancestor (for expenditure: the function 701..710)"),
    (
        "revenue_group",
        "string",
        "",
        "tax, non_tax, equalization, categorical or other_transfer (revenue only)",
    ),
    ("own_revenue", "boolean", "", "Own revenue (local taxes and fees, non-tax revenue), not a transfer"),
    ("economic_code", "string", "economic-classification:generic:level3:code", "Economic item (expenditure)"),
    ("economic_name_ky", "string", "", "Name of the economic item in Kyrgyz"),
    ("economic_name_ru", "string", "", "Name of the economic item in Russian"),
    ("economic_name_en", "string", "", "Name of the economic item in English"),
    ("economic_top_code", "string", "economic-classification:generic:level1:code", "Top-level economic item"),
    ("amount", "number", "value", "Amount in som (KGS); in an execution report the executed amount"),
    ("over_plan", "boolean", "", "The execution amount may exceed the plan (flag set by the LSG body)"),
    ("note", "string", "", "Note of the LSG body"),
)
FIELD_NAMES = [name for name, *_rest in FIELDS]


def _bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def line_row(version: BudgetVersion, item: OpenDataLine) -> dict[str, str]:
    """One line as a row of the CSV (strings, as written)."""
    line = item.line
    code = line.code
    economic = line.economic
    municipality = version.budget.municipality
    revenue = line.direction == LineDirection.REVENUE
    return {
        "key": line.key,
        "coate": municipality.coate,
        "municipality": municipality.name_ru,
        "fiscal_year": str(version.budget.year),
        "version": version_slug(version),
        "phase": PHASES[VersionKind(version.kind)],
        "direction": line.direction,
        "code": code.code,
        "code_name_ky": code.name_ky,
        "code_name_ru": code.name_ru,
        "code_name_en": code.name_en,
        "parent_code": item.code_path[-2].code if len(item.code_path) > 1 else "",
        "top_code": item.code_path[0].code,
        "revenue_group": code.revenue_group if revenue else "",
        "own_revenue": _bool(code.is_own_revenue) if revenue else "",
        "economic_code": economic.code if economic else "",
        "economic_name_ky": economic.name_ky if economic else "",
        "economic_name_ru": economic.name_ru if economic else "",
        "economic_name_en": economic.name_en if economic else "",
        "economic_top_code": item.economic_path[0].code if item.economic_path else "",
        "amount": _amount(line.amount),
        "over_plan": _bool(line.over_plan),
        "note": line.note,
    }


def _spreadsheet_safe(text: str) -> str:
    """Free text a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def version_csv(version: BudgetVersion, lines: Sequence[OpenDataLine]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELD_NAMES, lineterminator="\r\n")
    writer.writeheader()
    for item in lines:
        row = line_row(version, item)
        row["note"] = _spreadsheet_safe(row["note"])
        writer.writerow(row)
    return buffer.getvalue()


def data_urls(version: BudgetVersion) -> dict[str, str]:
    """The stable open-data addresses of a published version (paths, without the host)."""
    kwargs = {
        "coate": version.budget.municipality.coate,
        "year": version.budget.year,
        "slug": version_slug(version),
    }
    return {
        name: reverse(f"budgets_data:{name}", kwargs=kwargs) for name in ("csv", "json", "datapackage", "zip")
    }


def file_stem(version: BudgetVersion) -> str:
    return version_slug(version)


def licence_of(version: BudgetVersion) -> dict[str, str]:
    title, path = LICENCES.get(version.licence, (version.licence, ""))
    licence = {"name": version.licence, "title": title}
    if path:
        licence["path"] = path
    return licence


def municipality_meta(municipality: Any) -> dict[str, str]:
    """A municipality as the open data and the API name it: its СОАТЕ code and names in three languages."""
    return {
        "coate": municipality.coate,
        "name_ky": municipality.name_ky,
        "name_ru": municipality.name_ru,
        "name_en": municipality.name_en,
    }


def version_meta(version: BudgetVersion) -> dict[str, Any]:
    """The version's facts for the JSON download and the API."""
    budget = version.budget
    return {
        "municipality": municipality_meta(budget.municipality),
        "year": budget.year,
        "slug": version_slug(version),
        "kind": version.kind,
        "number": version.number,
        "period": version.period,
        "phase": PHASES[VersionKind(version.kind)],
        "date": _date(version.date),
        "act_title": version.act_title,
        "act_title_ru": version.act_title_ru,
        "act_date": _date(version.act_date),
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "modified_at": last_modified(version).isoformat(),
        "licence": licence_of(version),
        "currency": CURRENCY,
    }


def totals(lines: Sequence[OpenDataLine]) -> dict[str, str]:
    revenue = sum(
        (item.line.amount for item in lines if item.line.direction == LineDirection.REVENUE), Decimal(0)
    )
    expenditure = sum(
        (item.line.amount for item in lines if item.line.direction == LineDirection.EXPENDITURE), Decimal(0)
    )
    return {"revenue": _amount(revenue), "expenditure": _amount(expenditure)}


def version_json(
    version: BudgetVersion, lines: Sequence[OpenDataLine], *, urls: dict[str, str]
) -> dict[str, Any]:
    """The JSON download: the version's facts, its totals, its lines (amounts as strings: exact decimals)."""
    return {
        **version_meta(version),
        "totals": totals(lines),
        "urls": urls,
        "lines": [line_row(version, item) for item in lines],
    }


def last_modified(version: BudgetVersion) -> datetime.datetime:
    """When the published data last changed: the later of the version's change and its publication."""
    moments = [moment for moment in (version.modified_at, version.published_at) if moment is not None]
    return max(moments)


def _field(name: str, kind: str, column_type: str, description: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if kind == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if name == "amount":
        field["decimalChar"] = "."
        field["bareNumber"] = True
    if name in ("key", "coate", "fiscal_year", "version", "direction", "code", "amount"):
        field["constraints"] = {"required": True}
    if name == "direction":
        field["constraints"]["enum"] = [LineDirection.REVENUE.value, LineDirection.EXPENDITURE.value]
    if column_type:
        field["columnType"] = column_type
    return field


def data_package(version: BudgetVersion, *, homepage: str = "") -> dict[str, Any]:
    """The datapackage.json of a version; its one resource is `<slug>.csv` beside it."""
    budget = version.budget
    municipality = budget.municipality
    stem = file_stem(version)
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"kenesh-budget-{municipality.coate}-{budget.year}-{stem}",
        "title": f"{municipality.name_ru} — бюджет {budget.year}: {stem}",
        "description": (
            f"Budget of {municipality.name_en or municipality.name_ru} (СОАТЕ {municipality.coate}), "
            f"fiscal year "
            f"{budget.year}, version {stem}. Published by the LSG body on Kenesh."
        ),
        "version": last_modified(version).strftime("%Y%m%d%H%M%S"),
        "created": last_modified(version).isoformat(),
        "licenses": [licence_of(version)],
        "keywords": ["budget", "local self-government", "Kyrgyzstan", "fiscal data package"],
        "countryCode": "KG",
        "fiscalPeriod": {"start": f"{budget.year}-01-01", "end": f"{budget.year}-12-31"},
        "granularity": "aggregated",
        "resources": [
            {
                "name": "budget-lines",
                "path": f"{stem}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": {
                    "fields": [_field(*spec) for spec in FIELDS],
                    "primaryKey": ["key"],
                    "missingValues": [""],
                },
            }
        ],
        # The Fiscal Data Package model (v0.3): what is money and what classifies it.
        "model": {
            "measures": {
                "amount": {
                    "source": "amount",
                    "currency": CURRENCY,
                    "factor": 1,
                    "phase": PHASES[VersionKind(version.kind)],
                }
            },
            "dimensions": {
                "municipality": {
                    "dimensionType": "location",
                    "primaryKey": ["coate"],
                    "attributes": {"coate": {"source": "coate"}, "name": {"source": "municipality"}},
                },
                "fiscal_year": {
                    "dimensionType": "datetime",
                    "primaryKey": ["year"],
                    "attributes": {"year": {"source": "fiscal_year"}},
                },
                "direction": {
                    "dimensionType": "other",
                    "primaryKey": ["direction"],
                    "attributes": {"direction": {"source": "direction"}},
                },
                "classification": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "primaryKey": ["code"],
                    "attributes": {
                        "code": {"source": "code"},
                        "parent": {"source": "parent_code", "parent": "code"},
                        "top": {"source": "top_code"},
                        "label_ky": {"source": "code_name_ky", "labelfor": "code"},
                        "label_ru": {"source": "code_name_ru", "labelfor": "code"},
                        "label_en": {"source": "code_name_en", "labelfor": "code"},
                        "revenue_group": {"source": "revenue_group"},
                        "own_revenue": {"source": "own_revenue"},
                    },
                },
                "economic": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "primaryKey": ["code"],
                    "attributes": {
                        "code": {"source": "economic_code"},
                        "top": {"source": "economic_top_code"},
                        "label_ky": {"source": "economic_name_ky", "labelfor": "code"},
                        "label_ru": {"source": "economic_name_ru", "labelfor": "code"},
                        "label_en": {"source": "economic_name_en", "labelfor": "code"},
                    },
                },
            },
        },
    }
    if homepage:
        descriptor["homepage"] = homepage
    sources = [{"title": title} for title in (version.act_title, version.act_title_ru) if title]
    if sources:
        descriptor["sources"] = sources
    return descriptor


def data_zip(version: BudgetVersion, lines: Sequence[OpenDataLine], *, homepage: str = "") -> bytes:
    """datapackage.json and the CSV in one zip, for people who work offline."""
    buffer = io.BytesIO()
    moment = last_modified(version)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            (
                "datapackage.json",
                json.dumps(data_package(version, homepage=homepage), ensure_ascii=False, indent=2),
            ),
            (f"{file_stem(version)}.csv", version_csv(version, lines)),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), text.encode("utf-8"))
    return buffer.getvalue()
