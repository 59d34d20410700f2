"""The count: stored ballots become a kenesh.tally Election, the process's rule runs, the Result is stored.

The election that is counted is the one that is published. `result_compute` builds the anonymised Pabulib
file first (kenesh.pb.export), reads it back with kenesh.tally's reader, counts that, and writes the same
file again with the `selected` column: so `kenesh tally --check` on the published export recounts exactly
what we counted, with the rule named in its META (the Pabulib name is the CountingRule value).

Ballot formats map onto Pabulib vote types: approval and knapsack ballots are approval ballots (a knapsack
ballot is an approval ballot whose total cost was limited), cumulative ballots carry points, and ranked
(top-k) ballots are counted as points too: place 1 of k gets k points, place 2 gets k - 1, ..., place k
gets 1 (k = the process's max_choices, else the number of projects). Pabulib's ordinal satisfaction
(Borda, as pabutools: the last-ranked project gets 0) would make a ballot ranking one project count for
nothing; points keep every ranked project supported, the first most. The export says so in its META
`comment`, and is written as `vote_type;cumulative` with the points, so `--check` recounts exactly this.
Each rule uses kenesh.tally's default satisfaction for the vote type, which is also what `--check` uses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from kenesh.tally.model import Election, Outcome, TallyError
from kenesh.tally.rules import run_rule

if TYPE_CHECKING:
    from kenesh.pb.models import Result

VOTE_TYPE_BY_FORMAT: dict[str, str] = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "ranked": "cumulative",
}
"""The Pabulib vote type of each BallotFormat value."""

TALLY_RULE_BY_RULE: dict[str, str] = {
    "equalshares/add1": "mes-add1",
    "greedy": "greedy",
}
"""The kenesh.tally rule of each CountingRule value (which is also its Pabulib META `rule`)."""

MONEY_PLACES = 2
"""Costs and budgets are Decimal(16, 2) som."""

Progress = Callable[[int], None]


class CountError(Exception):
    """The count cannot be made; ``code`` (stored on the Result) names why for the pages to translate."""

    def __init__(self, message: str, code: str = "engine"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CountProject:
    """A project on the ballot: its Pabulib id (the ballot number as text), cost and published fields."""

    project_id: str
    cost: Decimal
    name: str = ""
    category: str = ""


@dataclass(frozen=True)
class CountBallot:
    """One ballot as plain data: (project id, points) in the voter's order, and the profile snapshots.

    For ranked ballots the order is the ranking (first = most preferred) and `election_build` turns the
    places into points (their points here are ignored); points are 1 on approval and knapsack ballots.
    ``sex`` is "f", "m" or ""; ``age_group`` an AgeGroup value or "".
    """

    choices: tuple[tuple[str, int], ...]
    sex: str = ""
    age_group: str = ""


@dataclass
class Count:
    """What one count produced: the counted election, the engine's outcome and the published file."""

    election: Election
    outcome: Outcome
    export: str
    export_sha256: str
    votes: dict[str, int] = field(default_factory=dict)
    """Per project id: ballots that chose it (approval, knapsack, ranked), or its points (cumulative)."""


def vote_type_for(ballot_format: str) -> str:
    try:
        return VOTE_TYPE_BY_FORMAT[ballot_format]
    except KeyError:
        raise CountError(f"unknown ballot format {ballot_format!r}") from None


def tally_rule_for(rule: str) -> str:
    try:
        return TALLY_RULE_BY_RULE[rule]
    except KeyError:
        raise CountError(f"unknown counting rule {rule!r}") from None


def money_scale_for(amounts: Iterable[Decimal]) -> int:
    """1 when every amount is whole som, else 10 or 100 (the fewest decimal places that keep them exact)."""
    scale = 1
    for amount in amounts:
        while (amount * scale) % 1:
            scale *= 10
            if scale > 10**MONEY_PLACES:
                raise CountError(f"the amount {amount} has more than {MONEY_PLACES} decimal places")
    return scale


def election_build(
    *,
    ballot_format: str,
    budget: Decimal,
    projects: Sequence[CountProject],
    ballots: Sequence[CountBallot],
    meta: dict[str, str] | None = None,
    voter_ids: Sequence[str] | None = None,
    voter_columns: dict[str, list[str]] | None = None,
    ranked_top: int | None = None,
) -> Election:
    """A kenesh.tally Election from plain ballots, in the order given.

    Ranked ballots become points by place: ``ranked_top`` (k, default: the number of projects) for the
    first, k - 1 for the second, ..., 1 for place k (see `rank_points`).

    Choices naming a project not in ``projects``, and cumulative choices of 0 points, are left out (a
    ballot names only projects on the ballot: kenesh.pb.services checks that when it is cast). A project
    listed twice on one ballot keeps its first place. ``voter_columns`` are extra VOTES columns (sex,
    age) with one value per ballot; ``meta`` extra META keys in order (budget and vote_type are set here).
    """
    vote_type = vote_type_for(ballot_format)
    if not projects:
        raise CountError("no project is on the ballot", "no_projects")
    scale = money_scale_for([budget, *(p.cost for p in projects)])
    position = {p.project_id: j for j, p in enumerate(projects)}
    if len(position) != len(projects):
        raise CountError("two projects have the same number")
    with_points = vote_type == "cumulative"
    ranked = ballot_format == "ranked"
    top = ranked_top or len(projects)
    indptr = [0]
    indices: list[int] = []
    points: list[int] = []
    for ballot in ballots:
        seen: set[int] = set()
        for project_id, given in ballot.choices:
            j = position.get(project_id)
            value = rank_points(len(seen) + 1, top) if ranked else given
            if j is None or j in seen or (with_points and value <= 0):
                continue
            seen.add(j)
            indices.append(j)
            points.append(int(value))
        indptr.append(len(indices))
    full_meta: dict[str, str] = dict(meta or {})
    full_meta["budget"] = _plain(budget)
    full_meta["vote_type"] = vote_type
    columns = {name: list(values) for name, values in (voter_columns or {}).items()}
    for name, values in columns.items():
        if len(values) != len(ballots):
            raise CountError(f"the VOTES column {name} has {len(values)} values for {len(ballots)} ballots")
    ids = list(voter_ids) if voter_ids is not None else [str(i) for i in range(1, len(ballots) + 1)]
    project_columns = ["project_id", "cost", "votes", *(["score"] if with_points else []), "name", "category"]
    project_columns.append("selected")
    votes = _vote_totals(len(projects), indices, None)
    scores = _vote_totals(len(projects), indices, points) if with_points else votes
    return Election(
        meta=full_meta,
        project_ids=[p.project_id for p in projects],
        costs=np.array([int(p.cost * scale) for p in projects], dtype=np.int64),
        budget_scaled=int(budget * scale),
        money_scale=scale,
        vote_type=vote_type,
        indptr=np.array(indptr, dtype=np.int64),
        indices=np.array(indices, dtype=np.int32),
        points=np.array(points, dtype=np.int64) if with_points else None,
        points_scale=1,
        weights=None,
        voter_ids=ids,
        project_columns=project_columns,
        project_fields=[
            {
                "project_id": p.project_id,
                "cost": _plain(p.cost),
                "votes": str(votes[j]),
                **({"score": str(scores[j])} if with_points else {}),
                "name": _one_line(p.name),
                "category": p.category,
                "selected": "0",
            }
            for j, p in enumerate(projects)
        ],
        voter_columns=["voter_id", "vote", *(["points"] if with_points else []), *columns],
        voter_fields=columns,
    )


def rank_points(place: int, top: int) -> int:
    """The points of a project ranked at `place` (1 = first) on a top-`top` ballot: top, top - 1, ..., 1.

    A ballot ranking more than `top` projects cannot be counted (`ballot_cast` never stores one).
    """
    if not 1 <= place <= top:
        raise CountError(f"a ranked ballot ranks more than {top} projects", "rank_beyond_top")
    return top + 1 - place


def ranked_top_of(process: Any, n_projects: int) -> int:
    """k of a ranked top-k ballot: the process's max_choices, else every project on the ballot."""
    return int(process.max_choices or n_projects)


def _vote_totals(n_projects: int, indices: list[int], points: list[int] | None) -> list[int]:
    totals = [0] * n_projects
    for k, j in enumerate(indices):
        totals[j] += points[k] if points is not None else 1
    return totals


def _plain(amount: Decimal) -> str:
    """An amount without trailing zeros or exponent: Decimal("1500.00") -> "1500", "12.50" -> "12.5"."""
    text = format(amount.normalize(), "f")
    return text


def _one_line(text: str) -> str:
    """Pabulib cannot carry a line break inside a value."""
    return " ".join(text.split())


def election_count(election: Election, *, rule: str) -> Outcome:
    """Run a CountingRule (Pabulib name) on an election with explanations, as `--check` will recount it."""
    try:
        return run_rule(election, tally_rule_for(rule), explain=True)
    except TallyError as error:
        raise CountError(str(error)) from error


def selected_mark(election: Election, selected: Iterable[str]) -> None:
    """Fill the PROJECTS `selected` column: 1 for the projects the rule chose, 0 for the others."""
    chosen = set(selected)
    for pid, fields in zip(election.project_ids, election.project_fields, strict=True):
        fields["selected"] = "1" if pid in chosen else "0"


def sha256_hex(text: str) -> str:
    """The SHA-256 digest of the export's UTF-8 bytes, as downloaded (what `sha256sum FILE` prints)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def som(value: Any) -> Decimal:
    """An exact engine amount (int, or "p/q") as som rounded to the tiyin (2 places) for display."""
    fraction = Fraction(value)
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(Decimal("0.01"))


def count_run(
    *,
    info: Any,
    ballot_format: str,
    budget: Decimal,
    projects: Sequence[CountProject],
    ballots: Sequence[CountBallot],
    limits: dict[str, str] | None = None,
    progress: Progress | None = None,
    ranked_top: int | None = None,
) -> Count:
    """Build the anonymised export, read it back, count it, and write it again with `selected`.

    ``info`` is a kenesh.pb.export.ExportInfo; its ``rule`` is the CountingRule (Pabulib) name.
    """
    from kenesh.pb.export import export_election, export_text
    from kenesh.tally.pabulib import parse_pabulib

    report = progress or _noop
    if not projects:
        raise CountError("no project is on the ballot", "no_projects")
    if not ballots:
        raise CountError("no ballot was cast", "no_ballots")
    draft = export_election(
        info=info,
        ballot_format=ballot_format,
        budget=budget,
        projects=projects,
        ballots=ballots,
        limits=limits,
        ranked_top=ranked_top,
    )
    # Count what a recounter will read: the written file, parsed by the same reader `--check` uses.
    election = parse_pabulib(export_text(draft))
    report(60)
    outcome = election_count(election, rule=info.rule)
    report(85)
    selected_mark(election, outcome.selected)
    text = export_text(election)
    # ResultProject.votes: approvals per project, points on cumulative and ranked ballots.
    column = "score" if "score" in election.project_columns else "votes"
    votes = {
        pid: int(f[column]) for pid, f in zip(election.project_ids, election.project_fields, strict=True)
    }
    return Count(election=election, outcome=outcome, export=text, export_sha256=sha256_hex(text), votes=votes)


def _noop(percent: int) -> None:
    return None


def result_compute(result: Result, *, progress: Progress | None = None) -> Result:
    """Count the process's ballots into ``result`` (synchronously) and store the outcome.

    Used by the background task and by the demo. Progress (0..100) is written to the result as the count
    goes, outside the final transaction, so that the results page can show it. The ResultProject rows, the
    export, its SHA-256 and the totals are written in one transaction at the end. A result that is already
    done is returned unchanged (a published result never changes). On failure the result is marked failed
    with the error, and the error is raised again.
    """
    from django.db import transaction
    from django.utils import timezone

    from kenesh.pb.models import Result, ResultProject, ResultStatus

    # Read the status from the database: the caller's object may be stale.
    if Result.objects.filter(pk=result.pk, status=ResultStatus.DONE).exists():
        result.refresh_from_db()
        return result

    def report(percent: int) -> None:
        Result.objects.filter(pk=result.pk).update(progress=percent)
        result.progress = percent
        if progress is not None:
            progress(percent)

    Result.objects.filter(pk=result.pk).update(status=ResultStatus.RUNNING, progress=5, error="")
    result.status = ResultStatus.RUNNING
    try:
        process = result.process
        proposals = list(result_proposals(process))
        ballots = ballots_load(process)
        top = ranked_top_of(process, len(proposals)) if process.ballot_format == "ranked" else None
        report(40)
        count = count_run(
            info=export_info(result),
            ballot_format=process.ballot_format,
            budget=process.budget,
            projects=[_count_project(p) for p in proposals],
            ballots=ballots,
            limits=ballot_limits(process, ranked_top=top),
            progress=report,
            ranked_top=top,
        )
    except CountError as error:
        _fail(result, error.code if error.code != "engine" else str(error))
        raise
    except TallyError as error:
        _fail(result, str(error))
        raise CountError(str(error)) from error
    except Exception as error:
        _fail(result, f"{type(error).__name__}: {error}")
        raise
    outcome = count.outcome
    explanation = outcome.explanation or {}
    rows_by_project = {row["project"]: row for row in explanation.get("projects", [])}
    purchase = {pid: k for k, pid in enumerate(outcome.selected)}
    by_number = {str(p.number): p for p in proposals}
    # Winners in the order the rule bought them, then the others by votes (most first), then by number.
    ordered = sorted(
        by_number,
        key=lambda pid: (
            pid not in purchase,
            purchase.get(pid, 0),
            -count.votes.get(pid, 0),
            by_number[pid].number,
        ),
    )
    details = {k: v for k, v in explanation.items() if k != "projects"}
    details.update({k: v for k, v in outcome.details.items() if k not in details})
    details["tally_rule"] = outcome.rule
    if top is not None:
        # The results page explains the points, and rebuilds one voter's ballot, with the same k.
        details["ranked_top"] = top
    with transaction.atomic():
        locked = Result.objects.select_for_update().get(pk=result.pk)
        if locked.status == ResultStatus.DONE:
            result.refresh_from_db()
            return result
        ResultProject.objects.filter(result=locked).delete()
        ResultProject.objects.bulk_create(
            ResultProject(
                result=locked,
                proposal=by_number[pid],
                cost=by_number[pid].cost,
                votes=count.votes.get(pid, 0),
                selected=pid in purchase,
                explanation=rows_by_project.get(pid, {}),
                order=position,
            )
            for position, pid in enumerate(ordered, start=1)
        )
        locked.status = ResultStatus.DONE
        locked.progress = 100
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.ballots_counted = count.election.n_voters
        locked.total_cost = som(outcome.total_cost)
        locked.export = count.export
        locked.export_sha256 = count.export_sha256
        locked.details = details
        locked.save()
    if progress is not None:
        progress(100)
    result.refresh_from_db()
    return result


def _fail(result: Result, message: str) -> None:
    from django.utils import timezone

    from kenesh.pb.models import Result, ResultStatus

    Result.objects.filter(pk=result.pk).update(
        status=ResultStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )
    result.status = ResultStatus.FAILED
    result.error = message


def result_proposals(process: Any) -> Any:
    """The projects a count considers, by number: those on the ballot, and any that a ballot chose."""
    from django.db.models import Q

    from kenesh.pb.models import ProposalStatus

    on_ballot = Q(status=ProposalStatus.ON_BALLOT, hidden=False)
    chosen = Q(pk__in=process.proposals.filter(ballot_choices__isnull=False).values("pk"))
    return process.proposals.filter(on_ballot | chosen).order_by("number")


def _count_project(proposal: Any) -> CountProject:
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
    from kenesh.pb.models import Ballot, BallotChoice

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
        limits["max_sum_cost"] = _plain(process.budget)
        return limits
    if process.min_choices:
        limits["min_length"] = str(process.min_choices)
    if process.max_choices:
        limits["max_length"] = str(process.max_choices)
    if process.ballot_format == "ranked" and ranked_top:
        limits["max_points"] = str(ranked_top)
        limits["max_sum_points"] = str(ranked_top * (ranked_top + 1) // 2)
    return limits


def export_info(result: Result) -> Any:
    """The META of a result's export: process, municipality, village, dates, rule, and our ids."""
    from kenesh.pb.export import ExportInfo

    process = result.process
    municipality = process.municipality
    village = process.village
    when = process.voting_from or process.created_at
    extra = [("kenesh_process", str(process.pk)), ("kenesh_result", str(result.pk))]
    if result.recount_of_id:
        extra.append(("kenesh_recount_of", str(result.recount_of_id)))
    return ExportInfo(
        description=_one_line(process.title_ru or process.title_ky or process.title_en or f"#{process.pk}"),
        unit=_one_line(municipality.name_en or municipality.name_ru or municipality.name_ky),
        subunit=_one_line((village.name_en or village.name_ru or village.name_ky) if village else ""),
        instance=str(_local_day(when).year),
        rule=result.rule,
        date_begin=_pabulib_date(process.voting_from),
        date_end=_pabulib_date(process.voting_until),
        extra=tuple(extra),
    )


def _local_day(moment: Any) -> Any:
    from django.utils import timezone

    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _pabulib_date(moment: Any) -> str:
    """Pabulib writes dates as dd.mm.yyyy."""
    return _local_day(moment).strftime("%d.%m.%Y") if moment is not None else ""


# --- writes: request a count, publish it ---------------------------------------------------------------


def result_request(*, actor: Any, process: Any, recount_of: Result | None = None) -> Result:
    """Queue a count (or a recount of a published result) of the process; the task runs it after commit.

    A count already queued or running is returned instead of a second one. Audited.
    """
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from kenesh.audit.services import audit_record
    from kenesh.pb.models import Process, Result, ResultStatus
    from kenesh.pb.phases import Action, allows

    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        if not allows(locked, Action.COUNT):
            raise ValidationError(
                _("Votes can be counted only once voting has closed (the counting or results phase)."),
                code="count_phase",
            )
        if recount_of is not None and (
            recount_of.process_id != locked.pk or recount_of.status != ResultStatus.DONE
        ):
            raise ValidationError(_("Only a finished count can be recounted."), code="recount_unfinished")
        running = Result.objects.filter(
            process=locked, status__in=(ResultStatus.QUEUED, ResultStatus.RUNNING)
        ).first()
        if running is not None:
            return running
        result = Result.objects.create(process=locked, rule=locked.rule, recount_of=recount_of)
        audit_record(
            actor=actor,
            action="pb.result.recount" if recount_of is not None else "pb.result.count",
            target=result,
            municipality=locked.municipality,
            changes={
                "rule": {"before": None, "after": locked.rule},
                "recount_of": {"before": None, "after": recount_of.pk if recount_of is not None else None},
            },
        )
        transaction.on_commit(lambda: _enqueue(result.pk))
    return result


def _enqueue(result_id: int) -> None:
    from kenesh.pb.tasks import result_count

    result_count.enqueue(result_id)


def result_publish(*, actor: Any, result: Result) -> Result:
    """Publish a finished count: the process moves to the results phase, winners become projects.

    A published result never changes; publishing a recount publishes a new result beside the old one.
    """
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kenesh.audit.services import audit_record
    from kenesh.pb.implementation import implementation_projects_create
    from kenesh.pb.models import Phase, Process, Result, ResultStatus
    from kenesh.pb.phases import process_phase_move

    with transaction.atomic():
        # The process first, then the result: the same order as result_request, so two never deadlock.
        Process.objects.select_for_update().get(pk=result.process_id)
        locked = Result.objects.select_for_update().select_related("process").get(pk=result.pk)
        if locked.status != ResultStatus.DONE:
            raise ValidationError(_("Only a finished count can be published."), code="publish_unfinished")
        if locked.published_at is not None:
            raise ValidationError(_("This result is already published."), code="publish_twice")
        process = locked.process
        if process.phase == Phase.COUNTING:
            process_phase_move(actor=actor, process=process, to_phase=Phase.RESULTS)
        elif process.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION):
            raise ValidationError(
                _("Results are published after voting has closed (the counting phase)."), code="publish_phase"
            )
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
        audit_record(
            actor=actor,
            action="pb.result.publish",
            target=locked,
            municipality=process.municipality,
            changes={
                "published_at": {"before": None, "after": locked.published_at.isoformat()},
                "export_sha256": {"before": None, "after": locked.export_sha256},
            },
        )
        implementation_projects_create(actor=actor, result=locked)
    result.published_at = locked.published_at
    return locked
