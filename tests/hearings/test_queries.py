"""The public hearing pages cost the same number of queries for a small country and one ten times larger."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kenesh.hearings.models import AnswerStatus
from kenesh.hearings.selectors import national_view
from kenesh.hearings.testing import hearing_make
from kenesh.territory.models import Level, Unit
from tests.hearings.conftest import days_ago

pytestmark = pytest.mark.django_db

# Years, oblasts, rayons, then hearing and proposal sums by year and by municipality.
NATIONAL_QUERIES = 7


def grow(rayon, start, count):
    for index in range(start, start + count):
        unit = Unit.objects.create(
            coate=f"417042358{index:02d}000",
            level=Level.MUNICIPALITY,
            name_ru=f"Айыл {index}",
            name_ky=f"Айыл {index}",
            parent=rayon,
        )
        for age in (40, 400):
            hearing = hearing_make(
                unit,
                days_ago(age),
                proposals=["a", "b", "c"],
                attendance_recorded=True,
                participants=9,
                women=5,
                men=4,
            )
            hearing.proposals.filter(number=1).update(
                status=AnswerStatus.ACCEPTED, answered_on=days_ago(age - 3)
            )


def counts(client, coate, hearing_pk):
    with translation.override("ky"):
        pages = [
            reverse("hearings:national"),
            reverse("hearings:national") + f"?rayon={coate[:8]}000000",
            reverse("hearings:archive", kwargs={"coate": coate}),
            reverse("hearings:detail", kwargs={"coate": coate, "pk": hearing_pk}),
            "/hearings/data/hearings.csv",
            "/hearings/data/proposals.json",
            "/api/hearings/",
        ]
    result = {}
    for page in pages:
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200, page
        result[page] = len(queries)
    return result


def test_pages_cost_a_fixed_number_of_queries(client, ours):
    rayon = ours.parent
    grow(rayon, 10, 2)
    first = hearing_make(ours, days_ago(20), proposals=["x"])
    small = counts(client, ours.coate, first.pk)
    grow(rayon, 50, 20)
    assert counts(client, ours.coate, first.pk) == small


def test_the_national_view_takes_seven_queries(ours, django_assert_num_queries):
    grow(ours.parent, 10, 5)
    with django_assert_num_queries(NATIONAL_QUERIES):
        view = national_view()
    assert len(view.rows) == 5
    total = view.total
    assert (total.held, total.participants, total.women, total.proposals, total.accepted) == (
        5,
        45,
        25,
        15,
        5,
    )
    assert total.on_time == 5 and view.year == days_ago(40).year
