"""Forms of the surveys app: the questionnaire (built from an instrument), the office's instrument, round
and import forms. The questionnaire's fields carry the choices' codes, so its cleaned data goes to
kenesh.surveys.services as raw answers, checked there once for every channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.surveys.bank import BANK, LIKERT_LABELS
from kenesh.surveys.models import MAX_CHOICES, Choice, Instrument, Kind, OwnQuestion, Question, Role, Round
from kenesh.surveys.services import OWN_KINDS, OWN_ROLES, OwnQuestionDraft

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

    def __init__(self, *args: Any, municipality_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = self.fields["questions"]
        assert isinstance(questions, forms.MultipleChoiceField)
        choices = [(entry.code, _label((entry.text_ky, entry.text_ru))) for entry in BANK]
        if municipality_id is not None:
            own = OwnQuestion.objects.filter(municipality_id=municipality_id)
            choices += [(q.code, f"{q.text} ({_own_mark()})") for q in own]
        questions.choices = choices


def _own_mark() -> str:
    return str(_("our own question"))


KIND_CHOICES = [(kind.value, kind.label) for kind in OWN_KINDS]
ROLE_CHOICES = [(role.value, role.label) for role in OWN_ROLES]
OPTION_ROWS = 4
"""Option rows shown at first; "More options" adds as many again (no JavaScript), up to MAX_CHOICES."""


class OwnQuestionForm(forms.Form):
    """A question written by staff: the text in either language or both, its type, and for a choice its
    options, each a code (made up if empty), a label in Kyrgyz and/or Russian, and whether it counts."""

    text_ky = forms.CharField(label=_("Question (Kyrgyz)"), max_length=300, required=False)
    text_ru = forms.CharField(label=_("Question (Russian)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    role = forms.ChoiceField(label=_("What it measures"), choices=ROLE_CHOICES, initial=Role.OTHER)
    code = forms.CharField(
        label=_("Code (field name in the XLSForm)"),
        max_length=40,
        required=False,
        help_text=_("Small Latin letters, digits and underscores; left empty, one is made up."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = OPTION_ROWS
        if self.data:
            try:
                rows = max(OPTION_ROWS, min(MAX_CHOICES, int(self.data.get("rows") or OPTION_ROWS)))
            except ValueError:
                rows = OPTION_ROWS
            if "more" in self.data:
                rows = min(MAX_CHOICES, rows + OPTION_ROWS)
        self.option_count = rows
        self.initial["rows"] = rows
        if self.data:
            data = dict(self.data.items())
            data["rows"] = str(rows)
            self.data = data
        for index in range(1, rows + 1):
            self.fields[f"option_{index}_code"] = forms.CharField(
                label=_("Code"), max_length=40, required=False
            )
            self.fields[f"option_{index}_ky"] = forms.CharField(
                label=_("Label (Kyrgyz)"), max_length=200, required=False
            )
            self.fields[f"option_{index}_ru"] = forms.CharField(
                label=_("Label (Russian)"), max_length=200, required=False
            )
            self.fields[f"option_{index}_positive"] = forms.BooleanField(
                label=_("Counted in the share (for example “yes”)"), required=False
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("text_ky", "text_ru", "kind", "role", "code", "required")]

    def option_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (index, [self[f"option_{index}_{part}"] for part in ("code", "ky", "ru", "positive")])
            for index in range(1, self.option_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text_ky", "").strip() or data.get("text_ru", "").strip()):
            self.add_error("text_ky", _("Write the question in Kyrgyz, in Russian, or in both."))
        return data

    def draft(self) -> OwnQuestionDraft:
        data = self.cleaned_data
        return OwnQuestionDraft(
            kind=data["kind"],
            text_ky=data["text_ky"],
            text_ru=data["text_ru"],
            role=data["role"],
            code=data["code"],
            required=data["required"],
            choices=[
                (
                    data[f"option_{i}_code"],
                    data[f"option_{i}_ky"],
                    data[f"option_{i}_ru"],
                    data[f"option_{i}_positive"],
                )
                for i in range(1, self.option_count + 1)
            ],
        )


class RewordForm(forms.Form):
    """The wording of one question of an instrument, and its options' labels."""

    text_ky = forms.CharField(label=_("Question (Kyrgyz)"), max_length=300, required=False)
    text_ru = forms.CharField(label=_("Question (Russian)"), max_length=300, required=False)

    def __init__(self, *args: Any, question: Question, choices: list[Choice], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "text_ky": question.text_ky,
                "text_ru": question.text_ru,
                **{f"label_{c.code}_ky": c.label_ky for c in choices},
                **{f"label_{c.code}_ru": c.label_ru for c in choices},
            },
        )
        super().__init__(*args, **kwargs)
        self.choices = choices
        for choice in choices:
            for language, label in (("ky", _("Label (Kyrgyz)")), ("ru", _("Label (Russian)"))):
                self.fields[f"label_{choice.code}_{language}"] = forms.CharField(
                    label=f"{choice.code}: {label}", max_length=200, required=False
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text_ky", "").strip() or data.get("text_ru", "").strip()):
            self.add_error("text_ky", _("Write the question in Kyrgyz, in Russian, or in both."))
        return data

    def labels(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {c.code: (data[f"label_{c.code}_ky"], data[f"label_{c.code}_ru"]) for c in self.choices}


class OrderForm(forms.Form):
    """A place number for each question; the questions are put in the order of the numbers (ties keep the
    present order)."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for place, question in enumerate(questions, start=1):
            self.fields[f"at_{question.code}"] = forms.IntegerField(
                label=question.text, min_value=1, max_value=999, initial=place
            )

    def order(self) -> list[str]:
        data = self.cleaned_data
        ranked = sorted(enumerate(self.questions), key=lambda pair: (data[f"at_{pair[1].code}"], pair[0]))
        return [question.code for _place, question in ranked]


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
