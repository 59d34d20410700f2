"""A count stored: the process's ballots are read, counted (kenesh.pb.counting) and written to its Result."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kenesh.pb.count_inputs import ballot_limits, ballots_load, count_project, export_info, result_proposals
from kenesh.pb.counting import Progress, count_run
from kenesh.pb.election import CountError, ranked_top_of, som
from kenesh.pb.models import Result, ResultProject, ResultStatus
from kenesh.tally.model import TallyError


def result_compute(result: Result, *, progress: Progress | None = None) -> Result:
    """Count the process's ballots into ``result`` (synchronously) and store the outcome.

    Used by the background task and by the demo. Progress (0..100) is written to the result as the count
    goes, outside the final transaction, so that the results page can show it. The ResultProject rows, the
    export, its SHA-256 and the totals are written in one transaction at the end. A result that is already
    done is returned unchanged (a published result never changes). On failure the result is marked failed
    with the error, and the error is raised again.
    """
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
            projects=[count_project(p) for p in proposals],
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
    Result.objects.filter(pk=result.pk).update(
        status=ResultStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )
    result.status = ResultStatus.FAILED
    result.error = message
