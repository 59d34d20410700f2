"""Forms of the budget office pages: budget, version, file upload, line, summary texts, comparison."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kenesh.budgets.importer import FORMATS, MAX_FILE_BYTES, amount_parse
from kenesh.budgets.models import (
    Budget,
    BudgetVersion,
    Classification,
    ClassificationKind,
    ExecutionPeriod,
    VersionKind,
)


class AmountField(forms.CharField):
    """An amount in som typed as accountants type it ("1 234 567,89"); a Decimal when cleaned."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # No max_length: its validator would measure the cleaned Decimal; amount_parse bounds the value.
        self.widget.attrs.setdefault("maxlength", "40")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return amount_parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BudgetCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    population = forms.IntegerField(
        label=_("Population on 1 January"),
        min_value=0,
        required=False,
        help_text=_("Per-capita figures use it; empty: the municipality's population."),
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} ({obj.date:%d.%m.%Y})"


class VersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VersionKind.choices)
    number = forms.IntegerField(
        label=_("Amendment number"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("Amendments only; empty: the next number."),
    )
    period = forms.ChoiceField(
        label=_("Period of the report"),
        choices=[("", "—"), *ExecutionPeriod.choices],
        required=False,
        help_text=_("Execution reports only."),
    )
    date = forms.DateField(label=_("Date of the version"), widget=DateInput())
    act_title = forms.CharField(
        label=_("Act"),
        max_length=300,
        required=False,
        help_text=_("For example: Decision of the aiyl kenesh No 5-12."),
    )
    act_title_ru = forms.CharField(
        label=_("Act, title in Russian"),
        max_length=300,
        required=False,
        help_text=_(
            "Russian-speaking readers see it; without it they see the title above, marked as Kyrgyz."
        ),
    )
    act_date = forms.DateField(label=_("Date of the act"), required=False, widget=DateInput())
    copy_from = VersionChoiceField(
        label=_("Copy the lines of"),
        queryset=BudgetVersion.objects.none(),
        required=False,
        empty_label=_("(start empty)"),
    )

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["copy_from"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = budget.versions.select_related("budget__municipality")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Budget file (CSV or XLSX)"),
        help_text=_("The lines of the file replace all lines of this version."),
    )
    declared_revenue = AmountField(
        label=_("Total revenue (optional)"),
        required=False,
        help_text=_("If given, the sum of the file's revenue lines must equal it."),
    )
    declared_expenditure = AmountField(
        label=_("Total expenditure (optional)"),
        required=False,
        help_text=_("If given, the sum of the file's expenditure lines must equal it."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in FORMATS:
            raise ValidationError(_("Upload a .csv or .xlsx file."), code="extension")
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."), code="size")
        return upload


class CodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


def _leaves(*kinds: str) -> Any:
    return Classification.objects.filter(kind__in=kinds, valid=True, children__isnull=True).order_by(
        "kind", "sort_order", "code"
    )


class LineForm(forms.Form):
    code = CodeChoiceField(
        label=_("Code"),
        queryset=_leaves(ClassificationKind.REVENUE, ClassificationKind.FUNCTION),
        help_text=_("A revenue code makes a revenue line, a function code an expenditure line."),
    )
    economic = CodeChoiceField(
        label=_("Economic item"),
        queryset=_leaves(ClassificationKind.ECONOMIC),
        required=False,
        help_text=_("Expenditure lines only."),
    )
    amount = AmountField(label=_("Amount, som"))
    over_plan = forms.BooleanField(
        label=_("Above plan allowed"),
        required=False,
        help_text=_("Execution reports: allows an amount above the plan in force; say why in the note."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Revenue codes and function codes in two groups of one list.
        code = self.fields["code"]
        assert isinstance(code, CodeChoiceField)
        groups: dict[str, list[tuple[int, str]]] = {}
        for item in code.queryset:  # type: ignore[union-attr]
            groups.setdefault(str(item.get_kind_display()), []).append(
                (item.pk, code.label_from_instance(item))
            )
        code.choices = [("", "—"), *((group, choices) for group, choices in groups.items())]


# The page puts the figures of the version it shows above the summary; typed figures would go stale at the
# next amendment, so the staff write what the figures cannot say.
SUMMARY_HELP = _(
    "Do not repeat amounts or shares: the page states them above this text from the version it shows. "
    "Say what matters this year and why."
)


class SummaryForm(forms.Form):
    summary_ky = forms.CharField(
        label=_("Summary in Kyrgyz"),
        help_text=SUMMARY_HELP,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    summary_ru = forms.CharField(
        label=_("Summary in Russian"),
        help_text=SUMMARY_HELP,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    summary_en = forms.CharField(
        label=_("Summary in English"),
        help_text=SUMMARY_HELP,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    population = forms.IntegerField(
        label=_("Population on 1 January"),
        min_value=0,
        required=False,
        help_text=_("Per-capita figures use it; empty: the municipality's population."),
    )


class CompareForm(forms.Form):
    a = VersionChoiceField(label=_("First version"), queryset=BudgetVersion.objects.none())
    b = VersionChoiceField(label=_("Second version"), queryset=BudgetVersion.objects.none())

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = budget.versions.select_related("budget__municipality")
