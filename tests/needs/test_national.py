"""The national view of needs assessments: one row per published assessment, filters, a fixed query count."""

from __future__ import annotations

from django.urls import reverse

from kenesh.needs import services
from kenesh.needs.selectors import national_view
from kenesh.needs.testing import campaign_make, session_make, villages_make
from kenesh.territory.models import Level, Unit
from kenesh.territory.testing import municipality_make


def _published(municipality, year=2025):
    villages = villages_make(municipality, ("А", "Б"))
    campaign = campaign_make(municipality, year)
    session_make(campaign, villages[0], "women", ["drinking-water", "kindergartens"], women=12)
    session_make(campaign, villages[1], "men", ["roads", "irrigation"], women=0, men=20)
    services.campaign_publish(actor=None, campaign=campaign)
    return campaign


def test_the_national_view_lists_published_assessments(client, ours, theirs, django_assert_max_num_queries):
    _published(ours)
    _published(theirs)
    campaign_make(municipality_make("41703220820000", "Кара-Суу"), 2025)  # not published: not listed
    with django_assert_max_num_queries(10):
        response = client.get(reverse("needs:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Кум-Добо" in html and "Ак-Суу" in html and "Кара-Суу" not in html
    view = national_view(year=2025)
    row = next(row for row in view.rows if row.campaign.municipality == ours)
    assert row.top.key == "roads" and row.women_top.key == "drinking-water" and row.men_top.key == "roads"
    assert row.participants == 32


def test_the_national_view_filters_by_rayon_and_oblast(ours, theirs):
    oblast = Unit.objects.create(coate="41704000000000", level=Level.OBLAST, name_ru="Жалал-Абад")
    Unit.objects.filter(pk=ours.parent_id).update(parent=oblast)
    _published(ours)
    _published(theirs)
    assert [row.campaign.municipality for row in national_view(year=2025, oblast=oblast.coate).rows] == [ours]
    assert national_view(year=2025, rayon=theirs.parent.coate).count == 1
    assert national_view(year=1999).year == 2025


def test_more_assessments_cost_no_more_queries(client, ours, django_assert_max_num_queries):
    _published(ours)
    for number in range(5):
        _published(municipality_make(f"4170{number + 1}215810000", f"Айыл-{number}"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("needs:overview") + "?oblast=x&page=abc").status_code == 200
