"""Reads of public monitoring: a municipality's timeline (project progress and visits together), what a
monitor may choose to visit, and "you said, we did" (what citizens asked, what was decided, what is done)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from kenesh.monitoring.models import ChecklistTemplate, Finding, MonitoredObject, ObjectKind, Service, Visit
from kenesh.needs.models import Campaign, Priority
from kenesh.pb.models import (
    ImplementationProject,
    ImplementationUpdate,
    Proposal,
    ProposalStatus,
    ResultProject,
)
from kenesh.plans.models import GroupKind, GroupMember, PlanGroup, PlanItem
from kenesh.territory.models import Municipality, Unit


def municipality_get(coate: str) -> Unit:
    found = Municipality.objects.current().filter(coate=coate).select_related("parent").first()
    if found is None:
        raise Http404(coate)
    return found


def _visits(municipality: Unit) -> Any:
    return (
        Visit.objects.filter(object__municipality=municipality)
        .exclude(object__pb_project__proposal__hidden=True)
        .select_related("object__pb_project__proposal", "object__plan_item__plan", "template", "group")
        .prefetch_related(
            "scores__question",
            Prefetch("findings", queryset=Finding.objects.order_by("sort_order", "id")),
            "photos",
            "members_present__user",
        )
    )


def visits_of(municipality: Unit, obj: MonitoredObject | None = None) -> list[Visit]:
    visits = _visits(municipality)
    if obj is not None:
        visits = visits.filter(object=obj)
    return list(visits.order_by("-visited_on", "-id")[:500])


def object_get(municipality: Unit, object_id: int) -> MonitoredObject:
    found = (
        MonitoredObject.objects.filter(municipality=municipality, pk=object_id)
        .select_related("pb_project__proposal__process", "plan_item__plan")
        .first()
    )
    if found is None or (found.pb_project is not None and found.pb_project.proposal.hidden):
        raise Http404(object_id)
    return found


def objects_of(municipality: Unit) -> list[MonitoredObject]:
    return list(
        MonitoredObject.objects.filter(municipality=municipality)
        .exclude(pb_project__proposal__hidden=True)
        .select_related("pb_project__proposal", "plan_item__plan")
        .order_by("kind", "id")
    )


@dataclass
class Entry:
    """One line of the timeline: a visit, or a progress report (a milestone) of a project."""

    day: datetime.date
    kind: str  # "visit" or "progress"
    obj: MonitoredObject | None = None
    visit: Visit | None = None
    update: ImplementationUpdate | None = None
    project: ImplementationProject | None = None


def timeline(municipality: Unit, obj: MonitoredObject | None = None) -> list[Entry]:
    """Visits and the progress reports of the PB projects, newest first (a fixed number of queries)."""
    entries = [Entry(v.visited_on, "visit", obj=v.object, visit=v) for v in visits_of(municipality, obj)]
    if obj is None or obj.pb_project_id is not None:
        updates = ImplementationUpdate.objects.filter(
            project__proposal__process__municipality_id=municipality.pk, project__proposal__hidden=False
        ).select_related("project__proposal")
        if obj is not None:
            updates = updates.filter(project_id=obj.pb_project_id)
        for update in updates.order_by("-created_at")[:500]:
            entries.append(
                Entry(update.created_at.date(), "progress", obj=obj, update=update, project=update.project)
            )
    entries.sort(key=lambda e: (e.day, e.kind == "visit"), reverse=True)
    return entries


def choices_of(municipality: Unit) -> list[tuple[str, list[tuple[str, str]]]]:
    """What a monitor may visit, grouped for a <select>: PB projects, plan items, services."""
    projects = (
        ImplementationProject.objects.filter(
            proposal__process__municipality_id=municipality.pk, proposal__hidden=False
        )
        .select_related("proposal")
        .order_by("proposal__process_id", "proposal__number")
    )
    items = (
        PlanItem.objects.filter(plan__municipality=municipality)
        .select_related("plan")
        .order_by("-plan__year", "sort_order", "id")
    )
    return [
        (str(_("Participatory budgeting projects")), [(f"pb:{p.pk}", str(p.proposal)) for p in projects]),
        (str(_("Action plan items")), [(f"plan:{i.pk}", f"{i.plan.year}: {i.title}") for i in items]),
        (
            str(_("Municipal services")),
            [(f"service:{value}", str(label).capitalize()) for value, label in Service.choices],
        ),
    ]


def groups_of(municipality: Unit) -> list[PlanGroup]:
    return list(
        PlanGroup.objects.filter(plan__municipality=municipality, kind=GroupKind.MONITORING)
        .select_related("plan")
        .order_by("-plan__year", "id")
    )


def members_of(municipality: Unit) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(group__plan__municipality=municipality, group__kind=GroupKind.MONITORING)
        .select_related("user", "group__plan")
        .order_by("-group__plan__year", "id")
    )


def findings_open(municipality: Unit) -> list[Finding]:
    """Findings of the municipality, unanswered first (the office's list)."""
    return list(
        Finding.objects.filter(visit__object__municipality=municipality)
        .select_related("visit__object__pb_project__proposal", "visit__object__plan_item")
        .order_by(F("answered_at").asc(nulls_first=True), "-visit__visited_on", "id")[:500]
    )


def checklists() -> list[ChecklistTemplate]:
    """The checklist templates with their counts of asked and retired questions and of visits (one query)."""
    return list(
        ChecklistTemplate.objects.annotate(
            asked=Count("questions", filter=Q(questions__retired_at__isnull=True), distinct=True),
            retired=Count("questions", filter=Q(questions__retired_at__isnull=False), distinct=True),
            visits=Coalesce(
                Subquery(
                    Visit.objects.filter(template=OuterRef("pk"))
                    .order_by()
                    .values("template")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            ),
        ).order_by("kind", "service")
    )


def object_for_pb(project: ImplementationProject) -> MonitoredObject | None:
    return MonitoredObject.objects.filter(pb_project=project).first()


# --- You said, we did ---------------------------------------------------------------------------------------


@dataclass
class Link:
    text: str
    url: str = ""


@dataclass
class Row:
    """What citizens asked, what was decided about it, and what is done; each with a link to its source."""

    source: str  # "needs", "pb", "appeals", "hearings"
    asked: Link
    decided: list[Link] = field(default_factory=list)
    done: list[Link] = field(default_factory=list)
    progress: int | None = None


def _object_url(municipality: Unit, obj_id: int | None) -> str:
    if obj_id is None:
        return ""
    return reverse("monitoring:object", kwargs={"coate": municipality.coate, "object_id": obj_id})


def you_said_we_did(municipality: Unit) -> dict[str, list[Row]]:
    """Rows by source: the published needs assessments' priorities and the PB proposals (fixed queries)."""
    monitored = dict(
        MonitoredObject.objects.filter(municipality=municipality, kind=ObjectKind.PB_PROJECT).values_list(
            "pb_project_id", "pk"
        )
    )
    monitored_items = dict(
        MonitoredObject.objects.filter(municipality=municipality, kind=ObjectKind.PLAN_ITEM).values_list(
            "plan_item_id", "pk"
        )
    )
    visit_counts: dict[int, int] = {}
    for object_id in Visit.objects.filter(object__municipality=municipality).values_list(
        "object_id", flat=True
    ):
        visit_counts[object_id] = visit_counts.get(object_id, 0) + 1

    needs_rows: list[Row] = []
    campaigns = Campaign.objects.filter(municipality=municipality).exclude(published_at=None)
    priorities = (
        Priority.objects.filter(campaign__in=campaigns, rank__isnull=False)
        .select_related("campaign", "category")
        .order_by("-campaign__year", "rank")
    )
    items_by_priority: dict[int, list[PlanItem]] = {}
    for item in PlanItem.objects.filter(
        priority__in=priorities, plan__published_at__isnull=False
    ).select_related("plan"):
        items_by_priority.setdefault(item.priority_id, []).append(item)  # type: ignore[arg-type]
    for priority in priorities:
        campaign = priority.campaign
        row = Row(
            "needs",
            Link(
                _("Needs assessment %(year)s, priority %(rank)s: %(category)s")
                % {"year": campaign.year, "rank": priority.rank, "category": priority.category.name},
                reverse("needs:campaign", kwargs={"coate": municipality.coate, "year": campaign.year}),
            ),
        )
        items = items_by_priority.get(priority.pk, [])
        for item in items:
            plan_url = reverse("plans:plan", kwargs={"coate": municipality.coate, "year": item.plan.year})
            row.decided.append(
                Link(
                    _("Action plan %(year)s: %(item)s") % {"year": item.plan.year, "item": item.title},
                    f"{plan_url}#item-{item.pk}",
                )
            )
            row.done.append(
                Link(
                    _("%(status)s, %(progress)s%%")
                    % {"status": item.get_status_display(), "progress": item.progress},
                    _object_url(municipality, monitored_items.get(item.pk)),
                )
            )
        if items:
            row.progress = round(sum(i.progress for i in items) / len(items))
        needs_rows.append(row)

    pb_rows: list[Row] = []
    proposals = (
        Proposal.objects.filter(process__municipality_id=municipality.pk, hidden=False)
        .exclude(status__in=[ProposalStatus.MERGED])
        .select_related("process")
        .order_by("-process_id", "number")
    )[:300]
    winners = set(
        ResultProject.objects.filter(
            result__process__municipality_id=municipality.pk,
            result__published_at__isnull=False,
            selected=True,
        ).values_list("proposal_id", flat=True)
    )
    projects = {
        p.proposal_id: p
        for p in ImplementationProject.objects.filter(proposal__process__municipality_id=municipality.pk)
    }
    for proposal in proposals:
        proposal_url = reverse(
            "pb:proposal", kwargs={"process_id": proposal.process_id, "number": proposal.number}
        )
        row = Row(
            "pb",
            Link(
                _("Proposal %(number)s: %(title)s") % {"number": proposal.number, "title": proposal.title},
                proposal_url,
            ),
        )
        if proposal.status == ProposalStatus.REJECTED:
            row.decided.append(Link(_("Not admitted to the ballot"), proposal_url))
        elif proposal.pk in winners:
            row.decided.append(
                Link(_("Won the vote"), reverse("pb:results", kwargs={"process_id": proposal.process_id}))
            )
        elif proposal.status == ProposalStatus.ON_BALLOT:
            row.decided.append(Link(_("On the ballot"), proposal_url))
        project = projects.get(proposal.pk)
        if project is not None:
            row.progress = project.progress
            row.done.append(
                Link(
                    _("%(status)s, %(progress)s%%")
                    % {"status": project.get_status_display(), "progress": project.progress},
                    reverse("pb:implementation_project", kwargs={"project_id": project.pk}),
                )
            )
            monitored_id = monitored.get(project.pk)
            if monitored_id is not None and visit_counts.get(monitored_id):
                row.done.append(
                    Link(
                        _("Monitoring visits: %(count)s") % {"count": visit_counts[monitored_id]},
                        _object_url(municipality, monitored_id),
                    )
                )
        pb_rows.append(row)
    return {"needs": needs_rows, "pb": pb_rows}
