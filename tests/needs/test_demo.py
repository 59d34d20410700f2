"""The demo: Kum-Dobo's needs assessment (every village, every group, women and men apart) and its action
plan, approved, funded by demo budget lines and a demo PB project. Loads once, with the rest."""

import pytest
from django.urls import reverse
from django.utils import translation

from kenesh.needs import demo as needs_demo
from kenesh.needs.models import Campaign, GroupType, Session
from kenesh.needs.selectors import campaign_overview
from kenesh.plans import demo as plans_demo
from kenesh.plans.models import Plan
from kenesh.plans.services import budget_line_exists
from kenesh.territory.models import Settlement
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_the_rest(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loaded = demo_load(("territory", "accounts", "messaging", "budgets", "pb", "needs", "plans"))
    assert {"needs", "plans"} <= set(loaded)
    needs_demo.load_demo()
    plans_demo.load_demo()
    campaign = Campaign.objects.get()
    assert campaign.is_published
    villages = set(Settlement.objects.filter(parent=campaign.municipality).values_list("pk", flat=True))
    pairs = set(Session.objects.filter(campaign=campaign).values_list("village_id", "group_type"))
    assert pairs == {(village, group) for village in villages for group in GroupType.values}
    overview = campaign_overview(campaign)
    assert overview.women_top[0].category != overview.men_top[0].category
    plan = Plan.objects.get()
    assert plan.is_approved and plan.published_at
    items = list(plan.items.all())
    keyed = [item for item in items if item.budget_line_key]
    assert keyed and all(budget_line_exists(plan.municipality_id, item.budget_line_key) for item in keyed)
    assert any(item.pb_proposal_id for item in items)
    assert plan.groups.filter(kind="monitoring").get().members.count() == 3
    for language in ("ky", "ru"):
        with translation.override(language):
            coate = campaign.municipality.coate
            assert (
                client.get(reverse("needs:campaign", kwargs={"coate": coate, "year": 2025})).status_code
                == 200
            )
            assert client.get(reverse("plans:plan", kwargs={"coate": coate, "year": 2026})).status_code == 200
