"""The monitor's visit form (its checklist depends on what was visited) and the staff's answer form.

The checks of meaning (date, score range, findings) are the service's (kenesh.monitoring.services); the form
only parses, so a rejected form re-renders with everything that was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.monitoring.models import ChecklistTemplate
from kenesh.monitoring.services import FindingInput, VisitInput
from kenesh.plans.models import GroupMember, PlanGroup

FINDING_ROWS = 3


class VisitForm(forms.Form):
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
        self.questions = list(template.questions.all()) if template is not None else []
        for question in self.questions:
            self.fields[f"score_{question.pk}"] = forms.IntegerField(
                label=question.text,
                required=False,
                widget=forms.NumberInput(
                    attrs={"min": template.scale_min, "max": template.scale_max, "inputmode": "numeric"}  # type: ignore[union-attr]
                ),
                error_messages={"invalid": _("A score is a whole number.")},
            )
        for index in range(FINDING_ROWS):
            self.fields[f"finding_{index}"] = forms.CharField(
                label=_("Finding %(number)s") % {"number": index + 1},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"recommendation_{index}"] = forms.CharField(
                label=_("Recommendation %(number)s") % {"number": index + 1},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{q.pk}"] for q in self.questions]

    def finding_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i + 1, self[f"finding_{i}"], self[f"recommendation_{i}"]) for i in range(FINDING_ROWS)]

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
                for i in range(FINDING_ROWS)
            ],
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer of the LSG body"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the answer.")},
    )
