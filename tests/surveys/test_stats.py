"""The indicators equal an independent computation: hand-checked small cases, and SciPy/statsmodels on
generated data, unweighted and weighted; small groups are never shown."""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.db import transaction
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from kenesh.surveys import stats
from kenesh.surveys.models import Round
from kenesh.surveys.selectors import round_indicators, rounds_compare
from kenesh.surveys.services import questions_of, response_prepare, responses_write
from kenesh.surveys.stats import Cell
from kenesh.surveys.synthetic import Profile, answers_generate
from kenesh.surveys.testing import round_make

Z = 1.959963984540054


def hand_wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def dist(**counts: int) -> dict[float, Cell]:
    """{value: Cell} from keyword counts like v4=3 (unweighted)."""
    return {float(key[1:]): Cell(n, float(n), float(n)) for key, n in counts.items()}


def test_12_of_40_has_the_wilson_interval_computed_by_hand():
    estimate = stats.proportion(dist(v1=12, v0=28), lambda v: v == 1)
    # By hand: p = 0.3, z^2/n = 0.09604; centre = 0.34802/1.09604 = 0.31753; half = 0.14991/1.09604 = 0.13678.
    assert (estimate.count, estimate.n) == (12, 40)
    assert estimate.value == pytest.approx(0.3)
    assert estimate.low == pytest.approx(0.18075, abs=5e-5)
    assert estimate.high == pytest.approx(0.45430, abs=5e-5)
    assert (estimate.low, estimate.high) == pytest.approx(hand_wilson(12, 40))


def test_0_and_100_percent_have_one_sided_wilson_intervals():
    none = stats.proportion(dist(v0=10), lambda v: v == 1)
    assert (none.value, none.low) == (0.0, pytest.approx(0.0))
    assert none.high == pytest.approx(Z * Z / (10 + Z * Z))  # 0.2775
    every = stats.proportion(dist(v1=10), lambda v: v == 1)
    assert every.value == 1.0 and every.high == pytest.approx(1.0)
    assert every.low == pytest.approx(10 / (10 + Z * Z))  # 0.7225


def test_an_empty_group_has_no_figure():
    assert stats.proportion({}, lambda v: True).value is None
    assert stats.mean({}).value is None
    assert stats.trust_index({}).value is None


def test_likert_mean_and_trust_index_by_hand():
    answers = [5, 4, 4, 3, 2, 1, 5, 3]
    d = dist(v5=2, v4=2, v3=2, v2=1, v1=1)
    mean = stats.mean(d)
    sd = np.std(answers, ddof=1)
    half = scipy_stats.t.ppf(0.975, len(answers) - 1) * sd / math.sqrt(len(answers))
    assert mean.value == pytest.approx(27 / 8)
    assert (mean.low, mean.high) == pytest.approx((27 / 8 - half, 27 / 8 + half))
    index = stats.trust_index(d)
    assert index.value == pytest.approx(100 * (4 / 8 - 2 / 8))  # 25: half trust, a quarter distrust
    scores = [1, 1, 1, 0, -1, -1, 1, 0]
    low, high = scipy_stats.t.interval(0.95, 7, loc=np.mean(scores), scale=scipy_stats.sem(scores))
    assert (index.low, index.high) == pytest.approx((100 * low, 100 * high))


def test_the_change_uses_the_pooled_two_proportion_z_test():
    a = stats.proportion(dist(v1=30, v0=70), lambda v: v == 1)
    b = stats.proportion(dist(v1=45, v0=55), lambda v: v == 1)
    result = stats.change(a, b)
    pooled = 75 / 200
    z = (0.45 - 0.30) / math.sqrt(pooled * (1 - pooled) * (2 / 100))
    assert result.points == pytest.approx(15)
    assert result.z == pytest.approx(z)
    assert result.p_value == pytest.approx(2 * scipy_stats.norm.sf(z))
    assert result.p_value == pytest.approx(proportions_ztest([45, 30], [100, 100])[1])
    assert (
        result.verdict == "The share rose by 15 percentage points; this is unlikely to be chance (p = 0.028)."
    )
    same = stats.change(a, a)
    assert "could well be chance" in same.verdict or same.verdict == "No change."


def test_no_change_between_two_rounds_at_zero():
    a = stats.proportion(dist(v0=20), lambda v: v == 1)
    assert stats.change(a, a).verdict == "No change."


@pytest.fixture
def generated(survey_round, villages):
    profile = Profile(
        village_codes=[f"v{v.coate}" for v in villages],
        village_shares=[0.6, 0.385, 0.015],
        trust={"female": (0.35, 0.35), "male": (0.5, 0.2)},
    )
    rows = answers_generate(profile, 400, seed=7)
    questions = questions_of(survey_round.instrument)
    rng = np.random.default_rng(3)
    prepared = []
    for row in rows:
        item, errors = response_prepare(questions, row, weight=float(rng.choice([0.5, 1.0, 2.0])))
        assert not errors
        prepared.append(item)
    with transaction.atomic():
        responses_write(survey_round, prepared, source="kobo", day=survey_round.starts_on)
    return rows, [p.weight for p in prepared]


@pytest.mark.django_db
@pytest.mark.parametrize("weighted", [False, True])
def test_indicators_equal_statsmodels_and_scipy_on_generated_data(survey_round, generated, weighted):
    rows, weights = generated
    if not weighted:
        survey_round.responses.update(weight=1.0)
    w = np.array(weights if weighted else [1.0] * len(rows))
    n_eff = w.sum() ** 2 / (w**2).sum()
    result = {i.code: i for i in round_indicators(survey_round).indicators}
    trust = np.array([int(r["trust_lsg"]) for r in rows], dtype=float)

    aware = np.array([r["aware_budget"] == "yes" for r in rows], dtype=float)
    got = result["aware_budget.share"].overall
    p = float((w * aware).sum() / w.sum())
    assert got.value == pytest.approx(p)
    assert got.count == int(aware.sum()) and got.n == len(rows)
    expected = (
        proportion_confint(p * n_eff, n_eff, method="wilson")
        if weighted
        else proportion_confint(int(aware.sum()), len(rows), method="wilson")
    )
    assert (got.low, got.high) == pytest.approx(expected)

    got = result["trust_lsg.mean"].overall
    m = float((w * trust).sum() / w.sum())
    var = float((w * (trust - m) ** 2).sum() / w.sum()) * n_eff / (n_eff - 1)
    half = scipy_stats.t.ppf(0.975, n_eff - 1) * math.sqrt(var / n_eff)
    assert got.value == pytest.approx(m)
    assert (got.low, got.high) == pytest.approx((m - half, m + half))

    score = np.where(trust >= 4, 1.0, np.where(trust <= 2, -1.0, 0.0))
    got = result["trust_lsg.index"].overall
    share_trust = float((w * (trust >= 4)).sum() / w.sum())
    share_distrust = float((w * (trust <= 2)).sum() / w.sum())
    assert got.value == pytest.approx(100 * (share_trust - share_distrust))
    s = float((w * score).sum() / w.sum())
    var = float((w * (score - s) ** 2).sum() / w.sum()) * n_eff / (n_eff - 1)
    half = scipy_stats.t.ppf(0.975, n_eff - 1) * math.sqrt(var / n_eff)
    assert (got.low, got.high) == pytest.approx((100 * (s - half), 100 * (s + half)))

    # By sex: women only.
    women = np.array([r["sex"] == "female" for r in rows])
    sex = next(b for b in result["aware_budget.share"].breakdowns if b.dimension == "sex")
    female = next(g for g in sex.groups if g.key == "f")
    assert female.n == int(women.sum())
    assert female.estimate.value == pytest.approx(float((w * aware)[women].sum() / w[women].sum()))


@pytest.mark.django_db
def test_a_village_under_5_and_its_complement_are_hidden(survey_round, generated, villages):
    rows, _weights = generated
    small = sum(r["village"] == f"v{villages[2].coate}" for r in rows)
    assert 0 < small < 5
    indicator = next(i for i in round_indicators(survey_round).indicators if i.code == "aware_budget.share")
    by_village = {g.key: g for g in next(b for b in indicator.breakdowns if b.dimension == "village").groups}
    assert by_village[str(villages[2].pk)].hidden and by_village[str(villages[2].pk)].estimate is None
    # The total minus the villages shown would give the small one away if it were hidden alone: the empty
    # "elsewhere" group is hidden with it (kenesh.pb.participation.suppress): nobody can tell which holds it.
    assert by_village[""].hidden
    assert not by_village[str(villages[0].pk)].hidden and not by_village[str(villages[1].pk)].hidden


def test_a_group_of_exactly_5_is_shown_and_of_4_is_not():
    from kenesh.pb.participation import Group, suppress

    assert [g.hidden for g in suppress([Group("a", 5), Group("b", 9), Group("c", 7)], 5)] == [False] * 3
    assert [g.hidden for g in suppress([Group("a", 4), Group("b", 9), Group("c", 7)], 5)] == [
        True,
        False,
        True,
    ]


@pytest.mark.django_db
def test_a_breakdown_of_exactly_5_respondents_is_published(survey_round, villages):
    questions = questions_of(survey_round.instrument)
    rows = answers_generate(Profile([f"v{villages[0].coate}"], [1.0], female_share=0.5), 10, seed=1)
    for index, row in enumerate(rows):
        row["sex"] = "female" if index < 5 else "male"
    prepared = [response_prepare(questions, row)[0] for row in rows]
    with transaction.atomic():
        responses_write(survey_round, prepared, source="paper", day=survey_round.starts_on)
    indicator = next(i for i in round_indicators(survey_round).indicators if i.code == "aware_budget.share")
    sex = {g.key: g for g in indicator.breakdowns[0].groups}
    assert (sex["f"].n, sex["f"].hidden, sex["m"].n, sex["m"].hidden) == (5, False, 5, False)
    women = [r for r in rows[:5]]
    k = sum(r["aware_budget"] == "yes" for r in women)
    assert sex["f"].estimate.count == k
    assert (sex["f"].estimate.low, sex["f"].estimate.high) == pytest.approx(hand_wilson(k, 5))


@pytest.mark.django_db
def test_comparison_by_sex_equals_the_z_test(survey_round, generated, instrument, villages):
    rows, _weights = generated
    survey_round.responses.update(weight=1.0)
    later = round_make(instrument, kind="endline", year=2027)
    profile = Profile(
        [f"v{v.coate}" for v in villages[:2]], [0.5, 0.5], trust={"female": (0.6, 0.1), "male": (0.5, 0.2)}
    )
    rows2 = answers_generate(profile, 300, seed=11)
    questions = questions_of(instrument)
    with transaction.atomic():
        responses_write(
            later, [response_prepare(questions, r)[0] for r in rows2], source="kobo", day=later.starts_on
        )
    compared = {c.code: c for c in rounds_compare(Round.objects.get(pk=survey_round.pk), later)}
    women = next(g for g in compared["trust_lsg.top2"].groups if g.key == "f")
    k1 = sum(r["sex"] == "female" and int(r["trust_lsg"]) >= 4 for r in rows)
    n1 = sum(r["sex"] == "female" for r in rows)
    k2 = sum(r["sex"] == "female" and int(r["trust_lsg"]) >= 4 for r in rows2)
    n2 = sum(r["sex"] == "female" for r in rows2)
    assert (women.a.count, women.a.n, women.b.count, women.b.n) == (k1, n1, k2, n2)
    assert women.change.p_value == pytest.approx(proportions_ztest([k2, k1], [n2, n1])[1])
    assert women.change.points == pytest.approx(100 * (k2 / n2 - k1 / n1))
