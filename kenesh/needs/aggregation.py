"""How the sessions' rankings become the municipality's priorities: Borda points weighted by participants.

The method, as the public page says it in plain words:
1. In each session the problems share that session's people. With dot voting, each problem's share is its
   points divided by all the points placed in the session. With rank order, a session that ranked R problems
   gives R Borda points to the first, R-1 to the second, ... 1 to the last, and each problem's share is its
   Borda points divided by their sum, R(R+1)/2.
2. A problem's score in the session is its share times the session's participants; problems of the same
   category add up.
3. A category's score is the sum of its scores over all sessions; the priorities are the categories from the
   highest score down (ties: named by more sessions first, then the category list's order).
The women's (men's) score counts each session's women (men) instead of all its participants; the score of a
group (women's groups, youth, ...) counts only that group's sessions. Everything is exact (fractions) and
rounded to 3 decimals only at the end, so the open data (kenesh.needs.opendata) recomputes the same numbers.

A pure module: no database, no Django; the selectors feed it plain rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

POINTS = "points"
RANK = "rank"
PLACES = Decimal("0.001")


@dataclass(frozen=True)
class RankedProblem:
    category: int
    points: int | None = None
    rank: int | None = None


@dataclass(frozen=True)
class SessionRanking:
    """What aggregation needs of a session: its people and its ranked problems."""

    participants: int
    women: int
    men: int
    group_type: str
    method: str
    problems: Sequence[RankedProblem]
    village: int | None = None


@dataclass
class CategoryScore:
    category: int
    score: Decimal = Decimal(0)
    women: Decimal = Decimal(0)
    men: Decimal = Decimal(0)
    by_group: dict[str, Decimal] = field(default_factory=dict)
    sessions: int = 0
    rank: int = 0


def session_shares(session: SessionRanking) -> dict[int, Fraction]:
    """Each category's share of the session (the shares add up to 1, or the dict is empty)."""
    weights: dict[int, Fraction] = defaultdict(Fraction)
    if session.method == POINTS:
        for problem in session.problems:
            weights[problem.category] += Fraction(problem.points or 0)
    else:
        ranked = [problem for problem in session.problems if problem.rank]
        count = len(ranked)
        for problem in ranked:
            weights[problem.category] += Fraction(max(count - int(problem.rank or 0) + 1, 0))
    total = sum(weights.values(), Fraction(0))
    if total <= 0:
        return {}
    return {category: weight / total for category, weight in weights.items() if weight > 0}


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(PLACES, rounding=ROUND_HALF_UP)


def priorities_compute(
    sessions: Iterable[SessionRanking], category_order: Sequence[int] = ()
) -> list[CategoryScore]:
    """The categories named by the sessions, best first, with their scores (overall, by sex, by group)."""
    score: dict[int, Fraction] = defaultdict(Fraction)
    women: dict[int, Fraction] = defaultdict(Fraction)
    men: dict[int, Fraction] = defaultdict(Fraction)
    by_group: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    named: dict[int, int] = defaultdict(int)
    for session in sessions:
        for category, share in session_shares(session).items():
            score[category] += share * session.participants
            women[category] += share * session.women
            men[category] += share * session.men
            by_group[category][session.group_type] += share * session.participants
            named[category] += 1
    order = {category: index for index, category in enumerate(category_order)}
    ranked = sorted(
        score, key=lambda category: (-score[category], -named[category], order.get(category, 10**6), category)
    )
    result = []
    for place, category in enumerate(ranked, start=1):
        result.append(
            CategoryScore(
                category=category,
                score=_decimal(score[category]),
                women=_decimal(women[category]),
                men=_decimal(men[category]),
                by_group={group: _decimal(value) for group, value in sorted(by_group[category].items())},
                sessions=named[category],
                rank=place,
            )
        )
    return result
