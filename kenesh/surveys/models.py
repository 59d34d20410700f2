"""Surveys of satisfaction, trust and perceived corruption: instruments, rounds, responses and answers.

Anonymity: a `Response` carries no link to a person, no time of day and a random key, so its rows cannot be
ordered against anything else. Where a person signs in to answer, the round remembers only a keyed
fingerprint of them (`RespondentKey`, HMAC-SHA256 with SECRET_KEY of the round and the person), in a table of
its own with nothing else in it: it stops a second answer, and nobody reading the database, staff and
administrators included, can tell which response is theirs.

Answers are stored compactly on their response: one number per question in `Response.values`, an array of
little-endian 64-bit floats indexed by the question's `slot` (NaN: not answered): the choice's position for a
single choice, a bit mask of positions for a multiple choice, 1-5 for a Likert item, the number itself; short
text answers in `Response.texts` ({question code: text}). A question's slot never changes while its
instrument version has responses (an answered version is frozen; an edit makes a new one), so a round's
answers load in one query as one array, which the indicators read with numpy.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.models import AgeGroup, Sex

MAX_CHOICES = 30
"""A multiple choice keeps its answer as a bit mask of positions: at most this many options."""


def localized(obj: object, field: str) -> str:
    """The reader's language's text of `field`, else the other one."""
    language = (get_language() or "ky").split("-")[0]
    order = ("ru", "ky") if language == "ru" else ("ky", "ru")
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


class Kind(models.TextChoices):
    SINGLE = "single", pgettext_lazy("question kind", "Single choice")
    MULTIPLE = "multiple", pgettext_lazy("question kind", "Multiple choice")
    LIKERT = "likert", pgettext_lazy("question kind", "Scale from 1 to 5")
    NUMBER = "number", pgettext_lazy("question kind", "Number")
    TEXT = "text", pgettext_lazy("question kind", "Short text")


class Role(models.TextChoices):
    """What a question measures: the indicators and breakdowns read it by this."""

    TRUST = "trust", pgettext_lazy("question role", "Trust in the LSG body")
    SATISFACTION = "satisfaction", pgettext_lazy("question role", "Satisfaction with a service")
    CORRUPTION = "corruption", pgettext_lazy("question role", "Perceived corruption")
    AWARENESS = "awareness", pgettext_lazy("question role", "Awareness")
    PARTICIPATION = "participation", pgettext_lazy("question role", "Participation")
    SEX = "sex", pgettext_lazy("question role", "Respondent's sex")
    AGE = "age", pgettext_lazy("question role", "Respondent's age group")
    VILLAGE = "village", pgettext_lazy("question role", "Respondent's village")
    OTHER = "other", pgettext_lazy("question role", "Other")


PROFILE_ROLES = (Role.SEX, Role.AGE, Role.VILLAGE)


class RoundKind(models.TextChoices):
    BASELINE = "baseline", pgettext_lazy("survey round", "Baseline")
    FOLLOW_UP = "follow_up", pgettext_lazy("survey round", "Follow-up")
    ENDLINE = "endline", pgettext_lazy("survey round", "Endline")


class Mode(models.TextChoices):
    WEB = "web", pgettext_lazy("survey mode", "Web")
    FACE_TO_FACE = "face_to_face", pgettext_lazy("survey mode", "Face to face")
    PHONE = "phone", pgettext_lazy("survey mode", "Phone")


class Source(models.TextChoices):
    WEB = "web", pgettext_lazy("response source", "Web")
    PAPER = "paper", pgettext_lazy("response source", "Paper, entered by staff")
    KOBO = "kobo", pgettext_lazy("response source", "KoboToolbox import")


class Instrument(models.Model):
    """One version of a questionnaire; frozen once a round has responses: an edit makes a new version."""

    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    family = models.UUIDField(_("questionnaire"), default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey instrument")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="surveys_instrument_version")
        ]

    def __str__(self) -> str:
        return f"{localized(self, 'title')} (v{self.version})"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def frozen(self) -> bool:
        return Response.objects.filter(round__instrument=self).exists()


class Question(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    # Where this question's answer sits in each response's `values`: fixed when the question is made, kept by
    # reordering and by the copy into a new version.
    slot = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.SlugField(_("code"), max_length=40, help_text=_("The field name in the XLSForm."))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("measures"), max_length=16, choices=Role.choices, default=Role.OTHER)
    text_ky = models.CharField(_("question (Kyrgyz)"), max_length=300)
    text_ru = models.CharField(_("question (Russian)"), max_length=300)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="surveys_question_code"),
            models.UniqueConstraint(fields=["instrument", "slot"], name="surveys_question_slot"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return localized(self, "text")


class Choice(models.Model):
    """An option of a single or multiple choice. `positive`: counted in the question's share (e.g. "yes")."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_CHOICES - 1)])
    code = models.CharField(max_length=40)
    label_ky = models.CharField(max_length=200)
    label_ru = models.CharField(max_length=200)
    positive = models.BooleanField(default=False)
    # For the profile questions: the value kept on the response (a sex, an age group, a village's id).
    profile_value = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="surveys_choice_position"),
            models.UniqueConstraint(fields=["question", "code"], name="surveys_choice_code"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return localized(self, "label")


class OwnQuestion(models.Model):
    """A question a municipality's staff wrote themselves: their part of the question bank, offered beside
    the national bank when they build or edit an instrument, and copied into it like a bank question."""

    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("measures"), max_length=16, choices=Role.choices, default=Role.OTHER)
    text_ky = models.CharField(_("question (Kyrgyz)"), max_length=300, blank=True)
    text_ru = models.CharField(_("question (Russian)"), max_length=300, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    # [{"code", "label_ky", "label_ru", "positive"}, ...] in order: a template, copied into Choice rows.
    choices = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("own question")
        ordering = ["municipality_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="surveys_own_question_code"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return localized(self, "text")


class Round(models.Model):
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField(_("round"), max_length=10, choices=RoundKind.choices)
    starts_on = models.DateField(pgettext_lazy("date range", "from"))
    ends_on = models.DateField(_("until"))
    mode = models.CharField(_("mode"), max_length=14, choices=Mode.choices)
    sampling_ky = models.TextField(_("sampling (Kyrgyz)"), blank=True)
    sampling_ru = models.TextField(_("sampling (Russian)"), blank=True)
    open_on_web = models.BooleanField(_("open for answers on the web"), default=False)
    sign_in_required = models.BooleanField(
        _("sign-in required on the web"),
        default=False,
        help_text=_("Answers stay anonymous either way; signed-in people can answer only once."),
    )

    class Meta:
        verbose_name = _("survey round")
        ordering = ["municipality_id", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y}"

    @property
    def sampling(self) -> str:
        return localized(self, "sampling")


class Response(models.Model):
    """One questionnaire answered: no person, no time of day; its profile copied from the profile answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    source = models.CharField(max_length=5, choices=Source.choices)
    day = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices, blank=True)
    village = models.ForeignKey(
        "territory.Settlement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    weight = models.FloatField(default=1.0, validators=[MinValueValidator(0.0)])
    # The answers: see the module's docstring (kenesh.surveys.answers.values_pack / values_unpack).
    values = models.BinaryField(default=b"")
    texts = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "sex", "age_group", "village"])]

    def __str__(self) -> str:
        return f"{self.round} / {self.pk}"


class RespondentKey(models.Model):
    """A signed-in person has answered this round: their keyed fingerprint, and nothing else."""

    key = models.CharField(primary_key=True, max_length=64)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.key[:12]
