"""The filter form of the audit log page."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    municipality = forms.CharField(
        label=_("Municipality (СОАТЕ code)"),
        required=False,
        max_length=14,
        validators=[RegexValidator(r"^\d{14}$", _("A СОАТЕ code has exactly 14 digits."))],
    )
    actor = forms.CharField(label=_("Who"), required=False, max_length=200)
    action = forms.CharField(label=_("Action"), required=False, max_length=100)
