"""The apps above territory add their sections to a municipality's page through the "territory.municipality"
fragment slot (kenesh.ops.fragments); territory names none of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kenesh.territory.demo import KUM_DOBO

pytestmark = pytest.mark.django_db


def test_the_budgets_app_adds_the_way_to_the_budget(demo, client):
    body = client.get(reverse("territory:municipality", kwargs={"coate": KUM_DOBO})).content.decode()

    assert f'href="/ky/budgets/{KUM_DOBO}/"' in body


def test_the_needs_and_plans_apps_add_their_pages(demo, client):
    body = client.get(reverse("territory:municipality", kwargs={"coate": KUM_DOBO})).content.decode()

    assert f'href="/ky/needs/{KUM_DOBO}/"' in body
    assert f'href="/ky/plans/{KUM_DOBO}/"' in body
    # Each section once, in the order of INSTALLED_APPS: budgets, needs, plans.
    assert body.count('id="needs-link-heading"') == 1
    assert (
        body.index("budget-link-heading")
        < body.index("needs-link-heading")
        < body.index("plans-link-heading")
    )


def test_the_hearings_and_notices_apps_add_their_pages(demo, client):
    body = client.get(reverse("territory:municipality", kwargs={"coate": KUM_DOBO})).content.decode()

    assert f'href="/ky/hearings/{KUM_DOBO}/"' in body
    assert f'href="/ky/notices/{KUM_DOBO}/"' in body


def test_the_appeals_and_surveys_apps_add_their_pages(demo, client):
    body = client.get(reverse("territory:municipality", kwargs={"coate": KUM_DOBO})).content.decode()

    assert f'href="/ky/appeals/{KUM_DOBO}/new/"' in body
    assert f'href="/ky/surveys/m/{KUM_DOBO}/"' in body
