"""Forms of the subscriptions pages; the services check the rules, the forms check the shapes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kenesh.subscriptions.models import PRICED_PLANS
from kenesh.subscriptions.services import MAX_ANSWER, MAX_QUESTION, MAX_SEATS
from kenesh.territory.models import Municipality


class MunicipalityChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        first, second = (obj.name_ru, obj.name_ky) if get_language() == "ru" else (obj.name_ky, obj.name_ru)
        return str(first or second)


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def _amount_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_digits=12, decimal_places=2)


class DuesForm(forms.Form):
    municipality = MunicipalityChoice(
        label=_("LSG body (municipality)"), queryset=Municipality.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = _amount_field(_("Amount paid, som"))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.current().order_by("name_ru")  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year


class PriceForm(forms.Form):
    plan = forms.ChoiceField(
        label=pgettext_lazy("subscription plan", "Plan"), choices=[(p.value, p.label) for p in PRICED_PLANS]
    )
    amount = _amount_field(_("Price a year, som"))
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))


class PaymentForm(forms.Form):
    invoice_number = forms.CharField(
        label=_("Invoice number"),
        max_length=40,
        help_text=_("As printed on the invoice, for example 2026-0001."),
    )
    amount = _amount_field(_("Amount received, som"))
    paid_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Bank reference (optional)"), max_length=100, required=False)


class SeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("Number of seats"), min_value=1, max_value=MAX_SEATS)


class SeatForm(forms.Form):
    user = PersonChoice(label=_("Staff member or deputy"), queryset=Municipality.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    """Ask for an invoice: for oneself, or for the LSG body one works at (its staff only)."""

    INDIVIDUAL = "individual"
    payer = forms.ChoiceField(label=_("Who subscribes?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(self.INDIVIDUAL, _("I, as a person (individual plan)"))]
        for municipality in municipalities:
            name = MunicipalityChoice(queryset=Municipality.objects.none()).label_from_instance(municipality)
            choices.append((municipality.coate, _("The LSG body of %(name)s") % {"name": name}))
        self.fields["payer"].choices = choices  # type: ignore[attr-defined]
        self.fields["payer"].initial = self.INDIVIDUAL


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=MAX_QUESTION, widget=forms.Textarea(attrs={"rows": 6})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8})
    )
