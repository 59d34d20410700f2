"""Forms of the hearings office: schedule a hearing, its materials, attendance, proposals and answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.budgets.models import BudgetVersion
from kenesh.hearings.models import AnswerStatus, Hearing, HearingProposal
from kenesh.hearings.services import ATTENDANCE_FIELDS, HEARING_FIELDS, MAX_PEOPLE
from kenesh.plans.models import PlanItem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.budget.year}: {obj.label}"


def versions_of(municipality: Any) -> Any:
    return (
        BudgetVersion.objects.filter(budget__municipality=municipality)
        .select_related("budget")
        .order_by("-budget__year", "date", "id")
    )


class HearingForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online link"),
        help_text=_("For a hearing held or streamed online."),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = Hearing
        fields = list(HEARING_FIELDS)
        field_classes = {"budget_version": VersionChoiceField}
        widgets = {
            "title_ky": forms.TextInput(attrs={"lang": "ky"}),
            "title_ru": forms.TextInput(attrs={"lang": "ru"}),
            "date": DateInput(),
            "time": TimeInput(),
            "notice_date": DateInput(),
        }
        help_texts = {
            "notice_date": _("The day the notice was posted or announced; it must be before the hearing."),
            "online_url": _("For a hearing held or streamed online."),
            "title_ky": _("Optional: the kind of hearing is shown when there is no title."),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = self.fields["budget_version"]
        assert isinstance(version, forms.ModelChoiceField)
        version.queryset = versions_of(municipality)

    def _post_clean(self) -> None:
        # The service checks the hearing (and says why in the person's language); the model's own
        # validation would only repeat the database constraints in other words.
        pass


class AttendanceForm(forms.Form):
    participants = forms.IntegerField(label=_("Participants, in all"), min_value=0, max_value=MAX_PEOPLE)
    women = forms.IntegerField(label=_("Women"), min_value=0, max_value=MAX_PEOPLE)
    men = forms.IntegerField(label=_("Men"), min_value=0, max_value=MAX_PEOPLE)
    youth = forms.IntegerField(label=_("Young people (14-28)"), min_value=0, max_value=MAX_PEOPLE, initial=0)
    elderly = forms.IntegerField(label=_("Older people"), min_value=0, max_value=MAX_PEOPLE, initial=0)
    disabled = forms.IntegerField(
        label=_("People with disabilities"), min_value=0, max_value=MAX_PEOPLE, initial=0
    )
    minorities = forms.IntegerField(
        label=_("Ethnic minorities"), min_value=0, max_value=MAX_PEOPLE, initial=0
    )
    officials = forms.IntegerField(
        label=_("Officials and deputies among them"), min_value=0, max_value=MAX_PEOPLE, initial=0
    )

    field_order = list(ATTENDANCE_FIELDS)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, or a JPEG, PNG or WebP image; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = HearingProposal
        fields = ["kind", "text_ky", "text_ru", "raised_by"]
        widgets = {
            "kind": forms.RadioSelect,
            "text_ky": forms.Textarea(attrs={"lang": "ky", "rows": 3}),
            "text_ru": forms.Textarea(attrs={"lang": "ru", "rows": 3}),
        }
        help_texts = {"raised_by": _("A group or a village, never a person's name.")}

    def _post_clean(self) -> None:
        pass


ANSWER_CHOICES = [(value, label) for value, label in AnswerStatus.choices if value != AnswerStatus.UNANSWERED]


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.year}: {obj.title}"


def plan_items_of(municipality: Any) -> Any:
    """The items of the municipality's action plans (and no other's), newest plan first."""
    return (
        PlanItem.objects.filter(plan__municipality=municipality)
        .select_related("plan")
        .order_by("-plan__year", "sort_order", "id")
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    answer_ky = forms.CharField(
        label=_("Answer or reason in Kyrgyz"),
        required=False,
        widget=forms.Textarea(attrs={"lang": "ky", "rows": 3}),
    )
    answer_ru = forms.CharField(
        label=_("Answer or reason in Russian"),
        required=False,
        widget=forms.Textarea(attrs={"lang": "ru", "rows": 3}),
    )
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=DateInput())
    budget_line_version = VersionChoiceField(
        label=_("Budget version of the amendment"), queryset=BudgetVersion.objects.none(), required=False
    )
    budget_line_key = forms.CharField(
        label=_("Budget line"),
        required=False,
        max_length=64,
        help_text=_("The line's key as in the open data, e.g. expenditure:7063:2215."),
    )
    plan_item = PlanItemChoiceField(
        label=_("Action plan item"),
        queryset=PlanItem.objects.none(),
        required=False,
        help_text=_("The item of the joint action plan that an accepted proposal became."),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = self.fields["budget_line_version"]
        assert isinstance(version, forms.ModelChoiceField)
        version.queryset = versions_of(municipality)
        item = self.fields["plan_item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = plan_items_of(municipality)


class PolicyForm(forms.Form):
    notice_days = forms.IntegerField(label=_("Days of notice before a hearing"), min_value=1, max_value=90)
    answer_days = forms.IntegerField(label=_("Days to answer a proposal"), min_value=1, max_value=365)


class SummaryForm(forms.Form):
    summary_ky = forms.CharField(
        label=_("Summary in Kyrgyz"), required=False, widget=forms.Textarea(attrs={"lang": "ky", "rows": 5})
    )
    summary_ru = forms.CharField(
        label=_("Summary in Russian"), required=False, widget=forms.Textarea(attrs={"lang": "ru", "rows": 5})
    )
