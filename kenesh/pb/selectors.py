"""Reads of participatory budgeting (core pages), each at a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.accounts.permissions import is_admin
from kenesh.pb.ballots import voter_key_of
from kenesh.pb.election import sha256_hex
from kenesh.pb.models import (
    Ballot,
    Channel,
    Comment,
    DeskVoter,
    ImplementationProject,
    PaperBallot,
    PaperStatus,
    Phase,
    Process,
    Proposal,
    Result,
    ResultProject,
    ResultStatus,
    VotingCode,
)
from kenesh.pb.receipts import receipt_hash


def receipt_recorded(*, process: Process, receipt: str) -> bool:
    """Whether a ballot of this process carries `receipt` (its latest one): nothing about whose or what."""
    return Ballot.objects.filter(process=process, receipt_hash=receipt_hash(process.pk, receipt)).exists()


def process_list_public() -> QuerySet[Process]:
    """Every process citizens may see (not drafts), newest first."""
    return Process.objects.exclude(phase=Phase.DRAFT).select_related("municipality").order_by("-created_at")


def process_get(*, process_id: int) -> Process:
    return Process.objects.select_related("municipality", "village").get(pk=process_id)


def proposals_public(*, process: Process) -> QuerySet[Proposal]:
    """The process's proposals as citizens see them (hidden ones left out), by number."""
    return (
        process.proposals.filter(hidden=False)
        .select_related("village", "merged_into")
        .prefetch_related("photos")
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden=False)))
        .order_by("number")
    )


def published_outcomes(*, process: Process) -> dict[int, bool]:
    """Proposal id -> funded or not, under the result the public sees (the latest published); {} before.

    Two queries. A proposal the count did not consider (rejected, merged) is not in it.
    """
    latest = (
        Result.objects.filter(process=process, published_at__isnull=False, status=ResultStatus.DONE)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is None:
        return {}
    return dict(ResultProject.objects.filter(result_id=latest).values_list("proposal_id", "selected"))


def has_implementation(*, process: Process) -> bool:
    """Whether the process has projects being built (made when a result is published)."""
    return ImplementationProject.objects.filter(proposal__process=process).exists()


def proposal_get(*, process: Process, number: int, with_hidden: bool = False) -> Proposal:
    """One proposal with its photos and its visible comments (moderators also see hidden ones)."""
    comments = Comment.objects.select_related("author").order_by("created_at")
    if not with_hidden:
        comments = comments.filter(hidden=False)
    proposals = process.proposals.select_related("village", "merged_into", "author").prefetch_related(
        "photos", Prefetch("comments", queryset=comments, to_attr="visible_comments")
    )
    if not with_hidden:
        proposals = proposals.filter(hidden=False)
    return proposals.get(number=number)


def processes_managed_by(*, user: Any) -> QuerySet[Process]:
    """The processes of the municipalities where `user` is staff (administrators: all)."""
    processes = Process.objects.select_related("municipality").order_by("-created_at")
    if is_admin(user):
        return processes
    ids = RoleAssignment.objects.active().filter(user=user, role=Role.STAFF).values("municipality_id")
    return processes.filter(municipality_id__in=ids)


def proposals_for_review(*, process: Process) -> QuerySet[Proposal]:
    return process.proposals.select_related("merged_into", "author").order_by("number")


@dataclass(frozen=True)
class VoterStatus:
    """One person on the staff's lists: whether they were handed a code or a paper ballot, whether they
    voted and by which channel. Never how: only the existence and channel of their ballot are read."""

    name: str
    village: Any
    user: User | None = None
    issued: DeskVoter | None = None
    voted_channel: str = ""

    @property
    def voted(self) -> bool:
        return bool(self.voted_channel)

    @property
    def voted_channel_label(self) -> str:
        return str(Channel(self.voted_channel).label) if self.voted_channel else ""

    @property
    def phone_tail(self) -> str:
        """The last digits of the phone: enough to tell two namesakes apart at the desk."""
        phone = (self.user.phone if self.user is not None else "") or ""
        return f"…{phone[-4:]}" if phone else ""


def _residents(process: Process, query: str = "") -> QuerySet[User]:
    residents = User.objects.filter(municipality_id=process.municipality_id, is_active=True)
    if process.village_id is not None:
        residents = residents.filter(village_id=process.village_id)
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(full_name__icontains=query)
        if len(digits) >= 3:
            match |= Q(phone__contains=digits)
        residents = residents.filter(match)
    return residents.select_related("village").order_by("full_name", "pk")


def _voted_channels(process: Process, keys: dict[str, int]) -> dict[int, str]:
    """The channel each voted person used, by the id that `keys` maps their voter key to (one query)."""
    return {
        keys[key]: channel
        for key, channel in Ballot.objects.filter(process=process, voter_key__in=list(keys)).values_list(
            "voter_key", "channel"
        )
    }


def _account_statuses(process: Process, people: list[User]) -> list[VoterStatus]:
    """Two queries, whatever the number of people."""
    desk = {d.user_id: d for d in DeskVoter.objects.filter(process=process, user__in=people)}
    voted = _voted_channels(process, {voter_key_of(f"user:{person.pk}"): person.pk for person in people})
    return [
        VoterStatus(
            name=person.full_name,
            village=person.village,
            user=person,
            issued=desk.get(person.pk),
            voted_channel=voted.get(person.pk, ""),
        )
        for person in people
    ]


def _register_statuses(process: Process, entries: list[DeskVoter]) -> list[VoterStatus]:
    """One query, whatever the number of entries."""
    voted = _voted_channels(process, {voter_key_of(entry.identity_key): entry.pk for entry in entries})
    return [
        VoterStatus(
            name=entry.full_name, village=entry.village, issued=entry, voted_channel=voted.get(entry.pk, "")
        )
        for entry in entries
    ]


def desk_resident(*, process: Process, user_id: int) -> User:
    """One resident the desk may hand a credential to, by id; User.DoesNotExist for anyone else."""
    return _residents(process).get(pk=user_id)


def desk_residents(*, process: Process, query: str, limit: int = 20) -> list[VoterStatus]:
    """Residents whose name (or phone) matches `query`, with what they hold and whether they voted."""
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    return _account_statuses(process, list(_residents(process, query)[:limit]))


@dataclass(frozen=True)
class ParticipationPage:
    residents: Page
    resident_rows: list[VoterStatus]
    register: Page
    register_rows: list[VoterStatus]
    totals: dict[Any, int]


PARTICIPATION_PER_PAGE = 50


def participation_page(
    *,
    process: Process,
    name: str = "",
    page: Any = 1,
    register_page: Any = 1,
    per_page: int = PARTICIPATION_PER_PAGE,
) -> ParticipationPage:
    """Who voted, a page at a time: residents with an account, and the people recorded at the desk by
    PIN; for each, what the desk handed them and whether (by which channel) they voted; totals by channel.

    Never what anyone chose: no ballot choice is read. Eight queries at most.
    """
    residents = Paginator(_residents(process, name), per_page).get_page(page)
    register_entries = DeskVoter.objects.filter(process=process, user__isnull=True).select_related("village")
    if name:
        register_entries = register_entries.filter(full_name__icontains=name)
    register = Paginator(register_entries.order_by("full_name", "pk"), per_page).get_page(register_page)
    totals = {
        Channel(channel).label: count
        for channel, count in Ballot.objects.filter(process=process)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    }
    return ParticipationPage(
        residents=residents,
        resident_rows=_account_statuses(process, list(residents.object_list)),
        register=register,
        register_rows=_register_statuses(process, list(register.object_list)),
        totals=totals,
    )


def desk_summary(*, process: Process) -> dict[str, int]:
    """Codes and paper ballots handed out at the desk, and how many of them were used (two queries)."""
    codes = VotingCode.objects.filter(process=process, holder__isnull=False).aggregate(
        issued=Count("id"), used=Count("id", filter=Q(used_at__isnull=False))
    )
    papers = (
        PaperBallot.objects.filter(process=process)
        .exclude(voter_key="")
        .aggregate(
            issued=Count("id"),
            counted=Count("id", filter=Q(status__in=[PaperStatus.MATCHED, PaperStatus.RESOLVED])),
        )
    )
    return {
        "codes_issued": codes["issued"],
        "codes_used": codes["used"],
        "papers_issued": papers["issued"],
        "papers_counted": papers["counted"],
    }


def paper_mismatches(*, process: Process) -> QuerySet[PaperBallot]:
    return (
        PaperBallot.objects.filter(process=process, status=PaperStatus.MISMATCH)
        .prefetch_related("entries__entered_by")
        .order_by("serial")
    )


def paper_counts(*, process: Process) -> dict[str, int]:
    return dict(
        PaperBallot.objects.filter(process=process)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


def moderation_queue(*, user: Any, limit: int = 100) -> tuple[list[Proposal], list[Comment]]:
    """The latest proposals and comments in the municipalities `user` moderates (everywhere for
    country-wide moderators and administrators), hidden ones included; two queries."""
    from kenesh.accounts.permissions import is_global_moderator

    proposals = Proposal.objects.select_related("process", "process__municipality").order_by("-created_at")
    comments = Comment.objects.select_related("proposal__process", "author").order_by("-created_at")
    if not (is_admin(user) or is_global_moderator(user)):
        ids = RoleAssignment.objects.active().filter(user=user, role=Role.MODERATOR).values("municipality_id")
        proposals = proposals.filter(process__municipality_id__in=ids)
        comments = comments.filter(proposal__process__municipality_id__in=ids)
    return list(proposals[:limit]), list(comments[:limit])


def next_collection(process: Process) -> Process | None:
    """Where the municipality of `process` collects proposals next: a process collecting now, else the one
    whose planned collection opens first; None when nothing is announced."""
    others = Process.objects.filter(municipality_id=process.municipality_id).exclude(pk=process.pk)
    collecting = others.filter(phase=Phase.PROPOSALS).order_by("proposals_from", "pk").first()
    if collecting is not None:
        return collecting
    planned = others.filter(phase=Phase.DRAFT, proposals_from__gte=timezone.now())
    return planned.order_by("proposals_from", "pk").first()


def published_export_digests(using: str = "default") -> dict[str, str]:
    """Each published result's export SHA-256, computed from the stored text (for backup verification)."""
    rows = Result.objects.using(using).filter(published_at__isnull=False).values_list("pk", "export")
    return {str(pk): sha256_hex(export) for pk, export in rows.iterator()}
