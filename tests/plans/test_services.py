"""Writes of the plans app: items linked to priorities, budget lines by key, PB projects; approval; groups."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kenesh.audit.models import AuditEntry
from kenesh.plans import services
from kenesh.plans.models import GroupKind, PlanItem


def _item(priority=None, **overrides):
    fields = {
        "title_ky": "Көчө жарыгын орнотуу",
        "title_ru": "Установить уличное освещение",
        "responsible": "Айыл өкмөтү",
        "deadline": datetime.date(2026, 9, 1),
        "priority": priority,
    }
    fields.update(overrides)
    return services.ItemInput(**fields)


def test_an_item_links_a_priority_a_budget_line_and_a_pb_project(plan, priorities, budget, proposal, staff):
    item = services.item_save(
        actor=staff,
        plan=plan,
        data=_item(
            priorities["street-lighting"],
            budget_line_key="expenditure:7063:2215",
            cost_local=Decimal("300000"),
            cost_community=Decimal("50000"),
            pb_proposal=proposal,
        ),
    )
    assert item.cost_total == Decimal("350000")
    assert AuditEntry.objects.filter(action="plans.item.create").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"budget_line_key": "expenditure:9999:2215"}, "budget_line_key"),
        ({"cost_local": Decimal("10")}, "budget_line_key"),
        ({"cost_donor": Decimal("10")}, "donor_name"),
        ({"progress": 120}, "progress"),
        ({"status": "done", "progress": 50}, "progress"),
        ({"responsible": " "}, "responsible"),
        ({"title_ky": "", "title_ru": ""}, "title_ky"),
    ],
)
def test_bad_items_are_refused(plan, budget, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.item_save(actor=None, plan=plan, data=_item(**overrides))
    assert field in caught.value.message_dict
    assert not PlanItem.objects.exists()


def test_a_priority_or_project_of_another_municipality_is_refused(plan, theirs, their_village):
    from kenesh.needs import services as needs_services
    from kenesh.needs.testing import campaign_make, session_make
    from kenesh.pb.testing import process_make, proposal_make

    other = campaign_make(theirs, 2025)
    session_make(other, their_village, "women", ["roads"])
    foreign = needs_services.campaign_publish(actor=None, campaign=other)[0]
    with pytest.raises(ValidationError) as caught:
        services.item_save(actor=None, plan=plan, data=_item(foreign))
    assert "priority" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.item_save(actor=None, plan=plan, data=_item(pb_proposal=proposal_make(process_make(theirs))))
    assert "pb_proposal" in caught.value.message_dict


def test_approval_needs_items_and_minutes(plan, priorities):
    with pytest.raises(ValidationError) as caught:
        services.plan_approve(actor=None, plan=plan, approved_on=datetime.date(2025, 12, 10))
    assert {"minutes_ky", "__all__"} <= set(caught.value.message_dict)
    services.item_save(actor=None, plan=plan, data=_item(priorities["roads"]))
    services.plan_approve(
        actor=None, plan=plan, approved_on=datetime.date(2025, 12, 10), minutes_ru="Протокол"
    )
    plan.refresh_from_db()
    assert plan.published_at is not None and plan.is_approved


def test_progress(plan, priorities):
    item = services.item_save(actor=None, plan=plan, data=_item(priorities["roads"]))
    services.item_progress(actor=None, item=item, status="in_progress", progress=40)
    item.refresh_from_db()
    assert item.progress == 40
    with pytest.raises(ValidationError):
        services.item_progress(actor=None, item=item, status="done", progress=40)


def test_groups_and_members(plan, villages, ours):
    from kenesh.accounts.testing import person_make

    group = services.group_create(
        actor=None, plan=plan, kind=GroupKind.MONITORING, name_ky="Мониторинг", name_ru=""
    )
    with pytest.raises(ValidationError, match="already"):
        services.group_create(actor=None, plan=plan, kind=GroupKind.MONITORING, name_ky="Экинчи", name_ru="")
    services.member_add(actor=None, group=group, name="Асель Токтогулова")
    resident = person_make(resident_of=ours, full_name="Бакыт Жумабеков")
    member = services.member_add(actor=None, group=group, user=resident)
    assert member.display_name == "Бакыт Жумабеков"
    with pytest.raises(ValidationError):
        services.member_add(actor=None, group=group, name=" ")
    with pytest.raises(ValidationError):
        services.member_add(actor=None, group=group, user=person_make())
    services.member_remove(actor=None, member=member)
    assert group.members.count() == 1
