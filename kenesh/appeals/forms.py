"""Forms of the appeals pages: the citizen's appeal, the paper entry, and staff's actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kenesh.appeals import selectors
from kenesh.appeals.models import Category, HolidayKind
from kenesh.appeals.services import MAX_TEXT
from kenesh.pb.photos import MAX_UPLOAD_BYTES, photo_clean


def _field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class CategoryChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        first, second = (obj.name_ru, obj.name_ky) if get_language() == "ru" else (obj.name_ky, obj.name_ru)
        return str(first or second or obj.slug)


class VillageChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        first, second = (obj.name_ru, obj.name_ky) if get_language() == "ru" else (obj.name_ky, obj.name_ru)
        return str(first or second)


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class AppealForm(forms.Form):
    """What a citizen writes on the website; signed-in residents need not give a phone or email."""

    category = CategoryChoice(
        label=_("What is it about?"), queryset=Category.objects.none(), empty_label=None
    )
    village = VillageChoice(label=_("Village"), queryset=Category.objects.none(), required=False)
    text = forms.CharField(
        label=_("Your appeal"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most %(mb)s MB. Location and camera data are removed.")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone for the answer"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("or email for the answer"), required=False)
    publish_text = forms.BooleanField(
        label=_("The text of my appeal may be published (my name, phone and email never are)"), required=False
    )

    def __init__(self, *args: Any, municipality: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "category").queryset = selectors.categories_for(municipality)
        _field(self, "village").queryset = selectors.villages_of(municipality)
        if signed_in:
            for name in ("name", "phone", "email"):
                del self.fields[name]

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "").strip()
        if not text:
            raise ValidationError(_("Write what the appeal is about."), code="empty")
        return text

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        return photo_clean(upload) if upload else None


class PaperAppealForm(AppealForm):
    """An appeal brought in person or on paper, typed in by staff."""

    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    language = forms.ChoiceField(
        label=_("Language of the answer"), choices=[("ky", "Кыргызча"), ("ru", "Русский")]
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, signed_in=False, **kwargs)
        self.fields["name"].label = _("Name of the citizen")
        self.fields["phone"].label = _("Phone")
        self.fields["email"].label = _("Email")
        self.fields["publish_text"].label = _("The citizen agreed to publish the text")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=64)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}))


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the extension"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class RedirectForm(forms.Form):
    body = forms.CharField(label=_("Body the appeal is sent to"), max_length=300)


class AssignForm(forms.Form):
    person = PersonChoice(label=_("Handled by"), queryset=Category.objects.none(), required=False)
    category = CategoryChoice(label=_("Category"), queryset=Category.objects.none(), empty_label=None)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "person").queryset = selectors.staff_of(municipality)
        _field(self, "category").queryset = selectors.categories_for(municipality)


class CategoryForm(forms.Form):
    slug = forms.SlugField(label=_("Code (latin letters, digits, dashes)"), max_length=40)
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=100, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=100, required=False)


class RouteForm(forms.Form):
    category = CategoryChoice(label=_("Category"), queryset=Category.objects.none(), empty_label=None)
    person = PersonChoice(label=_("Handled by"), queryset=Category.objects.none(), required=False)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "category").queryset = selectors.categories_for(municipality)
        _field(self, "person").queryset = selectors.staff_of(municipality)


class HeadForm(forms.Form):
    person = PersonChoice(label=_("Head of the body"), queryset=Category.objects.none())

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "person").queryset = selectors.staff_of(municipality)


class HolidayForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices)
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31, required=False)
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200, required=False)
