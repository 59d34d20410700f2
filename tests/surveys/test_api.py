"""The surveys API: in the OpenAPI document; each proportion carries its count, n and interval bounds."""

from __future__ import annotations

import pytest

from kenesh.surveys.testing import round_make
from tests.surveys.test_views import filled

pytestmark = pytest.mark.django_db


def test_the_indicators_are_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    assert "/api/surveys/rounds/{round_id}/indicators/" in document["paths"]
    estimate = document["components"]["schemas"]["EstimateOut"]["properties"]
    assert {"count", "n", "ci_low", "ci_high", "n_effective"} <= set(estimate)


def test_each_proportion_carries_count_n_and_bounds_small_groups_no_figure(client, survey_round, villages):
    filled(survey_round, villages)
    data = client.get(f"/api/surveys/rounds/{survey_round.pk}/indicators/").json()
    assert data["round"]["respondents"] == 60 and data["round"]["sampling_ru"]
    share = next(i for i in data["indicators"] if i["code"] == "aware_budget.share")
    overall = share["overall"]
    assert overall["n"] == 60 and overall["count"] is not None
    assert overall["ci_low"] < overall["estimate"] < overall["ci_high"]
    assert "Wilson" in overall["method"]
    small = next(g for g in share["groups"] if g["group"] == str(villages[2].pk))
    assert small["hidden"] and small["value"] is None


def test_the_comparison_gives_points_and_p_values(client, survey_round, instrument, villages):
    filled(survey_round, villages)
    later = round_make(instrument, kind="endline", year=2027)
    filled(later, villages, seed=9)
    data = client.get(f"/api/surveys/compare/{survey_round.pk}/{later.pk}/").json()
    trust = next(c for c in data if c["code"] == "trust_lsg.top2")
    assert [c["group"] for c in trust["changes"]] == ["", "f", "m"]
    assert all(0 <= c["p_value"] <= 1 for c in trust["changes"])


def test_unknown_rounds_are_404(client):
    assert client.get("/api/surveys/rounds/999/indicators/").status_code == 404
