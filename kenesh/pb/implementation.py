"""Implementation of the winning projects: created from a published result, then reported on by staff.

Each winner becomes one ImplementationProject (a proposal is built once, whichever result funded it
first); staff add updates (text, progress, status, an optional photo re-encoded without EXIF), each
audited. The public page shows status, progress, photos and the budget line that funds the project.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_record
from kenesh.pb.models import (
    ImplementationProject,
    ImplementationStatus,
    ImplementationUpdate,
    Process,
    Result,
)
from kenesh.pb.photos import photo_clean


def implementation_projects_create(*, actor: Any, result: Result) -> list[ImplementationProject]:
    """One ImplementationProject per winner of a published result (existing ones are kept). Audited."""
    process = result.process
    created: list[ImplementationProject] = []
    with transaction.atomic():
        winners = result.projects.filter(selected=True).select_related("proposal").order_by("order")
        existing = set(
            ImplementationProject.objects.filter(proposal__in=[w.proposal_id for w in winners]).values_list(
                "proposal_id", flat=True
            )
        )
        for winner in winners:
            if winner.proposal_id in existing:
                continue
            created.append(
                ImplementationProject.objects.create(
                    proposal=winner.proposal,
                    result=result,
                    budget_year=process.budget_year,
                    budget_line_key=process.budget_line_key,
                )
            )
        if created:
            audit_record(
                actor=actor,
                action="pb.implementation.create",
                target=result,
                municipality=process.municipality,
                changes={"projects": {"before": None, "after": [p.proposal.number for p in created]}},
            )
    return created


def implementation_update_add(
    *,
    actor: Any,
    project: ImplementationProject,
    text: str,
    progress: int,
    status: str,
    photo: UploadedFile | None = None,
) -> ImplementationUpdate:
    """A staff report on a project: sets its status and progress, keeps a photo without metadata. Audited."""
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write what has been done.")]
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    if status not in ImplementationStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    clean_photo = None
    if photo is not None:
        try:
            clean_photo = photo_clean(photo)
        except ValidationError as error:
            errors["photo"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = (
            ImplementationProject.objects.select_for_update()
            .select_related("proposal__process")
            .get(pk=project.pk)
        )
        update = ImplementationUpdate(
            project=locked, text=text, progress=progress, status=status, author=actor
        )
        if clean_photo is not None:
            update.photo.save(clean_photo.name or "photo.jpg", clean_photo, save=False)
        update.save()
        before = {"status": locked.status, "progress": locked.progress}
        locked.status = status
        locked.progress = progress
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "progress", "updated_at"])
        audit_record(
            actor=actor,
            action="pb.implementation.update",
            target=locked,
            municipality=locked.proposal.process.municipality,
            changes={
                "status": {"before": before["status"], "after": status},
                "progress": {"before": before["progress"], "after": progress},
                "photo": {"before": None, "after": bool(clean_photo)},
            },
        )
    project.status, project.progress, project.updated_at = locked.status, locked.progress, locked.updated_at
    return update


# --- reads -------------------------------------------------------------------------------------------------


def implementation_projects_of(process: Process) -> QuerySet[ImplementationProject]:
    """The projects being built in a process, by ballot number (one query)."""
    return (
        ImplementationProject.objects.filter(proposal__process=process)
        .select_related("proposal")
        .order_by("proposal__number")
    )


def implementation_project_get(project_id: int) -> ImplementationProject:
    """One project with its process, municipality, updates (newest first) and their photos (two queries)."""
    updates = Prefetch("updates", queryset=ImplementationUpdate.objects.order_by("-created_at", "-id"))
    return (
        ImplementationProject.objects.select_related(
            "proposal", "proposal__process", "proposal__process__municipality", "proposal__village"
        )
        .prefetch_related(updates)
        .get(pk=project_id)
    )


def budget_line_url(project: ImplementationProject) -> str | None:
    """The page of the budget line that funds the project, when the budgets app routes one."""
    if not project.budget_line_key or not project.budget_year:
        return None
    municipality = project.proposal.process.municipality
    try:
        return reverse(
            "budgets:line",
            kwargs={"coate": municipality.coate, "year": project.budget_year, "key": project.budget_line_key},
        )
    except NoReverseMatch:
        return None
