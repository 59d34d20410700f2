"""The aggregation method: Borda points or dot-vote shares, weighted by the session's participants."""

from decimal import Decimal
from fractions import Fraction as F

from kenesh.needs.aggregation import RankedProblem, SessionRanking, priorities_compute, session_shares


def _session(method, problems, women=6, men=4, group="mixed"):
    return SessionRanking(
        participants=women + men, women=women, men=men, group_type=group, method=method, problems=problems
    )


def test_rank_order_gives_borda_shares():
    shares = session_shares(
        _session("rank", [RankedProblem(1, rank=1), RankedProblem(2, rank=2), RankedProblem(3, rank=3)])
    )
    assert shares == {1: F(1, 2), 2: F(1, 3), 3: F(1, 6)}


def test_points_give_their_share():
    shares = session_shares(_session("points", [RankedProblem(1, points=15), RankedProblem(2, points=5)]))
    assert shares == {1: F(3, 4), 2: F(1, 4)}


def test_scores_are_weighted_by_participants_and_split_by_sex():
    sessions = [
        _session(
            "rank", [RankedProblem(1, rank=1), RankedProblem(2, rank=2)], women=10, men=0, group="women"
        ),
        _session("rank", [RankedProblem(2, rank=1), RankedProblem(1, rank=2)], women=0, men=20, group="men"),
    ]
    result = priorities_compute(sessions)
    assert [item.category for item in result] == [2, 1]
    top = result[0]
    # 10 * 1/3 + 20 * 2/3 = 16.667; women 10 * 1/3; men 20 * 2/3.
    assert top.score == Decimal("16.667")
    assert top.women == Decimal("3.333")
    assert top.men == Decimal("13.333")
    assert top.by_group == {"men": Decimal("13.333"), "women": Decimal("3.333")}
    assert top.sessions == 2 and top.rank == 1


def test_ties_go_to_more_sessions_then_list_order():
    sessions = [_session("points", [RankedProblem(5, points=1), RankedProblem(4, points=1)])]
    assert [item.category for item in priorities_compute(sessions, [4, 5])] == [4, 5]


def test_an_empty_session_counts_nothing():
    assert priorities_compute([_session("points", [])]) == []
