"""Responsiveness figures: medians and shares per municipality, by category and month; the national view
costs a fixed number of queries however many municipalities and appeals there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kenesh.appeals import selectors, services
from kenesh.appeals.models import Appeal
from kenesh.appeals.selectors import Figures
from kenesh.appeals.testing import appeal_make
from kenesh.territory.testing import municipality_make

pytestmark = pytest.mark.django_db


def test_the_median_of_a_histogram():
    assert Figures(key=1, days={3: 1, 5: 1, 9: 1}).median_days == 5
    assert Figures(key=1, days={2: 2, 4: 2}).median_days == 3
    assert Figures(key=1).median_days is None


def _answered(municipality, staff, days_ago, text, solved=None):
    appeal = appeal_make(
        municipality, text=text, received_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    appeal = services.appeal_answer(actor=staff, appeal=appeal, text="Жооп")
    if solved is not None:
        services.appeal_feedback(appeal=appeal, solved=solved)
    return appeal


def test_municipality_figures(municipality, staff):
    _answered(municipality, staff, 0, "a", solved=True)
    _answered(municipality, staff, 40, "b", solved=False)
    appeal_make(municipality, text="open", slug="roads")
    data = selectors.figures_municipality(municipality=municipality, year=None)
    assert data.total.appeals == 3 and data.total.answered == 2
    assert data.total.on_time_share == 0.5 and data.total.solved_share == 0.5
    assert {row.extra["category"].slug: row.appeals for row in data.by_category} == {
        "drinking-water": 2,
        "roads": 1,
    }
    assert sum(row.appeals for row in data.by_month) == 3


def test_the_figures_page_shows_no_personal_data(client, municipality, staff):
    _answered(municipality, staff, 3, "Жеке маалымат жок")
    response = client.get(reverse("appeals:figures", kwargs={"coate": municipality.coate}))
    assert response.status_code == 200 and "Асан" not in response.content.decode()


def test_the_national_view_costs_a_fixed_number_of_queries(client, municipality, staff):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("appeals:national"), {"year": timezone.localdate().year})
            assert response.status_code == 200
        return len(queries)

    _answered(municipality, staff, 2, "бир")
    few = count_queries()
    for index in range(6):
        other = municipality_make(f"41{index + 10:02d}0220820000", f"Айыл {index}")
        appeal_make(other, text=f"x{index}")
        appeal_make(other, text=f"y{index}", slug="roads")
    many = count_queries()
    assert few == many
    assert many <= 8  # the figures, the municipalities, the oblasts, the rayons (and the session's own)
    body = client.get(reverse("appeals:national")).content.decode()
    assert "Айыл 5" in body


def test_the_national_view_filters_by_rayon(client, municipality, other_municipality):
    appeal_make(municipality, text="a")
    appeal_make(other_municipality, text="b")
    data = selectors.figures_national(rayon=municipality.parent_id)
    assert [row.key for row in data.rows] == [municipality.pk]
    assert Appeal.objects.count() == 2
