"""Back-office forms: the executive body, the council and its deputies of one municipality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.territory.models import Council, Deputy, ExecutiveBody, Settlement, Sex, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ExecutiveBodyForm(forms.ModelForm):
    class Meta:
        model = ExecutiveBody
        fields = ["kind", "name_ky", "name_ru", "name_en", "head", "address", "phone"]
        widgets = {
            "name_ky": forms.TextInput(attrs={"lang": "ky"}),
            "name_ru": forms.TextInput(attrs={"lang": "ru"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = ["kind", "name_ky", "name_ru", "name_en", "seats"]
        widgets = {
            "name_ky": forms.TextInput(attrs={"lang": "ky"}),
            "name_ru": forms.TextInput(attrs={"lang": "ru"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
        }


class DeputyForm(forms.ModelForm):
    class Meta:
        model = Deputy
        fields = ["full_name", "sex", "term_start", "term_end", "party", "constituency"]
        widgets = {"term_start": DateInput(), "term_end": DateInput(), "sex": forms.RadioSelect}
        field_classes = {"constituency": VillageChoiceField}

    def __init__(self, *args: Any, municipality: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = self.fields["constituency"]
        assert isinstance(villages, forms.ModelChoiceField)
        villages.queryset = Settlement.objects.get_queryset().filter(parent=municipality).order_by("name_ru")
        sex = self.fields["sex"]
        assert isinstance(sex, forms.ChoiceField)
        sex.choices = Sex.choices  # radios need no empty choice


class DeputyEndForm(forms.Form):
    term_end = forms.DateField(label=_("Last day of the mandate"), widget=DateInput())
