"""What a count reads from the database: the projects it considers, the ballots, the ballot's limits, META."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from kenesh.pb.election import CountBallot, CountProject, amount_text, one_line
from kenesh.pb.export import ExportInfo
from kenesh.pb.models import Ballot, BallotChoice, ProposalStatus, Result


def result_proposals(process: Any) -> Any:
    """The projects a count considers, by number: those on the ballot, and any that a ballot chose."""
    on_ballot = Q(status=ProposalStatus.ON_BALLOT, hidden=False)
    chosen = Q(pk__in=process.proposals.filter(ballot_choices__isnull=False).values("pk"))
    return process.proposals.filter(on_ballot | chosen).order_by("number")


def count_project(proposal: Any) -> CountProject:
    return CountProject(
        project_id=str(proposal.number),
        cost=proposal.cost,
        name=proposal.title_ky or proposal.title_ru,
        category=proposal.category,
    )


def ballots_load(process: Any) -> list[CountBallot]:
    """Every counted ballot of a process as plain data, in two queries (ballots, then their choices).

    Ranked choices come in rank order; the others by project number (their order means nothing).
    """
    profiles = dict(
        (str(pk), (sex, age_group))
        for pk, sex, age_group in Ballot.objects.filter(process=process)
        .values_list("pk", "sex", "age_group")
        .iterator(chunk_size=5000)
    )
    choices: dict[str, list[tuple[str, int]]] = {pk: [] for pk in profiles}
    rows = (
        BallotChoice.objects.filter(ballot__process=process)
        .order_by("ballot_id", "rank", "proposal__number")
        .values_list("ballot_id", "proposal__number", "points")
        .iterator(chunk_size=5000)
    )
    for ballot_id, number, points in rows:
        bucket = choices.get(str(ballot_id))
        if bucket is not None:
            bucket.append((str(number), points))
    return [
        CountBallot(choices=tuple(choices[pk]), sex=sex or "", age_group=age_group or "")
        for pk, (sex, age_group) in profiles.items()
    ]


def ballot_limits(process: Any, *, ranked_top: int | None = None) -> dict[str, str]:
    """Pabulib's META limits of the process's ballot (what a voter could choose).

    A ranked top-k ballot, exported as points, gives at most k points to a project and k + ... + 1 in all.
    """
    limits: dict[str, str] = {}
    if process.ballot_format == "cumulative":
        limits["max_sum_points"] = str(process.points_total)
        if process.max_points_per_project:
            limits["max_points"] = str(process.max_points_per_project)
        return limits
    if process.ballot_format == "knapsack":
        limits["max_sum_cost"] = amount_text(process.budget)
        return limits
    if process.min_choices:
        limits["min_length"] = str(process.min_choices)
    if process.max_choices:
        limits["max_length"] = str(process.max_choices)
    if process.ballot_format == "ranked" and ranked_top:
        limits["max_points"] = str(ranked_top)
        limits["max_sum_points"] = str(ranked_top * (ranked_top + 1) // 2)
    return limits


def export_info(result: Result) -> ExportInfo:
    """The META of a result's export: process, municipality, village, dates, rule, and our ids."""
    process = result.process
    municipality = process.municipality
    village = process.village
    when = process.voting_from or process.created_at
    extra = [("kenesh_process", str(process.pk)), ("kenesh_result", str(result.pk))]
    if result.recount_of_id:
        extra.append(("kenesh_recount_of", str(result.recount_of_id)))
    return ExportInfo(
        description=one_line(process.title_ru or process.title_ky or process.title_en or f"#{process.pk}"),
        unit=one_line(municipality.name_en or municipality.name_ru or municipality.name_ky),
        subunit=one_line((village.name_en or village.name_ru or village.name_ky) if village else ""),
        instance=str(_local_day(when).year),
        rule=result.rule,
        date_begin=_pabulib_date(process.voting_from),
        date_end=_pabulib_date(process.voting_until),
        extra=tuple(extra),
    )


def _local_day(moment: Any) -> Any:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _pabulib_date(moment: Any) -> str:
    """Pabulib writes dates as dd.mm.yyyy."""
    return _local_day(moment).strftime("%d.%m.%Y") if moment is not None else ""
