"""The count: plain ballots into a kenesh.tally Election for every format, result_compute, `--check`."""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from kenesh.pb.count_store import result_compute
from kenesh.pb.counting import count_run
from kenesh.pb.election import CountBallot, CountError, CountProject, election_build, money_scale_for
from kenesh.pb.export import ExportInfo
from kenesh.pb.models import BallotFormat, CountingRule, Phase, Process, Result, ResultStatus
from kenesh.pb.testing import ballot_make, process_make, proposal_make
from kenesh.tally.checker import check_election
from kenesh.tally.pabulib import parse_pabulib
from kenesh.territory.models import Municipality
from kenesh.territory.testing import municipality_make

PROJECTS = [
    CountProject("1", Decimal("600"), "Суу түтүгү", "water"),
    CountProject("2", Decimal("500"), "Жол", "roads"),
    CountProject("3", Decimal("250.50"), "Chiragi; lamps", "lighting"),
]


def _ballots(*choices: tuple[tuple[str, int], ...]) -> list[CountBallot]:
    return [CountBallot(choices=c) for c in choices]


def test_approval_and_knapsack_ballots_are_pabulib_approval_ballots():
    for ballot_format in ("approval", "knapsack"):
        election = election_build(
            ballot_format=ballot_format,
            budget=Decimal(1000),
            projects=PROJECTS,
            ballots=_ballots((("1", 1), ("3", 1)), (("2", 1),)),
        )
        assert election.vote_type == "approval"
        assert election.points is None
        assert [election.ballot(i).tolist() for i in range(2)] == [[0, 2], [1]]


def test_cumulative_ballots_keep_their_points_and_drop_zero_points():
    election = election_build(
        ballot_format="cumulative",
        budget=Decimal(1000),
        projects=PROJECTS,
        ballots=_ballots(
            (("1", 3), ("2", 0), ("3", 7)),
        ),
    )
    assert election.vote_type == "cumulative"
    assert election.ballot(0).tolist() == [0, 2]
    assert election.points is not None
    assert election.points.tolist() == [3, 7]
    assert [f["votes"] for f in election.project_fields] == ["1", "0", "1"]
    assert [f["score"] for f in election.project_fields] == ["3", "0", "7"]


def test_ranked_ballots_are_points_by_place_k_down_to_1():
    election = election_build(
        ballot_format="ranked",
        budget=Decimal(1000),
        projects=PROJECTS,
        ballots=_ballots((("3", 1), ("1", 1), ("2", 1)), (("2", 1),)),
        ranked_top=3,
    )
    assert election.vote_type == "cumulative"
    assert election.ballot(0).tolist() == [2, 0, 1]
    assert election.points is not None
    # Places 1, 2, 3 give 3, 2, 1 points; a ballot ranking one project gives it the full 3 (not 0).
    assert election.points.tolist() == [3, 2, 1, 3]
    assert [f["score"] for f in election.project_fields] == ["2", "4", "3"]
    assert [f["votes"] for f in election.project_fields] == ["1", "2", "1"]


def test_a_ranked_ballot_beyond_its_top_k_cannot_be_counted():
    with pytest.raises(CountError) as caught:
        election_build(
            ballot_format="ranked",
            budget=Decimal(1000),
            projects=PROJECTS,
            ballots=_ballots((("3", 1), ("1", 1), ("2", 1))),
            ranked_top=2,
        )
    assert caught.value.code == "rank_beyond_top"


def test_choices_outside_the_ballot_and_repeats_are_left_out():
    election = election_build(
        ballot_format="approval",
        budget=Decimal(1000),
        projects=PROJECTS,
        ballots=_ballots((("9", 1), ("2", 1), ("2", 1)), ()),
    )
    assert election.ballot(0).tolist() == [1]
    assert election.ballot(1).tolist() == []
    assert election.n_voters == 2


def test_money_is_exact_in_tiyin():
    assert money_scale_for([Decimal("1000.00"), Decimal("5")]) == 1
    assert money_scale_for([Decimal("1000.5")]) == 10
    assert money_scale_for([Decimal("0.25")]) == 100
    election = election_build(
        ballot_format="approval", budget=Decimal("1000.05"), projects=PROJECTS, ballots=[]
    )
    assert election.money_scale == 100
    assert election.budget_scaled == 100005
    assert election.costs.tolist() == [60000, 50000, 25050]


def test_no_project_no_count():
    with pytest.raises(CountError):
        election_build(ballot_format="approval", budget=Decimal(1), projects=[], ballots=[])
    with pytest.raises(CountError):
        election_build(ballot_format="plurality", budget=Decimal(1), projects=PROJECTS, ballots=[])


@pytest.mark.parametrize("rule", ["equalshares/add1", "greedy"])
@pytest.mark.parametrize("ballot_format", ["approval", "knapsack", "cumulative", "ranked"])
def test_the_published_file_recounts_to_the_published_winners(ballot_format, rule):
    import random

    chooser = random.Random(f"{ballot_format}{rule}")
    ids = [p.project_id for p in PROJECTS]
    ballots = [
        CountBallot(
            choices=tuple((pid, chooser.randint(1, 5)) for pid in chooser.sample(ids, chooser.randint(1, 3))),
            sex=chooser.choice("fm"),
        )
        for _ in range(60)
    ]
    count = count_run(
        info=ExportInfo(description="Test", unit="Kum-Dobo", instance="2026", rule=rule),
        ballot_format=ballot_format,
        budget=Decimal("1000.50"),
        projects=PROJECTS,
        ballots=ballots,
    )
    assert count.election.meta["rule"] == rule
    check = check_election(parse_pabulib(count.export))
    assert check.status == "match", check.as_json()
    assert check.official == sorted(count.outcome.selected, key=ids.index)


# --- result_compute on stored ballots -----------------------------------------------------------------------

_rayons = itertools.count(50_000)


def municipality_new() -> Municipality:
    """A municipality in a rayon of its own (two in one test must not share a rayon code)."""
    prefix = f"417{next(_rayons):05d}"
    return municipality_make(f"{prefix}825000", f"Айыл аймагы {prefix[-3:]}")


def counted_process(
    *, ballot_format: str = BallotFormat.APPROVAL, rule: str = CountingRule.MES_ADD1, voters: int = 12
) -> tuple[Process, Result]:
    """A process in the counting phase with three projects and `voters` ballots, counted."""
    process = process_make(
        municipality_new(), phase=Phase.COUNTING, budget=Decimal(1000), ballot_format=ballot_format, rule=rule
    )
    a = proposal_make(process, cost=600)
    b = proposal_make(process, cost=500)
    c = proposal_make(process, cost=300)
    for i in range(voters):
        if ballot_format == BallotFormat.CUMULATIVE:
            choices: Any = {a: 6, c: 4} if i % 3 else {b: 10}
        else:
            choices = [a, c] if i % 3 else [b]
        ballot_make(
            process,
            choices,
            ranked=ballot_format == BallotFormat.RANKED,
            sex="f" if i % 2 else "m",
            age_group="30-44",
        )
    result = Result.objects.create(process=process, rule=process.rule)
    result_compute(result)
    return process, result


@pytest.mark.django_db
@pytest.mark.parametrize("ballot_format", list(BallotFormat.values))
def test_result_compute_stores_projects_export_and_digest(ballot_format):
    process, result = counted_process(ballot_format=ballot_format)
    result.refresh_from_db()
    assert (result.status, result.progress, result.error) == (ResultStatus.DONE, 100, "")
    assert result.ballots_counted == 12
    assert result.finished_at is not None
    rows = list(result.projects.select_related("proposal").order_by("order"))
    # Ranked ballots count as points by place, so [a, c] supports both a and c (a more), and [b] b.
    assert sorted(r.proposal.number for r in rows if r.selected) == [1, 3]
    assert result.total_cost == Decimal(900)
    assert all(r.explanation["project"] == str(r.proposal.number) for r in rows)
    assert result.details["tally_rule"] == "mes-add1"
    assert "per_voter_budget" in result.details
    assert result.export.startswith("META\n")
    import hashlib

    assert result.export_sha256 == hashlib.sha256(result.export.encode()).hexdigest()
    check = check_election(parse_pabulib(result.export))
    assert check.status == "match"
    # The file says nothing about the ballots' storage: no UUID, no voter key, no village, no channel.
    for ballot in process.ballots.all():
        assert str(ballot.pk) not in result.export
        assert ballot.voter_key not in result.export
    assert "channel" not in result.export and "village" not in result.export


@pytest.mark.django_db
def test_a_ranked_count_is_exported_as_the_points_it_counted():
    process, result = counted_process(ballot_format=BallotFormat.RANKED)
    top = process.max_choices or 3
    assert result.details["ranked_top"] == top
    election = parse_pabulib(result.export)
    assert election.meta["vote_type"] == "cumulative"
    assert f"Ranked ballots (top {top})" in election.meta["comment"]
    assert election.meta["max_points"] == str(top)
    # 8 ballots rank a first and c second, 4 rank b first (counted_process).
    votes = {r.proposal.number: r.votes for r in result.projects.select_related("proposal")}
    assert votes == {1: 8 * top, 2: 4 * top, 3: 8 * (top - 1)}
    assert check_election(election).status == "match"


@pytest.mark.django_db
def test_votes_are_approvals_or_points():
    _, approval = counted_process()
    assert {r.proposal.number: r.votes for r in approval.projects.all()} == {1: 8, 2: 4, 3: 8}
    _, cumulative = counted_process(ballot_format=BallotFormat.CUMULATIVE)
    assert {r.proposal.number: r.votes for r in cumulative.projects.all()} == {1: 48, 2: 40, 3: 32}


@pytest.mark.django_db
def test_a_finished_result_is_never_counted_again():
    process, result = counted_process()
    before = (result.export, result.export_sha256, list(result.projects.values_list("pk", flat=True)))
    ballot_make(process, list(process.proposals.filter(number=2)))
    again = result_compute(result)
    again.refresh_from_db()
    assert (again.export, again.export_sha256, list(again.projects.values_list("pk", flat=True))) == before


@pytest.mark.django_db
def test_a_count_without_projects_fails_with_its_reason():
    process = process_make(municipality_new(), phase=Phase.COUNTING)
    result = Result.objects.create(process=process, rule=process.rule)
    with pytest.raises(CountError):
        result_compute(result)
    result.refresh_from_db()
    assert result.status == ResultStatus.FAILED
    assert result.error == "no_projects"


@pytest.mark.django_db
@pytest.mark.parametrize("ballot_format", [BallotFormat.APPROVAL, BallotFormat.RANKED])
def test_kenesh_tally_check_confirms_the_export(tmp_path: Path, ballot_format):
    _, result = counted_process(voters=30, ballot_format=ballot_format)
    path = tmp_path / "export.pb"
    path.write_text(result.export, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kenesh.cli", "tally", "--check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "match" in done.stdout


@pytest.mark.django_db
@pytest.mark.slow
def test_kenesh_tally_check_confirms_the_demos_finished_process(tmp_path: Path):
    from tests.web.demo import demo_load

    demo_load(("territory", "accounts", "pb"))
    from kenesh.pb.demo import FINISHED_TITLE_EN

    process = Process.objects.get(title_en=FINISHED_TITLE_EN)
    result = Result.objects.get(process=process, published_at__isnull=False)
    assert result.ballots_counted >= 1900
    path = tmp_path / "demo.pb"
    path.write_bytes(result.export.encode("utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "kenesh.cli", "tally", "--check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "META rule equalshares/add1" in done.stdout


@pytest.mark.django_db
def test_a_count_without_ballots_fails_with_a_clear_reason():
    with pytest.raises(CountError):
        counted_process(voters=0)
    result = Result.objects.get()
    assert (result.status, result.error) == (ResultStatus.FAILED, "no_ballots")
    from kenesh.pb.results import count_error_text

    with translation.override("ru"):
        assert count_error_text(result.error).startswith("В этом процессе не подано ни одного бюллетеня")
