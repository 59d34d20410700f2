"""Writes of a count: staff request a count (or a recount), the task runs it; staff publish the result."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_record
from kenesh.pb.implementation import implementation_projects_create
from kenesh.pb.models import Phase, Process, Result, ResultStatus
from kenesh.pb.phases import Action, allows, process_phase_move
from kenesh.pb.tasks import result_count


def result_request(*, actor: Any, process: Any, recount_of: Result | None = None) -> Result:
    """Queue a count (or a recount of a published result) of the process; the task runs it after commit.

    A count already queued or running is returned instead of a second one. Audited.
    """

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
    result_count.enqueue(result_id)


def result_publish(*, actor: Any, result: Result) -> Result:
    """Publish a finished count: the process moves to the results phase, winners become projects.

    A published result never changes; publishing a recount publishes a new result beside the old one.
    """

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
