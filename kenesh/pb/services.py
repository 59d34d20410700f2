"""Writes of participatory budgeting: processes, proposals and their photos, review, moderation, comments.

Ballots are written by `kenesh.pb.ballots.ballot_cast` only; phases move by `kenesh.pb.phases`;
codes and paper ballots have their own modules. Each back-office write is audited in its transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import User
from kenesh.audit.services import audit_record
from kenesh.pb.models import (
    BallotFormat,
    Comment,
    Phase,
    Process,
    Proposal,
    ProposalPhoto,
    ProposalStatus,
)
from kenesh.pb.phases import Action, allows
from kenesh.pb.photos import photo_clean, photos_clean

MAX_PHOTOS_PER_PROPOSAL = 5

PROCESS_FIELDS = (
    "title_ky",
    "title_ru",
    "title_en",
    "description_ky",
    "description_ru",
    "description_en",
    "budget",
    "funding",
    "donor_name_ky",
    "donor_name_ru",
    "donor_name_en",
    "proposals_from",
    "review_from",
    "voting_from",
    "voting_until",
    "results_from",
    "village",
    "min_age",
    "ballot_format",
    "min_choices",
    "max_choices",
    "points_total",
    "max_points_per_project",
    "rule",
    "allow_change",
    "comments_enabled",
    "budget_year",
    "budget_line_key",
)
# Once voting opens the rules of the ballot are fixed: changing them would change the meaning of ballots cast.
BALLOT_RULE_FIELDS = frozenset(
    {
        "budget",
        "village",
        "min_age",
        "ballot_format",
        "min_choices",
        "max_choices",
        "points_total",
        "max_points_per_project",
        "rule",
        "allow_change",
    }
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _process_validate(process: Process) -> None:
    errors: dict[str, Any] = {}
    if not (process.title_ky or process.title_ru):
        errors["title_ky"] = _("Give the process a title in Kyrgyz or Russian.")
    if process.max_choices is not None and process.max_choices < process.min_choices:
        errors["max_choices"] = _("The maximum cannot be below the minimum.")
    if process.ballot_format == BallotFormat.RANKED and not process.max_choices:
        errors["max_choices"] = _("A ranked ballot needs the number of projects to rank (the maximum).")
    if process.ballot_format == BallotFormat.CUMULATIVE and process.points_total < 1:
        errors["points_total"] = _("Give voters at least one point.")
    if process.village is not None and process.village.parent_id != process.municipality_id:
        errors["village"] = _("The village must be in the municipality.")
    if process.funding == "donor_grant" and not (
        process.donor_name_ky or process.donor_name_ru or process.donor_name_en
    ):
        errors["donor_name_ky"] = _("Name the donor of the grant.")
    dates = [process.proposals_from, process.review_from, process.voting_from, process.voting_until]
    present = [day for day in dates if day is not None]
    if present != sorted(present):
        errors["voting_until"] = _("The phase dates must follow each other in order.")
    if errors:
        raise ValidationError(errors)
    process.full_clean(exclude=["municipality", "village", "created_by"])


def process_create(*, actor: User, municipality: Any, **fields: Any) -> Process:
    """A new process in the draft phase."""
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"unknown process fields: {sorted(unknown)}")
    with transaction.atomic():
        process = Process(municipality=municipality, created_by=actor, phase=Phase.DRAFT, **fields)
        _process_validate(process)
        process.save()
        audit_record(
            actor=actor,
            action="pb.process.create",
            target=process,
            municipality=municipality,
            changes={name: {"before": None, "after": _plain(getattr(process, name))} for name in fields},
        )
    return process


def process_update(*, actor: User, process: Process, **fields: Any) -> Process:
    """Change a process's settings; the ballot's rules only before voting opens."""
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"unknown process fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        changes = {
            name: {"before": _plain(getattr(locked, name)), "after": _plain(value)}
            for name, value in fields.items()
            if getattr(locked, name) != value
        }
        frozen = sorted(set(changes) & BALLOT_RULE_FIELDS)
        if frozen and locked.phase_index >= Process.phase_index_of(Phase.VOTING):
            raise ValidationError(
                {name: _("The rules of the ballot cannot change once voting has opened.") for name in frozen}
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        _process_validate(locked)
        locked.save()
        if changes:
            audit_record(
                actor=actor,
                action="pb.process.update",
                target=locked,
                municipality=locked.municipality,
                changes=changes,
            )
    return locked


def _proposal_validate(proposal: Proposal) -> None:
    errors: dict[str, Any] = {}
    if not (proposal.title_ky.strip() or proposal.title_ru.strip()):
        errors["title_ky"] = _("Give a title in Kyrgyz or Russian (or both).")
    if not (proposal.description_ky.strip() or proposal.description_ru.strip()):
        errors["description_ky"] = _("Describe the project in Kyrgyz or Russian (or both).")
    if proposal.estimated_cost is None or proposal.estimated_cost <= 0:
        errors["estimated_cost"] = _("Give the estimated cost in som, more than zero.")
    elif proposal.estimated_cost > proposal.process.budget:
        errors["estimated_cost"] = _("The cost is more than the whole budget of the process.")
    if proposal.village is not None and proposal.village.parent_id != proposal.process.municipality_id:
        errors["village"] = _("The village must be in the municipality.")
    if errors:
        raise ValidationError(errors)


def proposal_submit(
    *,
    author: User | None,
    process: Process,
    photos: list[UploadedFile] | tuple[UploadedFile, ...] = (),
    entered_by: User | None = None,
    **fields: Any,
) -> Proposal:
    """A citizen's proposal (or one that staff enter for an initiative group), with its photos, numbered.

    Photos are checked before anything is written, so a bad file leaves no half-made proposal.
    """
    if not allows(process, Action.SUBMIT_PROPOSAL):
        raise ValidationError(_("Proposals are not being collected in this process now."), code="phase")
    if len(photos) > MAX_PHOTOS_PER_PROPOSAL:
        raise ValidationError({"photos": _("At most %(count)s photos.") % {"count": MAX_PHOTOS_PER_PROPOSAL}})
    try:
        # All headers first (count, size, pixels, their total), then one full image at a time.
        cleaned = photos_clean(photos)
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from None
    with transaction.atomic():
        # The lock numbers proposals one at a time: two submissions never get the same number.
        locked = Process.objects.select_for_update().get(pk=process.pk)
        last = locked.proposals.aggregate(last=Max("number"))["last"] or 0
        proposal = Proposal(process=locked, number=last + 1, author=author, **fields)
        _proposal_validate(proposal)
        proposal.save()
        for content in cleaned:
            photo = ProposalPhoto(proposal=proposal)
            photo.image.save(content.name or "photo.jpg", content, save=True)
        if entered_by is not None:
            audit_record(
                actor=entered_by,
                action="pb.proposal.enter",
                target=proposal,
                municipality=locked.municipality,
                changes={"initiative_group": {"before": None, "after": proposal.initiative_group}},
            )
    return proposal


def proposal_photo_add(*, actor: User, proposal: Proposal, upload: UploadedFile) -> ProposalPhoto:
    """One more photo of a proposal, cleaned of metadata."""
    content = photo_clean(upload)
    with transaction.atomic():
        if proposal.photos.count() >= MAX_PHOTOS_PER_PROPOSAL:
            raise ValidationError(_("At most %(count)s photos.") % {"count": MAX_PHOTOS_PER_PROPOSAL})
        photo = ProposalPhoto(proposal=proposal)
        photo.image.save(content.name or "photo.jpg", content, save=True)
    return photo


def _review_allowed(proposal: Proposal) -> None:
    if not allows(proposal.process, Action.REVIEW):
        raise ValidationError(_("Proposals can be reviewed only during collection and review."), code="phase")


def proposal_review(
    *,
    actor: User,
    proposal: Proposal,
    feasibility_note: str,
    final_cost: Decimal | None,
    on_ballot: bool,
) -> Proposal:
    """Staff's review: the feasibility note, the final cost, and whether the proposal goes on the ballot."""
    _review_allowed(proposal)
    if final_cost is not None and final_cost <= 0:
        raise ValidationError({"final_cost": _("Give the final cost in som, more than zero.")})
    if final_cost is not None and final_cost > proposal.process.budget:
        raise ValidationError({"final_cost": _("The cost is more than the whole budget of the process.")})
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
        if locked.status == ProposalStatus.MERGED:
            raise ValidationError(_("This proposal was merged into another one."), code="merged")
        before = {
            "feasibility_note": locked.feasibility_note,
            "final_cost": locked.final_cost,
            "status": locked.status,
        }
        locked.feasibility_note = feasibility_note
        locked.final_cost = final_cost
        locked.status = ProposalStatus.ON_BALLOT if on_ballot else ProposalStatus.SUBMITTED
        if on_ballot:
            locked.rejection_reason_ky = locked.rejection_reason_ru = ""
        locked.save()
        after = {
            "feasibility_note": locked.feasibility_note,
            "final_cost": locked.final_cost,
            "status": locked.status,
        }
        audit_record(
            actor=actor,
            action="pb.proposal.review",
            target=locked,
            municipality=locked.process.municipality,
            changes={
                name: {"before": _plain(before[name]), "after": _plain(after[name])}
                for name in before
                if before[name] != after[name]
            },
        )
    return locked


def proposal_reject(*, actor: User, proposal: Proposal, reason_ky: str, reason_ru: str) -> Proposal:
    """Reject a proposal with a public reason (in Kyrgyz, Russian or both)."""
    _review_allowed(proposal)
    reason_ky, reason_ru = reason_ky.strip(), reason_ru.strip()
    if not (reason_ky or reason_ru):
        raise ValidationError(
            {"reason_ky": _("Every rejection needs a public reason, in Kyrgyz or Russian (or both).")}
        )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
        before = locked.status
        locked.status = ProposalStatus.REJECTED
        locked.rejection_reason_ky, locked.rejection_reason_ru = reason_ky, reason_ru
        locked.save()
        audit_record(
            actor=actor,
            action="pb.proposal.reject",
            target=locked,
            municipality=locked.process.municipality,
            changes={
                "status": {"before": before, "after": locked.status},
                "rejection_reason_ky": {"before": "", "after": reason_ky},
                "rejection_reason_ru": {"before": "", "after": reason_ru},
            },
        )
    return locked


def proposal_merge(*, actor: User, proposal: Proposal, into: Proposal) -> Proposal:
    """Merge a duplicate into another proposal of the same process; the duplicate leaves the ballot."""
    _review_allowed(proposal)
    if into.process_id != proposal.process_id:
        raise ValidationError({"into": _("Choose a proposal of the same process.")})
    if into.pk == proposal.pk:
        raise ValidationError({"into": _("A proposal cannot be merged into itself.")})
    if into.status in (ProposalStatus.MERGED, ProposalStatus.REJECTED):
        raise ValidationError({"into": _("Choose a proposal that is neither merged nor rejected.")})
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
        before = locked.status
        locked.status = ProposalStatus.MERGED
        locked.merged_into = into
        locked.save()
        # Proposals that were merged into this one follow it.
        Proposal.objects.filter(merged_into=locked).update(merged_into=into)
        audit_record(
            actor=actor,
            action="pb.proposal.merge",
            target=locked,
            municipality=locked.process.municipality,
            changes={
                "status": {"before": before, "after": locked.status},
                "merged_into": {"before": None, "after": into.number},
            },
        )
    return locked


def proposal_hide(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Moderation: hide a proposal's text from the public pages (and the ballot), with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is hidden.")})
    if (
        proposal.process.phase_index >= Process.phase_index_of(Phase.VOTING)
        and proposal.status == "on_ballot"
    ):
        raise ValidationError(_("A proposal on an open ballot cannot be hidden."), code="on_ballot")
    return _visibility_set(actor=actor, obj=proposal, hidden=True, reason=reason.strip(), kind="proposal")


def proposal_restore(*, actor: User, proposal: Proposal) -> Proposal:
    return _visibility_set(actor=actor, obj=proposal, hidden=False, reason="", kind="proposal")


def comment_add(*, author: User, proposal: Proposal, text: str) -> Comment:
    """A resident's comment, where the process takes comments in its current phase."""
    process = proposal.process
    if not process.comments_enabled or not allows(process, Action.COMMENT):
        raise ValidationError(_("Comments are closed."), code="comments_closed")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("At most 2,000 characters.")})
    return Comment.objects.create(proposal=proposal, author=author, text=text)


def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is hidden.")})
    return _visibility_set(actor=actor, obj=comment, hidden=True, reason=reason.strip(), kind="comment")


def comment_restore(*, actor: User, comment: Comment) -> Comment:
    return _visibility_set(actor=actor, obj=comment, hidden=False, reason="", kind="comment")


def _visibility_set(*, actor: User, obj: Any, hidden: bool, reason: str, kind: str) -> Any:
    with transaction.atomic():
        before = obj.hidden
        obj.hidden, obj.hidden_reason = hidden, reason
        obj.save(update_fields=["hidden", "hidden_reason"])
        process = obj.process if kind == "proposal" else obj.proposal.process
        audit_record(
            actor=actor,
            action=f"pb.{kind}.{'hide' if hidden else 'restore'}",
            target=obj,
            municipality=process.municipality,
            changes={
                "hidden": {"before": before, "after": hidden},
                "hidden_reason": {"before": "", "after": reason},
            },
        )
    return obj
