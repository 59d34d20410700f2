"""Forms of the surveys app: the questionnaire (built from an instrument), the office's instrument, round
and import forms. The questionnaire's fields carry the choices' codes, so its cleaned data goes to
kenesh.surveys.services as raw answers, checked there once for every channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.surveys.bank import BANK, LIKERT_LABELS
from kenesh.surveys.models import Choice, Instrument, Kind, Question, Round

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _label(pair: tuple[str, str]) -> str:
    from django.utils.translation import get_language

    return pair[1] if (get_language() or "ky").startswith("ru") else pair[0]


class QuestionnaireForm(forms.Form):
    """One field per question, named by its code; options shown in the reader's language."""

    def __init__(self, *args: Any, questions: list[tuple[Question, list[Choice]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question, choices in questions:
            label = question.text
            required = question.required
            field: forms.Field
            if question.kind == Kind.SINGLE:
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    widget=forms.RadioSelect,
                    choices=[(c.code, c.label) for c in choices],
                )
            elif question.kind == Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    required=required,
                    widget=forms.CheckboxSelectMultiple,
                    choices=[(c.code, c.label) for c in choices],
                )
            elif question.kind == Kind.LIKERT:
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    widget=forms.RadioSelect,
                    choices=[(str(value), _label(pair)) for value, pair in LIKERT_LABELS.items()],
                )
            elif question.kind == Kind.NUMBER:
                field = forms.DecimalField(
                    label=label,
                    required=required,
                    min_value=0,
                    max_value=1_000_000,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
                )
            else:
                field = forms.CharField(label=label, required=required, max_length=300)
            self.fields[question.code] = field

    def raw_answers(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            raw[name] = "" if value is None else (value if isinstance(value, list) else str(value))
        return raw


class InstrumentForm(forms.Form):
    title_ky = forms.CharField(label=_("Title (Kyrgyz)"), max_length=200)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200)
    questions = forms.MultipleChoiceField(
        label=_("Questions from the bank"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        russian = (get_language() or "ky").startswith("ru")
        questions = self.fields["questions"]
        assert isinstance(questions, forms.MultipleChoiceField)
        questions.choices = [(entry.code, entry.text_ru if russian else entry.text_ky) for entry in BANK]


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "instrument",
            "kind",
            "starts_on",
            "ends_on",
            "mode",
            "sampling_ky",
            "sampling_ru",
            "open_on_web",
            "sign_in_required",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.filter(municipality=municipality)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The round cannot end before it starts."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV export from KoboToolbox"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        name = (upload.name or "").lower()
        if not (name.endswith(".csv") or name.endswith(".txt")):
            raise forms.ValidationError(_("Choose a CSV file (.csv)."))
        return upload
