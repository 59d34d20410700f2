"""The opt-in form: which channels of the person's account get a municipality's notices, in which language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    sms = forms.BooleanField(label=_("By SMS"), required=False)
    email = forms.BooleanField(label=_("By email"), required=False)
    language = forms.ChoiceField(label=_("Language of the notices"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = [(code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru")]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = languages
        if not user.phone:
            self.fields["sms"].disabled = True
            self.fields["sms"].help_text = _("Add a phone number to your account to get SMS.")
        else:
            self.fields["sms"].help_text = user.phone
        if not user.email:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("Add an email address to your account to get email.")
        else:
            self.fields["email"].help_text = user.email
