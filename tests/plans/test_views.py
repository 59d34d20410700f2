"""The plan's public page and open data, the chain both ways (priority -> items -> budget line -> PB project;
the budget line page -> its priority), and the office pages with their permissions."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from kenesh.accounts.testing import office_login
from kenesh.budgets.models import BudgetLine
from kenesh.plans import services
from kenesh.plans.models import PlanGroup, PlanItem


@pytest.fixture
def approved(plan, priorities, budget, proposal):
    services.item_save(
        actor=None,
        plan=plan,
        data=services.ItemInput(
            title_ky="Көчө жарыгы",
            title_ru="Уличное освещение",
            responsible="Айыл өкмөтү",
            deadline=datetime.date(2026, 10, 1),
            priority=priorities["street-lighting"],
            budget_line_key="expenditure:7063:2215",
            cost_local=Decimal("300000"),
            cost_donor=Decimal("100000"),
            donor_name="ARIS",
            status="in_progress",
            progress=30,
            pb_proposal=proposal,
        ),
    )
    group = services.group_create(
        actor=None, plan=plan, kind="monitoring", name_ky="Мониторинг тобу", name_ru=""
    )
    services.member_add(actor=None, group=group, name="Асель Токтогулова")
    services.plan_approve(
        actor=None, plan=plan, approved_on=datetime.date(2025, 12, 10), minutes_ky="Жыйын планды бекитти."
    )
    return plan


def _kwargs(plan):
    return {"coate": plan.municipality.coate, "year": plan.year}


def test_the_public_plan_page_shows_the_chain(client, approved, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("plans:plan", kwargs=_kwargs(approved)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Көчө жарыгы" in html and "30%" in html
    assert "7063" in html and reverse("budgets:citizen", kwargs=_kwargs(approved)) in html
    assert "/pb/" in html and "Асель Токтогулова" in html and "Жыйын планды бекитти." in html


def test_an_unapproved_plan_is_not_public(client, plan):
    assert client.get(reverse("plans:plan", kwargs=_kwargs(plan))).status_code == 404


def test_the_budget_line_page_says_which_priority_it_serves(client, approved, staff):
    line = BudgetLine.objects.get(code__code="7063")
    office_login(client, staff)
    response = client.get(reverse("budgets:office_line", kwargs={"pk": line.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Priority 2" in html or "Priority 1" in html or "Priority 3" in html or "Priority 4" in html
    assert "Көчө жарыгы" in html


def test_the_needs_page_shows_what_the_plan_does(client, approved):
    campaign = approved.campaign
    response = client.get(
        reverse("needs:campaign", kwargs={"coate": campaign.municipality.coate, "year": campaign.year})
    )
    assert reverse("plans:plan", kwargs=_kwargs(approved)) in response.content.decode()


def test_open_data(client, approved):
    response = client.get(reverse("plans_data:items_json", kwargs=_kwargs(approved)))
    assert response.status_code == 200 and response["Last-Modified"]
    item = json.loads(response.content)["items"][0]
    assert (
        item["budget_line_key"] == "expenditure:7063:2215" and item["priority_category"] == "street-lighting"
    )
    assert item["cost_total"] == "400000.00"
    csv_text = client.get(reverse("plans_data:items_csv", kwargs=_kwargs(approved))).content.decode()
    assert "expenditure:7063:2215" in csv_text


def test_the_office_writes_a_plan(client, ours, campaign, priorities, budget, staff):
    office_login(client, staff)
    url = reverse("plans:office_municipality", kwargs={"coate": ours.coate})
    assert client.post(url, {"year": "2026", "campaign": campaign.pk}).status_code == 302
    plan_url = reverse("plans:office_plan", kwargs={"coate": ours.coate, "year": 2026})
    assert client.get(plan_url).status_code == 200
    new = reverse("plans:office_item_new", kwargs={"coate": ours.coate, "year": 2026})
    data = {
        "priority": priorities["roads"].pk,
        "title_ru": "Ремонт дороги",
        "responsible": "Айыл өкмөтү",
        "deadline": "2026-08-01",
        "budget_line_key": "expenditure:9999:1111",
        "cost_local": "1000",
        "status": "planned",
        "progress": "0",
    }
    refused = client.post(new, data)
    assert refused.status_code == 400 and "9999" in refused.content.decode()
    data["budget_line_key"] = "expenditure:7011:2111"
    assert client.post(new, data).status_code == 302
    item = PlanItem.objects.get()
    assert client.get(reverse("plans:office_item", kwargs={"pk": item.pk})).status_code == 200
    groups = reverse("plans:office_group_new", kwargs={"coate": ours.coate, "year": 2026})
    assert client.post(groups, {"kind": "initiative", "name_ky": "Демилгечи топ"}).status_code == 302
    group = PlanGroup.objects.get()
    member_url = reverse("plans:office_member_new", kwargs={"pk": group.pk})
    assert client.post(member_url, {"name": "Нурлан"}).status_code == 302
    assert client.post(member_url, {"account": "nobody@nowhere.kg"}).status_code == 400
    approve = reverse("plans:office_approve", kwargs={"coate": ours.coate, "year": 2026})
    assert client.post(approve, {"approved_on": "2025-12-01"}).status_code == 400
    assert client.post(approve, {"approved_on": "2025-12-01", "minutes_ru": "Утвердили"}).status_code == 302


def test_staff_of_another_municipality_get_403(client, approved, their_staff):
    office_login(client, their_staff)
    item = PlanItem.objects.get()
    group = PlanGroup.objects.get()
    member = group.members.get()
    kwargs = _kwargs(approved)
    for url in (
        reverse("plans:office_plan", kwargs=kwargs),
        reverse("plans:office_item_new", kwargs=kwargs),
        reverse("plans:office_approve", kwargs=kwargs),
        reverse("plans:office_group_new", kwargs=kwargs),
        reverse("plans:office_item", kwargs={"pk": item.pk}),
        reverse("plans:office_member_new", kwargs={"pk": group.pk}),
        reverse("plans:office_member_remove", kwargs={"pk": member.pk}),
    ):
        assert client.post(url, {"name": "x", "progress": "100"}).status_code == 403, url
    item.refresh_from_db()
    assert item.progress == 30 and group.members.count() == 1


def test_the_api_gives_plan_items(client, approved):
    response = client.get(f"/api/plans/{approved.municipality.coate}/{approved.year}/items")
    assert response.status_code == 200 and response["Last-Modified"]
    assert response.json()["items"][0]["budget_line_key"] == "expenditure:7063:2215"
    assert client.get(f"/api/plans/{approved.municipality.coate}/2030/items").status_code == 404
    assert "/api/plans/{coate}/{year}/items" in client.get("/api/openapi.json").json()["paths"]


def test_the_citizens_budget_line_names_its_priority(client, approved):
    from kenesh.budgets.models import Budget

    budget = Budget.objects.get(year=2026)
    response = client.get(
        reverse("budgets:citizen", kwargs={"coate": budget.municipality.coate, "year": 2026})
    )
    html = response.content.decode()
    row = html[html.index('id="line-expenditure-7063-2215"') :]
    row = row[: row.index("</tr>")]
    assert "Action plan, priority" in row and reverse("plans:plan", kwargs=_kwargs(approved)) in row
