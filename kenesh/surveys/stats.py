"""The statistics of survey indicators, from answers counted by value, computed with statsmodels.

A distribution maps each answer value to a `Cell`: the respondents who gave it, the sum of their weights
and the sum of their squared weights. Without weights (all 1) the estimates are the textbook ones:

- a proportion: count / n with the 95% Wilson score interval (statsmodels `proportion_confint`,
  method="wilson");
- a mean (Likert 1-5 or a number): the mean with the 95% t interval (statsmodels `DescrStatsW`,
  `tconfint_mean`, the sample standard deviation over n - 1);
- the trust index: the mean of +1 (trusts: 4 or 5), 0 (3) and -1 (distrusts: 1 or 2) times 100, which is
  the share trusting minus the share distrusting, with the same t interval of that mean, cut to -100..+100;
- the change between two rounds: the pooled two-proportion z-test (statsmodels `proportions_ztest`),
  two-sided.

With survey weights the estimates are weighted (sum of weights of those counted over the sum of weights),
and every interval and test uses Kish's effective sample size n_eff = (sum w)^2 / sum w^2 in place of n:
the Wilson interval of the weighted share with n_eff trials, the t interval with the weights scaled to
sum to n_eff, the z-test with p * n_eff "successes" out of n_eff. This ignores any clustering or
stratification of the design, which the round's sampling description must state.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import DescrStatsW

ALPHA = 0.05


@dataclass
class Cell:
    n: int = 0
    w: float = 0.0
    w2: float = 0.0

    def add(self, other: Cell) -> None:
        self.n += other.n
        self.w += other.w
        self.w2 += other.w2


Distribution = Mapping[float, Cell]


@dataclass(frozen=True)
class Estimate:
    """One figure with its interval. `count` (proportions only): respondents counted, unweighted; `n`: the
    respondents who answered; `n_effective`: Kish's effective n (equal to n without weights)."""

    kind: str
    value: float | None
    low: float | None
    high: float | None
    n: int
    n_effective: float
    count: int | None = None
    weighted: bool = False


def _totals(dist: Distribution) -> Cell:
    total = Cell()
    for cell in dist.values():
        total.add(cell)
    return total


def effective_n(w: float, w2: float) -> float:
    return w * w / w2 if w2 > 0 else 0.0


def _is_weighted(total: Cell) -> bool:
    return not (math.isclose(total.w, total.n) and math.isclose(total.w2, total.n))


def wilson(count: float, nobs: float) -> tuple[float, float]:
    low, high = proportion_confint(count, nobs, alpha=ALPHA, method="wilson")
    return float(low), float(high)


def proportion(dist: Distribution, counted: Callable[[float], bool]) -> Estimate:
    """The share of respondents whose answer value satisfies `counted`."""
    total = _totals(dist)
    hits = _totals({value: cell for value, cell in dist.items() if counted(value)})
    weighted = _is_weighted(total)
    n_eff = effective_n(total.w, total.w2) if weighted else float(total.n)
    if total.n == 0 or total.w <= 0:
        return Estimate("proportion", None, None, None, total.n, n_eff, hits.n, weighted)
    share = hits.w / total.w if weighted else hits.n / total.n
    low, high = wilson(share * n_eff, n_eff) if weighted else wilson(hits.n, total.n)
    return Estimate("proportion", share, low, high, total.n, n_eff, hits.n, weighted)


def _described(dist: Distribution, score: Callable[[float], float]) -> tuple[DescrStatsW | None, Cell, bool]:
    items = [(score(value), cell) for value, cell in dist.items() if cell.n]
    total = _totals(dist)
    if not items or total.w <= 0:
        return None, total, False
    weighted = _is_weighted(total)
    values = np.array([value for value, _cell in items], dtype=float)
    if weighted:
        n_eff = effective_n(total.w, total.w2)
        weights = np.array([cell.w for _value, cell in items], dtype=float) * (n_eff / total.w)
    else:
        weights = np.array([cell.n for _value, cell in items], dtype=float)
    return DescrStatsW(values, weights=weights), total, weighted


def mean(dist: Distribution, score: Callable[[float], float] = float, kind: str = "mean") -> Estimate:
    """The (weighted) mean of `score(value)` with its t interval."""
    described, total, weighted = _described(dist, score)
    n_eff = effective_n(total.w, total.w2) if weighted else float(total.n)
    if described is None:
        return Estimate(kind, None, None, None, total.n, n_eff, None, weighted)
    value = float(described.mean)
    if n_eff < 2 or described.std == 0:
        # One respondent, or all gave the same answer: the interval is the point (no spread observed).
        return Estimate(
            kind,
            value,
            value if n_eff >= 2 else None,
            value if n_eff >= 2 else None,
            total.n,
            n_eff,
            None,
            weighted,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        low, high = described.tconfint_mean(alpha=ALPHA)
    return Estimate(kind, value, float(low), float(high), total.n, n_eff, None, weighted)


def trust_score(value: float) -> float:
    return 1.0 if value >= 4 else (-1.0 if value <= 2 else 0.0)


def trust_index(dist: Distribution) -> Estimate:
    """Share trusting (4-5) minus share distrusting (1-2), x100, with the t interval of the mean score."""
    estimate = mean(dist, trust_score, kind="index")
    if estimate.value is None:
        return estimate

    def scaled(x: float | None) -> float | None:
        return None if x is None else max(-100.0, min(100.0, 100.0 * x))

    return Estimate(
        "index",
        100.0 * estimate.value,
        scaled(estimate.low),
        scaled(estimate.high),
        estimate.n,
        estimate.n_effective,
        None,
        estimate.weighted,
    )


@dataclass(frozen=True)
class Change:
    """The change of a proportion from round a to round b, in percentage points, and the z-test."""

    points: float
    z: float | None
    p_value: float | None

    @property
    def verdict(self) -> str:
        return change_words(self)


def change(a: Estimate, b: Estimate) -> Change | None:
    """The two-proportion z-test (pooled, two-sided) of a against b; None when either is empty."""
    if a.value is None or b.value is None or not a.n_effective or not b.n_effective:
        return None
    counts = np.array([a.value * a.n_effective, b.value * b.n_effective])
    nobs = np.array([a.n_effective, b.n_effective])
    points = 100.0 * (b.value - a.value)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        z, p_value = proportions_ztest(counts, nobs, alternative="two-sided")
    if not np.isfinite(p_value):
        # Both rounds at 0% or both at 100%: no spread, nothing to test, and no change.
        return Change(points, None, None)
    return Change(points, float(-z), float(p_value))


def change_words(result: Change) -> str:
    """The change and its test in words a resident can read."""
    points = abs(result.points)
    amount = f"{points:.0f}" if points >= 1 else f"{points:.1f}"
    if result.p_value is None or points < 0.05:
        return _("No change.")
    if result.points > 0:
        moved = _("rose by %(points)s percentage points") % {"points": amount}
    else:
        moved = _("fell by %(points)s percentage points") % {"points": amount}
    if result.p_value < 0.01:
        chance = _("this is very unlikely to be chance")
    elif result.p_value < 0.05:
        chance = _("this is unlikely to be chance")
    else:
        chance = _("this could well be chance")
    return _("The share %(moved)s; %(chance)s (p = %(p)s).") % {
        "moved": moved,
        "chance": chance,
        "p": p_value_text(result.p_value),
    }


def p_value_text(p_value: float) -> str:
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}"
