"""Fixtures of the plans tests: the needs ones, a published assessment, a budget with lines, a PB project."""

# ruff: noqa: F811  (the needs fixtures are imported, then used by the fixtures below)

from __future__ import annotations

import pytest

from kenesh.budgets.testing import budget_make, classification_ensure
from kenesh.needs import services as needs_services
from kenesh.needs.testing import session_make
from kenesh.pb.testing import process_make, proposal_make
from kenesh.plans import services
from tests.needs.conftest import (  # noqa: F401
    _in_english,
    campaign,
    ours,
    staff,
    their_staff,
    their_village,
    theirs,
    villages,
)


@pytest.fixture
def priorities(campaign, villages):
    session_make(campaign, villages[0], "women", ["drinking-water", "kindergartens"], women=12)
    session_make(campaign, villages[1], "men", ["roads", "street-lighting"], women=0, men=15)
    return {p.category.key: p for p in needs_services.campaign_publish(actor=None, campaign=campaign)}


@pytest.fixture
def budget(ours):
    classification_ensure()
    return budget_make(
        ours, 2026, lines=[("1132", 2_000_000), ("7063", "2215", 1_000_000), ("7011", "2111", 5_000_000)]
    )


@pytest.fixture
def proposal(ours):
    return proposal_make(process_make(ours), title_ky="Көчө жарыгы", title_ru="Уличный свет")


@pytest.fixture
def plan(ours, campaign, priorities):
    return services.plan_create(actor=None, municipality=ours, year=2026, campaign=campaign)
