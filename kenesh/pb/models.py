"""Participatory budgeting: processes and their phases, proposals, ballots on every channel, results.

Secrecy: a `Ballot` carries no link to a person. It is keyed by `voter_key`, a keyed hash (HMAC-SHA256
with SECRET_KEY) of the voter's identity: "user:<id>" for an account on every channel (web, SMS, and a
code or a paper ballot handed to it at the desk), "desk:<id>" for a person without an account recorded
at the desk by their ID-card number (`DeskVoter`). So one person holds at most one ballot and can find
it again, while nobody reading the table learns who cast it. Its date is a day, not a time, so that it
cannot be matched to a `Participation` row (who voted, by which channel, when) by timestamp. Staff see
`Participation` and the desk register, never `Ballot` choices next to a person.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import AgeGroup, Sex


def _localized(obj: object, field: str, languages: tuple[str, ...] = ("ky", "ru", "en")) -> str:
    """The active language's text of `field`, else the first language that has one."""
    language = (get_language() or "ky").split("-")[0]
    order = (language, *[code for code in languages if code != language])
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


class Phase(models.TextChoices):
    """The phases of a process, in the only order they can be passed through."""

    DRAFT = "draft", pgettext_lazy("pb phase", "Draft")
    PROPOSALS = "proposals", pgettext_lazy("pb phase", "Proposal collection")
    REVIEW = "review", pgettext_lazy("pb phase", "Review")
    VOTING = "voting", pgettext_lazy("pb phase", "Voting")
    COUNTING = "counting", pgettext_lazy("pb phase", "Counting")
    RESULTS = "results", pgettext_lazy("pb phase", "Results")
    IMPLEMENTATION = "implementation", pgettext_lazy("pb phase", "Implementation")


PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)


class BallotFormat(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose between a minimum and a maximum number of projects")
    KNAPSACK = "knapsack", _("Knapsack: choose projects whose total cost fits the budget")
    CUMULATIVE = "cumulative", _("Cumulative: distribute points among projects")
    RANKED = "ranked", _("Ranked: rank your top projects")


class CountingRule(models.TextChoices):
    MES_ADD1 = "equalshares/add1", _("Method of Equal Shares with the add1 completion")
    GREEDY = "greedy", _("Greedy (most votes first)")


# The kenesh.tally rule name of each counting rule; the Pabulib META `rule` value is the choice's value.
TALLY_RULE_NAMES: dict[str, str] = {
    CountingRule.MES_ADD1: "mes-add1",
    CountingRule.GREEDY: "greedy",
}


class Funding(models.TextChoices):
    LOCAL_BUDGET = "local_budget", _("Local budget")
    DONOR_GRANT = "donor_grant", _("Donor grant")


class Channel(models.TextChoices):
    WEB = "web", pgettext_lazy("voting channel", "Web")
    CODE = "code", pgettext_lazy("voting channel", "Voting code")
    PAPER = "paper", pgettext_lazy("voting channel", "Paper ballot")
    SMS = "sms", pgettext_lazy("voting channel", "SMS")


class Process(models.Model):
    """One participatory budgeting process of one municipality, for a share of its budget or a grant."""

    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="pb_processes",
    )
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ky = models.TextField(_("description (Kyrgyz)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    budget = models.DecimalField(
        _("budget, som"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    funding = models.CharField(
        _("funding"), max_length=16, choices=Funding.choices, default=Funding.LOCAL_BUDGET
    )
    # The donor's name as readers of each language know it ({% bilingual process "donor_name" %}).
    donor_name_ky = models.CharField(_("donor (Kyrgyz)"), max_length=200, blank=True)
    donor_name_ru = models.CharField(_("donor (Russian)"), max_length=200, blank=True)
    donor_name_en = models.CharField(_("donor (English)"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)

    # Planned dates of the phases, shown to citizens; moves between phases are made by staff.
    proposals_from = models.DateTimeField(_("proposal collection from"), null=True, blank=True)
    review_from = models.DateTimeField(_("review from"), null=True, blank=True)
    voting_from = models.DateTimeField(_("voting from"), null=True, blank=True)
    voting_until = models.DateTimeField(_("voting until"), null=True, blank=True)
    results_from = models.DateTimeField(_("results from"), null=True, blank=True)

    # Who may vote: residents of the municipality, or of one village, of at least this age.
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("only residents of village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every resident of the municipality may vote."),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=16, validators=[MinValueValidator(14), MaxValueValidator(120)]
    )

    ballot_format = models.CharField(
        _("ballot format"), max_length=16, choices=BallotFormat.choices, default=BallotFormat.APPROVAL
    )
    min_choices = models.PositiveSmallIntegerField(_("minimum number of projects"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of projects"), null=True, blank=True, help_text=_("Empty: no maximum.")
    )
    points_total = models.PositiveSmallIntegerField(
        _("points to distribute"), default=10, help_text=_("Cumulative ballots only.")
    )
    max_points_per_project = models.PositiveSmallIntegerField(
        _("maximum points per project"), null=True, blank=True, help_text=_("Cumulative ballots only.")
    )
    rule = models.CharField(
        _("counting rule"), max_length=32, choices=CountingRule.choices, default=CountingRule.MES_ADD1
    )
    allow_change = models.BooleanField(_("a ballot may be changed until voting closes"), default=False)
    comments_enabled = models.BooleanField(_("comments on proposals"), default=False)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    budget_line_key = models.CharField(
        _("budget line"), max_length=200, blank=True, help_text=_('The line key, e.g. "expenditure:…".')
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("participatory budgeting process")
        verbose_name_plural = _("participatory budgeting processes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="pb_process_budget_positive"),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=models.F("min_choices")),
                name="pb_process_choices_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def title(self) -> str:
        return _localized(self, "title")

    @property
    def description(self) -> str:
        return _localized(self, "description")

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @staticmethod
    def phase_index_of(phase: str) -> int:
        return PHASE_ORDER.index(phase)

    @property
    def tally_rule(self) -> str:
        return TALLY_RULE_NAMES[self.rule]


class PhaseChange(models.Model):
    """One move of a process to a later phase; the log of who moved it and when."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(pgettext_lazy("phase change", "from"), max_length=16, choices=Phase.choices)
    to_phase = models.CharField(pgettext_lazy("phase change", "to"), max_length=16, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class Category(models.TextChoices):
    WATER = "water", pgettext_lazy("pb category", "Water")
    ROADS = "roads", pgettext_lazy("pb category", "Roads")
    SCHOOLS = "schools", pgettext_lazy("pb category", "Schools and kindergartens")
    LIGHTING = "lighting", pgettext_lazy("pb category", "Street lighting")
    SPORT = "sport", pgettext_lazy("pb category", "Sport")
    CULTURE = "culture", pgettext_lazy("pb category", "Culture")
    SOCIAL = "social", pgettext_lazy("pb category", "Social support")
    HEALTH = "health", pgettext_lazy("pb category", "Health")
    ENVIRONMENT = "environment", pgettext_lazy("pb category", "Environment")
    OTHER = "other", pgettext_lazy("pb category", "Other")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    ON_BALLOT = "on_ballot", pgettext_lazy("proposal status", "On the ballot")
    REJECTED = "rejected", pgettext_lazy("proposal status", "Rejected")
    MERGED = "merged", pgettext_lazy("proposal status", "Merged into another proposal")


class Proposal(models.Model):
    """A project proposed by a citizen or an initiative group; reviewed by staff, then on the ballot or not.

    The number is the project's number on the ballot, in SMS ("VOTE 3 7 12") and on paper.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The project's number on the ballot, in SMS and on paper.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pb_proposals",
    )
    initiative_group = models.CharField(_("initiative group"), max_length=200, blank=True)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_ky = models.TextField(_("description (Kyrgyz)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    estimated_cost = models.DecimalField(
        _("estimated cost, som"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    final_cost = models.DecimalField(
        _("final cost, som"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    feasibility_note = models.TextField(_("feasibility review"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    rejection_reason_ky = models.TextField(_("reason for rejection (Kyrgyz)"), blank=True)
    rejection_reason_ru = models.TextField(_("reason for rejection (Russian)"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="pb_proposal_number_unique"),
            models.CheckConstraint(condition=~Q(title_ky="") | ~Q(title_ru=""), name="pb_proposal_has_title"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason_ky="") | ~Q(rejection_reason_ru=""),
                name="pb_proposal_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return _localized(self, "title", ("ky", "ru"))

    @property
    def description(self) -> str:
        return _localized(self, "description", ("ky", "ru"))

    @property
    def rejection_reason(self) -> str:
        return _localized(self, "rejection_reason", ("ky", "ru"))

    @property
    def cost(self) -> Decimal:
        return self.final_cost if self.final_cost is not None else self.estimated_cost


def proposal_photo_path(instance: ProposalPhoto, filename: str) -> str:
    # The name is ours: the uploaded file's name may carry personal details and is never kept.
    return f"pb/proposals/{instance.proposal_id}/{uuid.uuid4().hex}.jpg"


class ProposalPhoto(models.Model):
    """A photo of a proposal's place, re-encoded on upload so that no EXIF or location survives."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=proposal_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal photo")
        verbose_name_plural = _("proposal photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.image.name


class Comment(models.Model):
    """A citizen's comment on a proposal, where the process allows comments."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="pb_comments"
    )
    text = models.TextField(_("comment"), max_length=2000)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Ballot(models.Model):
    """One person's ballot in one process, with no link to the person (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    voter_key = models.CharField(max_length=64)
    # Snapshots of the voter's village and self-declared profile, for aggregates of 5 or more only.
    village = models.ForeignKey(
        "territory.Settlement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices, blank=True)
    created_at = models.DateField(_("cast on"), default=timezone.localdate)
    # The keyed hash of the receipt given to the voter when the ballot was last cast (kenesh.pb.receipts).
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["process", "voter_key"], name="pb_ballot_one_per_voter"),
        ]

    def __str__(self) -> str:
        return str(self.id)


class BallotChoice(models.Model):
    """One project chosen on a ballot: one approval, a number of points, or a rank (1 = first)."""

    # Random keys, like the ballot's: sequential ids would follow the order of `Participation` rows.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="ballot_choices")
    points = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        ordering = ["rank", "proposal__number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="pb_choice_once_per_ballot"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.proposal_id}"


class Participation(models.Model):
    """That a person voted, by which channel: what staff may see. Never linked to a ballot's choices."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pb_participations",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    voted_at = models.DateTimeField(_("voted"), default=timezone.now)
    changed_at = models.DateTimeField(_("ballot changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-voted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user"], condition=Q(user__isnull=False), name="pb_participation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.process_id}"


class Credential(models.TextChoices):
    CODE = "code", pgettext_lazy("desk credential", "Voting code")
    PAPER = "paper", pgettext_lazy("desk credential", "Paper ballot")


class DeskVoter(models.Model):
    """A person recorded at the desk of the aiyl okmotu in one process and handed a code or a paper ballot.

    One row per person and process, ever: either a resident account (`user`; the code or paper ballot
    then votes as "user:<id>", so it collides with the same person's web or SMS ballot), or, for a
    person without an account, the register entry keyed by `pin_hash`, an HMAC-SHA256 with SECRET_KEY
    of the 14-digit personal identification number (ПИН) from the ID card; the PIN itself is never
    stored. Such a person votes as "desk:<id>".
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="desk_voters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pin_hash = models.CharField(max_length=64, blank=True)
    full_name = models.CharField(_("full name"), max_length=200)
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credential = models.CharField(_("handed out"), max_length=8, choices=Credential.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("handed out on"), default=timezone.now)

    class Meta:
        verbose_name = _("person recorded at the desk")
        verbose_name_plural = _("people recorded at the desk")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user"], condition=Q(user__isnull=False), name="pb_desk_account_once"
            ),
            models.UniqueConstraint(
                fields=["process", "pin_hash"], condition=~Q(pin_hash=""), name="pb_desk_pin_once"
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(pin_hash="")) | (Q(user__isnull=True) & ~Q(pin_hash="")),
                name="pb_desk_account_or_pin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} @ {self.process_id}"

    @property
    def identity_key(self) -> str:
        """The identity its code or paper ballot votes as (see `kenesh.pb.ballots.Identity`)."""
        return f"user:{self.user_id}" if self.user_id is not None else f"desk:{self.pk}"


class VotingCode(models.Model):
    """A one-time voting code printed on a slip; only the SHA-256 of its normalised text is stored.

    `holder`: the person it was handed to at the desk. Codes without one (made in anonymous batches
    before the desk register existed) are not accepted any more.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    holder = models.OneToOneField(
        DeskVoter, null=True, blank=True, on_delete=models.PROTECT, related_name="code"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.process_id}/{self.pk}"


class PaperStatus(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("paper ballot", "Handed out, not entered yet")
    PENDING = "pending", pgettext_lazy("paper ballot", "Waiting for the second entry")
    MATCHED = "matched", pgettext_lazy("paper ballot", "Both entries match: counted")
    MISMATCH = "mismatch", pgettext_lazy("paper ballot", "Entries differ: needs resolution")
    RESOLVED = "resolved", pgettext_lazy("paper ballot", "Resolved: counted")


class PaperBallot(models.Model):
    """A paper ballot by its printed serial number, entered twice by two different staff members.

    It is made when the desk hands it to a recorded person; `voter_key` is that person's voter key
    (the HMAC the ballot will carry), not a link to the person, so that the readings typed in for this
    serial cannot be joined to a name in the database.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="paper_ballots")
    serial = models.CharField(_("serial number"), max_length=32)
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PaperStatus.choices, default=PaperStatus.PENDING
    )
    ballot = models.OneToOneField(
        Ballot, null=True, blank=True, on_delete=models.SET_NULL, related_name="paper"
    )
    voter_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        ordering = ["process", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["process", "serial"], name="pb_paper_serial_unique"),
        ]

    def __str__(self) -> str:
        return self.serial


class PaperEntry(models.Model):
    """One staff member's reading of a paper ballot: the numbers of the projects marked (and points/ranks)."""

    paper = models.ForeignKey(PaperBallot, on_delete=models.CASCADE, related_name="entries")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # {"<proposal number>": points or rank}; approval and knapsack entries use 1.
    choices = models.JSONField(_("choices"), default=dict)
    is_resolution = models.BooleanField(_("resolves a mismatch"), default=False)
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.paper_id} by {self.entered_by_id}"


class ResultStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("count status", "Queued")
    RUNNING = "running", pgettext_lazy("count status", "Counting")
    DONE = "done", pgettext_lazy("count status", "Done")
    FAILED = "failed", pgettext_lazy("count status", "Failed")


class Result(models.Model):
    """One count of a process's ballots; a recount is a new result linked to the one it checks."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="results")
    rule = models.CharField(_("counting rule"), max_length=32, choices=CountingRule.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ballots_counted = models.PositiveIntegerField(_("ballots counted"), default=0)
    total_cost = models.DecimalField(
        _("total cost, som"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    recount_of = models.ForeignKey(
        "self",
        verbose_name=_("recount of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recounts",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    export = models.TextField(_("Pabulib export"), blank=True)
    export_sha256 = models.CharField(_("SHA-256 of the export"), max_length=64, blank=True)
    # The engine's result-wide explanation (satisfaction, per-voter budget, rounds): kenesh.pb.count_store.
    details = models.JSONField(_("count details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.rule} ({self.status})"


class ResultProject(models.Model):
    """One project in one result: its cost, its votes, whether it was selected, and why."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="projects")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="result_rows")
    cost = models.DecimalField(_("cost, som"), max_digits=16, decimal_places=2)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    selected = models.BooleanField(_("selected"), default=False)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project in a result")
        verbose_name_plural = _("projects in a result")
        ordering = ["result", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["result", "proposal"], name="pb_result_project_once"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.proposal_id}"


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("implementation", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("implementation", "In progress")
    DONE = "done", pgettext_lazy("implementation", "Done")
    STALLED = "stalled", pgettext_lazy("implementation", "Stalled")


class ImplementationProject(models.Model):
    """A winning proposal being built: status, progress, the budget line that funds it."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="implementation")
    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="implementation_projects")
    status = models.CharField(
        _("status"), max_length=16, choices=ImplementationStatus.choices, default=ImplementationStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    budget_line_key = models.CharField(_("budget line"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("project being implemented")
        verbose_name_plural = _("projects being implemented")
        ordering = ["proposal__number"]

    def __str__(self) -> str:
        return str(self.proposal)


def implementation_photo_path(instance: ImplementationUpdate, filename: str) -> str:
    return f"pb/implementation/{instance.project_id}/{uuid.uuid4().hex}.jpg"


class ImplementationUpdate(models.Model):
    """A staff report on a project's progress, with an optional photo."""

    project = models.ForeignKey(ImplementationProject, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to=implementation_photo_path, null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=16, choices=ImplementationStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]
