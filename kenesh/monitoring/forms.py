"""The monitor's visit form (its checklist depends on what was visited), the staff's answer form, and the
administrators' checklist editor.

The checks of meaning (date, score range, findings, what recorded visits fix) are the service's
(kenesh.monitoring.services); the forms only parse, so a rejected form re-renders with everything that was
typed. The visit form and the checklist editor grow by rows: an "add another" submit button re-renders the
form, bound to what was typed, with one more empty row (without JavaScript; kenesh/monitoring/static/
monitoring/rows.js adds the row in place when it runs), and a submission never carries fewer rows than were
filled in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from kenesh.monitoring.models import ChecklistTemplate, ObjectKind, Service
from kenesh.monitoring.services import (
    MAX_FINDINGS,
    MAX_NAME,
    MAX_QUESTION_TEXT,
    MAX_QUESTIONS,
    ChecklistInput,
    ChecklistUsage,
    FindingInput,
    QuestionInput,
    VisitInput,
    questions_asked,
)
from kenesh.plans.models import GroupMember, PlanGroup

FINDING_ROWS = 2  # empty finding rows of a new visit form
NEW_QUESTION_ROWS = 2  # empty question rows of the checklist editor
ROW_INDEX = "__n__"  # in the blank row rows.js copies: the row's index, and (below) its number
ROW_NUMBER = "__number__"


def rows_wanted(data: Any, count_name: str, add_name: str, filled: list[str], start: int, most: int) -> int:
    """How many rows a form shows: the count the page carried (a hidden input), at least every row that has
    text (so nothing typed is dropped, whatever the count says), one more if "add another" was pressed;
    `start` on a new form, never more than `most`. `filled` are the field prefixes of a row ("finding_")."""
    if data is None:
        return start
    try:
        rows = int(data.get(count_name, start))
    except (TypeError, ValueError):
        rows = start
    for index in range(most):
        if any(str(data.get(f"{prefix}{index}", "")).strip() for prefix in filled):
            rows = max(rows, index + 1)
    if add_name in data:
        rows += 1
    return max(1, min(rows, most))


class GrowingForm(forms.Form):
    """A form that an "add another row" button re-renders: then nothing is judged yet, and no error shows."""

    add_button = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.growing = self.is_bound and self.add_button in self.data

    def full_clean(self) -> None:
        if self.growing:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


def _finding_field(number: object) -> forms.CharField:
    return forms.CharField(
        label=_("Finding %(number)s") % {"number": number},
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _recommendation_field(number: object) -> forms.CharField:
    return forms.CharField(
        label=_("Recommendation %(number)s") % {"number": number},
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VisitForm(GrowingForm):
    add_button = "add_finding"
    visited_on = forms.DateField(
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date of the visit."), "invalid": _("Enter a date.")},
    )
    group = forms.ModelChoiceField(
        label=_("Monitoring group"), queryset=PlanGroup.objects.none(), required=False
    )
    members_present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=GroupMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others_present = forms.CharField(label=_("Others present"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        groups: list[PlanGroup],
        members: list[GroupMember],
        template: ChecklistTemplate | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ModelChoiceField)
        group_field.queryset = PlanGroup.objects.filter(pk__in=[g.pk for g in groups])
        group_field.label_from_instance = lambda g: f"{g.name} ({g.plan.year})"  # type: ignore[method-assign,assignment]
        members_field = self.fields["members_present"]
        assert isinstance(members_field, forms.ModelMultipleChoiceField)
        members_field.queryset = GroupMember.objects.filter(pk__in=[m.pk for m in members])
        members_field.label_from_instance = lambda m: m.display_name  # type: ignore[method-assign,assignment]
        self.template = template
        self.questions = questions_asked(template)
        for question in self.questions:
            self.fields[f"score_{question.pk}"] = forms.IntegerField(
                label=question.text,
                required=False,
                widget=forms.NumberInput(
                    attrs={"min": template.scale_min, "max": template.scale_max, "inputmode": "numeric"}  # type: ignore[union-attr]
                ),
                error_messages={"invalid": _("A score is a whole number.")},
            )
        self.rows = rows_wanted(
            self.data if self.is_bound else None,
            "finding_rows",
            self.add_button,
            ["finding_", "recommendation_"],
            FINDING_ROWS,
            MAX_FINDINGS,
        )
        for index in range(self.rows):
            self.fields[f"finding_{index}"] = _finding_field(index + 1)
            self.fields[f"recommendation_{index}"] = _recommendation_field(index + 1)

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{q.pk}"] for q in self.questions]

    def finding_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i + 1, self[f"finding_{i}"], self[f"recommendation_{i}"]) for i in range(self.rows)]

    @property
    def can_add_finding(self) -> bool:
        return self.rows < MAX_FINDINGS

    @property
    def max_findings(self) -> int:
        return MAX_FINDINGS

    def blank_finding_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """The row rows.js copies, with ROW_INDEX and ROW_NUMBER where the index and number go."""
        blank = forms.Form(auto_id=self.auto_id)
        blank.fields[f"finding_{ROW_INDEX}"] = _finding_field(ROW_NUMBER)
        blank.fields[f"recommendation_{ROW_INDEX}"] = _recommendation_field(ROW_NUMBER)
        return [(ROW_NUMBER, blank[f"finding_{ROW_INDEX}"], blank[f"recommendation_{ROW_INDEX}"])]

    def to_input(self) -> VisitInput:
        data = self.cleaned_data
        group = data.get("group")
        return VisitInput(
            visited_on=data.get("visited_on"),
            group=group,
            members_present=list(data.get("members_present") or []),
            others_present=data.get("others_present", ""),
            notes=data.get("notes", ""),
            scores={q.pk: data.get(f"score_{q.pk}") for q in self.questions},
            findings=[
                FindingInput(data.get(f"finding_{i}", ""), data.get(f"recommendation_{i}", ""))
                for i in range(self.rows)
            ],
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer of the LSG body"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the answer.")},
    )


def _question_text_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=MAX_QUESTION_TEXT, widget=forms.TextInput(attrs={"size": 40})
    )


def _new_question_fields(number: object) -> dict[str, forms.Field]:
    return {
        "ky": _question_text_field(_("New question %(number)s in Kyrgyz") % {"number": number}),
        "ru": _question_text_field(_("New question %(number)s in Russian") % {"number": number}),
    }


class ChecklistForm(GrowingForm):
    """A checklist template: its kind, title and scale, its questions (wording, order, retired) and new ones.

    What recorded visits fix (see kenesh.monitoring.models.ChecklistTemplate) is shown, not offered as a
    field.
    """

    add_button = "add_question"

    kind = forms.ChoiceField(label=_("Kind of object"), choices=ObjectKind.choices)
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=[("", _("All services (the general checklist)")), *Service.choices],
        help_text=_("Only for a checklist of a municipal service."),
    )
    name_ky = forms.CharField(label=_("Title in Kyrgyz"), required=False, max_length=MAX_NAME)
    name_ru = forms.CharField(label=_("Title in Russian"), required=False, max_length=MAX_NAME)
    scale_min = forms.IntegerField(
        label=_("Lowest score"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the lowest score."), "invalid": _("A score is a whole number.")},
    )
    scale_max = forms.IntegerField(
        label=_("Highest score"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the highest score."),
            "invalid": _("A score is a whole number."),
        },
    )

    def __init__(
        self,
        *args: Any,
        template: ChecklistTemplate | None = None,
        usage: ChecklistUsage | None = None,
        **kwargs: Any,
    ) -> None:
        if template is not None and not kwargs.get("data") and not args:
            kwargs.setdefault(
                "initial",
                {
                    "kind": template.kind,
                    "service": template.service,
                    "name_ky": template.name_ky,
                    "name_ru": template.name_ru,
                    "scale_min": template.scale_min,
                    "scale_max": template.scale_max,
                },
            )
        super().__init__(*args, **kwargs)
        self.template = template
        self.usage = usage or ChecklistUsage(0, frozenset())
        if self.usage.used:
            for name in ("kind", "service", "scale_min", "scale_max"):
                del self.fields[name]
        self.questions = list(template.questions.order_by("sort_order", "id")) if template is not None else []
        for number, question in enumerate(self.questions, start=1):
            prefix = f"q{question.pk}_"
            if question.pk not in self.usage.scored:
                self.fields[prefix + "ky"] = _question_text_field(
                    _("Question %(number)s in Kyrgyz") % {"number": number}
                )
                self.fields[prefix + "ru"] = _question_text_field(
                    _("Question %(number)s in Russian") % {"number": number}
                )
                self.initial.setdefault(prefix + "ky", question.text_ky)
                self.initial.setdefault(prefix + "ru", question.text_ru)
            self.fields[prefix + "order"] = forms.IntegerField(
                label=_("Order"),
                required=False,
                min_value=0,
                max_value=999,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
            )
            self.fields[prefix + "retired"] = forms.BooleanField(
                label=_("Retired: no longer asked"), required=False
            )
            self.initial.setdefault(prefix + "order", question.sort_order)
            self.initial.setdefault(prefix + "retired", question.retired_at is not None)
        self.rows = rows_wanted(
            self.data if self.is_bound else None,
            "new_rows",
            self.add_button,
            ["new_ky_", "new_ru_"],
            NEW_QUESTION_ROWS if self.questions else NEW_QUESTION_ROWS + 1,
            MAX_QUESTIONS,
        )
        for index in range(self.rows):
            for language, field in _new_question_fields(index + 1).items():
                self.fields[f"new_{language}_{index}"] = field

    def question_rows(self) -> list[dict[str, Any]]:
        rows = []
        for number, question in enumerate(self.questions, start=1):
            prefix = f"q{question.pk}_"
            rows.append(
                {
                    "number": number,
                    "question": question,
                    "scored": question.pk in self.usage.scored,
                    "ky": self[prefix + "ky"] if prefix + "ky" in self.fields else None,
                    "ru": self[prefix + "ru"] if prefix + "ru" in self.fields else None,
                    "order": self[prefix + "order"],
                    "retired": self[prefix + "retired"],
                }
            )
        return rows

    def new_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i + 1, self[f"new_ky_{i}"], self[f"new_ru_{i}"]) for i in range(self.rows)]

    @property
    def can_add_question(self) -> bool:
        return self.rows < MAX_QUESTIONS

    @property
    def max_questions(self) -> int:
        return MAX_QUESTIONS

    def blank_new_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """The row rows.js copies (see VisitForm.blank_finding_rows)."""
        blank = forms.Form(auto_id=self.auto_id)
        for language, field in _new_question_fields(ROW_NUMBER).items():
            blank.fields[f"new_{language}_{ROW_INDEX}"] = field
        return [(ROW_NUMBER, blank[f"new_ky_{ROW_INDEX}"], blank[f"new_ru_{ROW_INDEX}"])]

    def to_input(self) -> ChecklistInput:
        data = self.cleaned_data
        template = self.template
        fixed = template is not None and self.usage.used

        def value(name: str, default: Any) -> Any:
            return getattr(template, name) if fixed else data.get(name, default)

        questions = []
        for question in self.questions:
            prefix = f"q{question.pk}_"
            scored = question.pk in self.usage.scored
            order = data.get(prefix + "order")
            questions.append(
                QuestionInput(
                    pk=question.pk,
                    text_ky=question.text_ky if scored else data.get(prefix + "ky", ""),
                    text_ru=question.text_ru if scored else data.get(prefix + "ru", ""),
                    sort_order=question.sort_order if order is None else order,
                    retired=bool(data.get(prefix + "retired")),
                )
            )
        for index in range(self.rows):
            ky, ru = data.get(f"new_ky_{index}", ""), data.get(f"new_ru_{index}", "")
            if ky.strip() or ru.strip():
                questions.append(QuestionInput(text_ky=ky, text_ru=ru))
        return ChecklistInput(
            kind=value("kind", ""),
            service=value("service", "") or "",
            name_ky=data.get("name_ky", ""),
            name_ru=data.get("name_ru", ""),
            scale_min=value("scale_min", None),
            scale_max=value("scale_max", None),
            questions=questions,
        )
