"""Public pages and open data of a published needs assessment: side by side, groups, villages, fewer than 5,
and the priorities recomputed from the open data."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
from django.urls import reverse

from kenesh.needs import services
from kenesh.needs.aggregation import RankedProblem, SessionRanking, priorities_compute
from kenesh.needs.models import Category
from kenesh.needs.testing import session_make


@pytest.fixture
def published(campaign, villages):
    session_make(
        campaign, villages[0], "women", ["drinking-water", "kindergartens", "health-posts"], women=14
    )
    session_make(campaign, villages[1], "women", ["kindergartens", "drinking-water"], women=9)
    session_make(campaign, villages[0], "men", ["roads", "irrigation", "drinking-water"], women=0, men=17)
    session_make(campaign, villages[1], "men", ["irrigation", "roads"], women=0, men=12)
    session_make(campaign, villages[2], "youth", ["jobs", "culture-sport"], women=4, men=5)
    session_make(campaign, villages[2], "disability", ["social-support"], women=1, men=2)
    session_make(
        campaign, villages[2], "mixed", ["roads", "waste"], women=6, men=5, method="points", points=[20, 13]
    )
    services.campaign_publish(actor=None, campaign=campaign)
    return campaign


def _kwargs(campaign, **extra):
    return {"coate": campaign.municipality.coate, "year": campaign.year, **extra}


def test_the_public_page_shows_women_and_men_side_by_side(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("needs:campaign", kwargs=_kwargs(published)))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="table-sexes"' in html and "<svg" in html
    table = html[html.index('id="table-sexes"') :]
    body = table[table.index("<tbody>") :]
    first_row = body[: body.index("</tr>")]
    assert "Ичүүчү суу" in first_row or "Бала бакчалар" in first_row
    assert "Сугат суу" in first_row or "Жолдор" in first_row
    # The disability group had 3 people: no figures.
    group_row = html[html.index('id="group-disability"') :]
    assert "fewer than 5" in group_row[: group_row.index("</tr>")]


def test_a_village_page(client, published, villages):
    response = client.get(
        reverse("needs:village", kwargs=_kwargs(published, village_coate=villages[0].coate))
    )
    assert response.status_code == 200
    assert "Жолдор" in response.content.decode()
    missing = reverse("needs:village", kwargs=_kwargs(published, village_coate="00000000000000"))
    assert client.get(missing).status_code == 404


def test_unpublished_assessments_are_not_public(client, campaign, villages):
    session_make(campaign, villages[0], "women", ["roads"])
    assert client.get(reverse("needs:campaign", kwargs=_kwargs(campaign))).status_code == 404
    assert client.get(reverse("needs_data:priorities_csv", kwargs=_kwargs(campaign))).status_code == 404


def test_the_municipality_page_leads_to_its_assessment(client, published):
    url = reverse("needs:municipality", kwargs={"coate": published.municipality.coate})
    assert client.get(url).status_code == 302


def test_open_data_masks_small_groups(client, published):
    response = client.get(reverse("needs_data:priorities_json", kwargs=_kwargs(published)))
    assert response.status_code == 200 and response["Last-Modified"]
    body = json.loads(response.content)
    assert body["licence"]["name"] == "CC-BY-4.0"
    assert all(row["group_disability"] == "fewer than 5" for row in body["priorities"])
    problems = client.get(reverse("needs_data:problems_csv", kwargs=_kwargs(published))).content.decode()
    rows = list(csv.DictReader(io.StringIO(problems)))
    assert {row["participants"] for row in rows if row["group_type"] == "disability"} == {"fewer than 5"}
    again = client.get(
        reverse("needs_data:priorities_json", kwargs=_kwargs(published)),
        HTTP_IF_MODIFIED_SINCE=response["Last-Modified"],
    )
    assert again.status_code == 304


def test_the_priorities_recompute_from_the_open_data(client, published):
    """Everyone can check the count: the problems file alone gives the published scores. The one masked
    session (3 people) cannot be weighed from the file, so it is left out on both sides."""
    problems = client.get(reverse("needs_data:problems_csv", kwargs=_kwargs(published))).content.decode()
    sessions: dict[str, dict] = defaultdict(lambda: {"problems": []})
    for row in csv.DictReader(io.StringIO(problems)):
        if row["participants"] == "fewer than 5":
            continue
        session = sessions[row["session"]]
        session.update(
            participants=int(row["participants"]),
            women=int(row["women"]) if row["women"] != "fewer than 5" else 0,
            men=int(row["men"]) if row["men"] != "fewer than 5" else 0,
            group_type=row["group_type"],
            method=row["method"],
        )
        session["problems"].append(
            RankedProblem(
                category=row["category"],
                points=int(row["points"]) if row["points"] else None,
                rank=int(row["rank"]) if row["rank"] else None,
            )
        )
    rankings = [SessionRanking(**values) for values in sessions.values()]
    recomputed = {item.category: item.score for item in priorities_compute(rankings)}
    published_csv = client.get(
        reverse("needs_data:priorities_csv", kwargs=_kwargs(published))
    ).content.decode()
    shown = {row["category"]: row["score"] for row in csv.DictReader(io.StringIO(published_csv))}
    # The social-support category came only from the masked group of 3 people.
    shown.pop(Category.objects.get(key="social-support").key)
    assert {key: str(value) for key, value in recomputed.items()} == shown


def test_the_api_gives_priorities_with_scores_by_sex_and_group(client, published):
    response = client.get(f"/api/needs/{published.municipality.coate}/{published.year}/priorities")
    assert response.status_code == 200 and response["Last-Modified"]
    body = response.json()
    first = body["priorities"][0]
    assert first["rank"] == 1 and first["by_group"]["disability"] == "fewer than 5"
    assert body["participants"]["women"] != "fewer than 5"
    assert client.get(f"/api/needs/{published.municipality.coate}/1999/priorities").status_code in (404, 422)
    schema = client.get("/api/openapi.json").json()
    assert "/api/needs/{coate}/{year}/priorities" in schema["paths"]
