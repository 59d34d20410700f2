"""Writes of the plans app: plans, their approval, items and progress, groups and members; atomic, audited."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_changes, audit_record
from kenesh.budgets.models import BudgetLine
from kenesh.needs.models import Campaign, Priority
from kenesh.notices.services import notice_send
from kenesh.pb.models import Proposal
from kenesh.plans.models import GroupKind, GroupMember, ItemStatus, Plan, PlanGroup, PlanItem
from kenesh.territory.models import Level, Unit

MONEY_LIMIT = Decimal("999999999999.99")


@transaction.atomic
def plan_create(*, actor: Any, municipality: Unit, year: int, campaign: Campaign | None = None) -> Plan:
    """Open the joint action plan of `municipality` for `year`, built on `campaign`'s priorities."""
    if municipality.level != Level.MUNICIPALITY:
        raise ValidationError(_("An action plan belongs to a municipality."))
    if not 2000 <= year <= 2100:
        raise ValidationError(
            {"year": _("Enter a year between %(first)s and %(last)s.") % {"first": 2000, "last": 2100}}
        )
    if Plan.objects.filter(municipality=municipality, year=year).exists():
        raise ValidationError({"year": _("The action plan of %(year)s already exists.") % {"year": year}})
    if campaign is not None and campaign.municipality_id != municipality.pk:
        raise ValidationError({"campaign": _("Choose a needs assessment of this municipality.")})
    plan = Plan.objects.create(municipality=municipality, year=year, campaign=campaign)
    audit_record(
        actor=actor,
        action="plans.plan.create",
        target=plan,
        municipality=municipality,
        changes={
            "year": {"before": None, "after": year},
            "campaign": {"before": None, "after": plan.campaign_id},
        },
    )
    return plan


@transaction.atomic
def plan_approve(
    *,
    actor: Any,
    plan: Plan,
    approved_on: datetime.date,
    gathering_place: str = "",
    gathering_participants: int | None = None,
    minutes_ky: str = "",
    minutes_ru: str = "",
    base_url: str = "",
) -> Plan:
    """Record the village gathering that approved the plan (date and minutes); the plan becomes public.

    The residents who opted in to the municipality's notices hear of it once (a correction sends nothing).
    """
    errors: dict[str, str] = {}
    if approved_on > timezone.localdate():
        errors["approved_on"] = _("The gathering cannot be in the future.")
    if not minutes_ky.strip() and not minutes_ru.strip():
        errors["minutes_ky"] = _("Enter the minutes of the gathering in Kyrgyz or in Russian.")
    if not plan.items.exists():
        errors["__all__"] = _("Add the plan's items before its approval.")
    if errors:
        raise ValidationError(errors)
    fields = ("approved_on", "gathering_place", "gathering_participants", "minutes_ky", "minutes_ru")
    before = {name: _plain(getattr(plan, name)) for name in fields}
    plan.approved_on, plan.gathering_place = approved_on, gathering_place.strip()
    plan.gathering_participants = gathering_participants
    plan.minutes_ky, plan.minutes_ru = minutes_ky.strip(), minutes_ru.strip()
    plan.published_at = plan.published_at or timezone.now()
    plan.save()
    audit_record(
        actor=actor,
        action="plans.plan.approve",
        target=plan,
        municipality=plan.municipality,
        changes=audit_changes(before, {name: _plain(getattr(plan, name)) for name in fields}),
    )
    plan_notify(plan, base_url=base_url)
    return plan


def plan_notify(plan: Plan, *, base_url: str = "") -> int:
    """Tell the residents who opted in that the plan is published (once per plan); how many were queued."""
    municipality = plan.municipality

    def sms_text(language: str) -> str:
        return _("Kenesh: %(municipality)s published its joint action plan for %(year)s.") % {
            "municipality": municipality.name,
            "year": plan.year,
        }

    def context(language: str) -> dict[str, Any]:
        path = reverse("plans:plan", kwargs={"coate": municipality.coate, "year": plan.year})
        return {"plan": plan, "municipality": municipality, "plan_url": f"{base_url}{path}"}

    return notice_send(
        municipality=municipality,
        topic=f"plan:{plan.pk}",
        sms_text=sms_text,
        email_subject=lambda language: (
            _("Joint action plan %(year)s: %(municipality)s")
            % {"year": plan.year, "municipality": municipality.name}
        ),
        email_template="plans/email/notice",
        email_context=context,
        base_url=base_url,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass
class ItemInput:
    title_ky: str
    title_ru: str
    responsible: str
    deadline: datetime.date
    priority: Priority | None = None
    steps_ky: str = ""
    steps_ru: str = ""
    budget_line_key: str = ""
    cost_local: Decimal = Decimal(0)
    cost_community: Decimal = Decimal(0)
    cost_donor: Decimal = Decimal(0)
    donor_name: str = ""
    cost_republican: Decimal = Decimal(0)
    status: str = ItemStatus.PLANNED
    progress: int = 0
    pb_proposal: Proposal | None = None


def budget_line_exists(municipality_id: int, key: str) -> bool:
    """Whether any budget of the municipality has a line with this key ("direction:code:economic")."""
    parts = key.split(":")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        return False
    direction, code, economic = parts
    lines = BudgetLine.objects.filter(
        version__budget__municipality_id=municipality_id, direction=direction, code__code=code
    )
    lines = lines.filter(economic__code=economic) if economic else lines.filter(economic__isnull=True)
    return lines.exists()


def item_check(plan: Plan, data: ItemInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title_ky.strip() and not data.title_ru.strip():
        add("title_ky", _("Give the item a title in Kyrgyz or in Russian."))
    if not data.responsible.strip():
        add("responsible", _("Name who is responsible."))
    if data.priority is not None and (
        plan.campaign_id is None or data.priority.campaign_id != plan.campaign_id
    ):
        add("priority", _("Choose a priority of this plan's needs assessment."))
    if data.budget_line_key and not budget_line_exists(plan.municipality_id, data.budget_line_key):
        add(
            "budget_line_key",
            _("No budget of this municipality has the line %(key)s.") % {"key": data.budget_line_key},
        )
    if data.cost_local and not data.budget_line_key:
        add("budget_line_key", _("Name the local budget line that pays the local share."))
    for name in ("cost_local", "cost_community", "cost_donor", "cost_republican"):
        value = getattr(data, name)
        if value < 0 or value > MONEY_LIMIT:
            add(name, _("Enter an amount from 0 to %(limit)s som.") % {"limit": MONEY_LIMIT})
    if data.cost_donor and not data.donor_name.strip():
        add("donor_name", _("Name the donor."))
    if data.status not in ItemStatus.values:
        add("status", _("Choose the status."))
    if not 0 <= data.progress <= 100:
        add("progress", _("Enter a percentage from 0 to 100."))
    if data.status == ItemStatus.DONE and data.progress != 100:
        add("progress", _("A done item has progress 100."))
    if data.pb_proposal is not None and data.pb_proposal.process.municipality_id != plan.municipality_id:
        add("pb_proposal", _("Choose a project of this municipality."))
    return errors


def _item_snapshot(item: PlanItem) -> dict[str, Any]:
    names = [
        name
        for name in asdict(ItemInput("", "", "", datetime.date.min))
        if name not in ("priority", "pb_proposal")
    ]
    snapshot = {name: _plain(getattr(item, name)) for name in names}
    snapshot["priority"] = item.priority_id
    snapshot["pb_proposal"] = item.pb_proposal_id
    return snapshot


@transaction.atomic
def item_save(*, actor: Any, plan: Plan, data: ItemInput, item: PlanItem | None = None) -> PlanItem:
    """Add an item to the plan, or change one (its fields replaced by `data`)."""
    errors = item_check(plan, data)
    if errors:
        raise ValidationError(errors)
    creating = item is None
    if item is None:
        item = PlanItem(plan=plan, sort_order=plan.items.count() + 1)
        before: dict[str, Any] = {}
    else:
        before = _item_snapshot(item)
    for name, value in asdict(data).items():
        if name in ("priority", "pb_proposal"):
            continue
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.priority = data.priority
    item.pb_proposal = data.pb_proposal
    item.save()
    Plan.objects.filter(pk=plan.pk).update(modified_at=timezone.now())
    after = _item_snapshot(item)
    changes = (
        {k: {"before": None, "after": v} for k, v in after.items()}
        if creating
        else audit_changes(before, after)
    )
    if changes:
        audit_record(
            actor=actor,
            action="plans.item.create" if creating else "plans.item.update",
            target=item,
            municipality=plan.municipality,
            changes=changes,
        )
    return item


@transaction.atomic
def item_progress(*, actor: Any, item: PlanItem, status: str, progress: int) -> PlanItem:
    """Report an item's progress."""
    data = ItemInput(
        **{name: getattr(item, name) for name in asdict(ItemInput("", "", "", datetime.date.min))},
    )
    data.status, data.progress = status, progress
    return item_save(actor=actor, plan=item.plan, data=data, item=item)


@transaction.atomic
def group_create(
    *, actor: Any, plan: Plan, kind: str, name_ky: str, name_ru: str, village: Unit | None = None
) -> PlanGroup:
    if kind not in GroupKind.values:
        raise ValidationError({"kind": _("Choose the kind of group.")})
    if not name_ky.strip() and not name_ru.strip():
        raise ValidationError({"name_ky": _("Give the group a name in Kyrgyz or in Russian.")})
    if village is not None and village.parent_id != plan.municipality_id:
        raise ValidationError({"village": _("This village is not in the municipality.")})
    if kind == GroupKind.MONITORING and plan.groups.filter(kind=GroupKind.MONITORING).exists():
        raise ValidationError({"kind": _("The plan already has its monitoring group.")})
    group = PlanGroup.objects.create(
        plan=plan, kind=kind, name_ky=name_ky.strip(), name_ru=name_ru.strip(), village=village
    )
    audit_record(
        actor=actor,
        action="plans.group.create",
        target=group,
        municipality=plan.municipality,
        changes={"kind": {"before": None, "after": kind}, "name": {"before": None, "after": group.name}},
    )
    return group


@transaction.atomic
def member_add(
    *, actor: Any, group: PlanGroup, name: str = "", user: Any = None, role: str = ""
) -> GroupMember:
    """Add a member: a linked account (a resident of the municipality) or a name only."""
    name = name.strip()
    if user is None and not name:
        raise ValidationError({"name": _("Enter the member's name, or choose an account.")})
    if user is not None and user.municipality_id != group.plan.municipality_id:
        raise ValidationError({"user": _("The account is not of a resident of this municipality.")})
    member = GroupMember.objects.create(
        group=group, user=user, name=name or str(getattr(user, "full_name", "")), role=role.strip()
    )
    audit_record(
        actor=actor,
        action="plans.member.add",
        target=member,
        municipality=group.plan.municipality,
        changes={
            "name": {"before": None, "after": member.name},
            "user": {"before": None, "after": member.user_id},
        },
    )
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: GroupMember) -> None:
    audit_record(
        actor=actor,
        action="plans.member.remove",
        target=member,
        municipality=member.group.plan.municipality,
        changes={"name": {"before": member.name, "after": None}},
    )
    member.delete()
