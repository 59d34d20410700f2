"""Open data of public monitoring: visits (object, date, scores, counts) and findings with the LSG body's
answers. No personal data: who recorded a visit, who answered and the members' names are not exported (the
group is named, its members are not); photos are linked by address."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse

from kenesh.monitoring.models import Visit
from kenesh.territory.models import Unit

VISIT_FIELDS = [
    "visit",
    "visited_on",
    "object",
    "object_kind",
    "object_title",
    "service",
    "pb_project",
    "plan_item",
    "group",
    "members_present",
    "checklist",
    "scale_min",
    "scale_max",
    "score_average",
    "findings",
    "findings_answered",
    "photos",
]
FINDING_FIELDS = [
    "finding",
    "visit",
    "visited_on",
    "object",
    "text",
    "recommendation",
    "answer",
    "answered_on",
]


def visit_row(visit: Visit) -> dict[str, Any]:
    scores = [s.score for s in visit.scores.all()]
    findings = list(visit.findings.all())
    obj = visit.object
    return {
        "visit": visit.pk,
        "visited_on": visit.visited_on.isoformat(),
        "object": obj.pk,
        "object_kind": obj.kind,
        "object_title": obj.title,
        "service": obj.service,
        "pb_project": obj.pb_project_id,
        "plan_item": obj.plan_item_id,
        "group": visit.group.name if visit.group else "",
        "members_present": len(visit.members_present.all()),
        "checklist": visit.template_id,
        "scale_min": visit.template.scale_min if visit.template else None,
        "scale_max": visit.template.scale_max if visit.template else None,
        "score_average": round(sum(scores) / len(scores), 2) if scores else None,
        "findings": len(findings),
        "findings_answered": sum(1 for f in findings if f.answered_at),
        "photos": len(visit.photos.all()),
    }


def visit_json(visit: Visit, municipality: Unit) -> dict[str, Any]:
    row = visit_row(visit)
    row["scores"] = [
        {"question_ky": s.question.text_ky, "question_ru": s.question.text_ru, "score": s.score}
        for s in visit.scores.all()
    ]
    row["findings_list"] = [finding_row(f, visit) for f in visit.findings.all()]
    row["photo_urls"] = [
        reverse("monitoring:photo", kwargs={"coate": municipality.coate, "photo_id": p.pk})
        for p in visit.photos.all()
    ]
    return row


def finding_row(finding: Any, visit: Visit) -> dict[str, Any]:
    return {
        "finding": finding.pk,
        "visit": visit.pk,
        "visited_on": visit.visited_on.isoformat(),
        "object": visit.object_id,
        "text": finding.text,
        "recommendation": finding.recommendation,
        "answer": finding.answer,
        "answered_on": finding.answered_at.date().isoformat() if finding.answered_at else None,
    }


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(fields: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return buffer.getvalue()


def visits_csv(visits: list[Visit]) -> str:
    return _csv(VISIT_FIELDS, [visit_row(v) for v in visits])


def findings_csv(visits: list[Visit]) -> str:
    return _csv(FINDING_FIELDS, [finding_row(f, v) for v in visits for f in v.findings.all()])


def municipality_json(municipality: Unit, visits: list[Visit]) -> dict[str, Any]:
    return {
        "municipality": {
            "coate": municipality.coate,
            "name_ky": municipality.name_ky,
            "name_ru": municipality.name_ru,
        },
        "licence": {"name": "CC-BY-4.0"},
        "visits": [visit_json(v, municipality) for v in visits],
    }
