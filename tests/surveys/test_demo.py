"""The demo loads once: trust rises significantly for women and not for men; Шамшы is hidden."""

import pytest

from kenesh.surveys import demo
from kenesh.surveys.models import Round
from kenesh.surveys.selectors import round_indicators, rounds_compare
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_tells_its_story(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert "surveys" in demo_load(("territory", "accounts", "messaging", "surveys"))
    demo.load_demo()
    baseline, endline = Round.objects.order_by("starts_on")
    assert baseline.responses.count() == demo.BASELINE_RESPONDENTS >= 300
    assert endline.responses.count() == demo.ENDLINE_RESPONDENTS >= 300
    assert endline.open_on_web
    trust = next(c for c in rounds_compare(baseline, endline) if c.code == "trust_lsg.top2")
    groups = {g.key: g for g in trust.groups}
    assert groups["f"].change.points > 10 and groups["f"].change.p_value < 0.01
    assert groups["m"].change.p_value > 0.05
    for survey_round in (baseline, endline):
        indicator = next(i for i in round_indicators(survey_round).indicators if i.code == "trust_lsg.top2")
        village = next(b for b in indicator.breakdowns if b.dimension == "village")
        hidden = [str(g.label) for g in village.groups if g.hidden and g.n]
        assert hidden == ["Шамшы"]
        sexes = next(b for b in indicator.breakdowns if b.dimension == "sex")
        women = next(g for g in sexes.groups if g.key == "f")
        assert 0.45 < women.n / survey_round.responses.count() < 0.6
