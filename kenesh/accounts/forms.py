"""Forms of sign-up, sign-in, the profile, phone and TOTP codes, and role grants."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.identifiers import Identifier, identifier_parse
from kenesh.accounts.models import ResidenceEvidence, Role, User
from kenesh.accounts.selectors import villages_of
from kenesh.accounts.services import DEMOGRAPHIC_FIELDS
from kenesh.territory.models import Municipality

LOGIN_LABEL = _("Phone number or email")
LOGIN_HELP = _("A Kyrgyz number can be written as 0700 123 456; other countries need the + code.")

CONSENT_TEXT = _(
    "I agree that Kenesh keeps the answers above (sex, age group, groups I belong to) and uses them only in "
    "counts that never show a single person, so that the municipality can see whether women, young people, "
    "older people and people with disabilities are heard. I can withdraw this consent at any time by "
    "unticking the box: my answers are then erased."
)


def municipality_choices() -> Any:
    return Municipality.objects.current().order_by("name_ru")


class LoginForm(AuthenticationForm):
    """Sign in with a phone number or an email address."""

    error_messages = {
        "invalid_login": _("The phone number or email, or the password, is not right."),
        "inactive": _("This account is switched off."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = LOGIN_LABEL
        self.fields["username"].help_text = LOGIN_HELP
        self.fields["username"].max_length = 254  # type: ignore[attr-defined]
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "maxlength": 254})


def new_password_field(label: Any, *, with_rules: bool = False) -> forms.CharField:
    """A field for a password being chosen (sign-up, reset); the first of the two lists the rules."""
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html() if with_rules else "",
    )


def password_valid(form: forms.Form, password: str, user: User) -> bool:
    """Django's password validators against `user`; their errors go on password1."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        form.add_error("password1", error)
        return False
    return True


def passwords_match(form: forms.Form, cleaned: dict[str, Any]) -> bool:
    """False, with the error on password2, when the two passwords typed differ."""
    password1, password2 = cleaned.get("password1"), cleaned.get("password2")
    if password1 and password2 and password1 != password2:
        form.add_error("password2", ValidationError(_("The two passwords differ."), code="password_mismatch"))
        return False
    return True


class SignUpForm(forms.Form):
    login = forms.CharField(
        label=LOGIN_LABEL,
        help_text=LOGIN_HELP,
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    municipality = forms.ModelChoiceField(
        label=_("Where you live (aiyl aimak or city)"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_(
            "You can choose it later in your profile; you need it to take part in your municipality."
        ),
    )
    password1 = new_password_field(_("Password"), with_rules=True)
    password2 = new_password_field(_("Password again"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices()  # type: ignore[attr-defined]
        self.identifier: Identifier | None = None

    def clean_login(self) -> str:
        identifier = identifier_parse(self.cleaned_data["login"])
        if User.objects.filter(**{identifier.field: identifier.value}).exists():
            raise ValidationError(
                _("Someone has already signed up with this phone number or email address. Sign in instead."),
                code="duplicate",
            )
        self.identifier = identifier
        return identifier.value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        if passwords_match(self, cleaned) and password1:
            # Compared with the person's own name and login (Django's UserAttributeSimilarityValidator).
            probe = User(full_name=cleaned.get("full_name", ""))
            if self.identifier is not None:
                setattr(probe, self.identifier.field, self.identifier.value)
            password_valid(self, password1, probe)
        return cleaned


class ProfileForm(forms.ModelForm):
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "municipality", "village", *DEMOGRAPHIC_FIELDS]
        widgets = {"sex": forms.RadioSelect, "age_group": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices()  # type: ignore[attr-defined]
        self.fields["sex"].choices = [("", _("I prefer not to say")), *self.fields["sex"].choices[1:]]  # type: ignore[attr-defined]
        self.fields["age_group"].choices = [  # type: ignore[attr-defined]
            ("", _("I prefer not to say")),
            *self.fields["age_group"].choices[1:],  # type: ignore[attr-defined]
        ]
        self.fields["consent"].initial = self.instance.has_demographics_consent
        # Only the villages of the chosen municipality (the submitted one, else the saved one).
        municipality_id = self.data.get("municipality") if self.is_bound else self.instance.municipality_id
        self.fields["village"].queryset = villages_of(municipality_id=municipality_id)  # type: ignore[attr-defined]
        # With JavaScript (htmx), choosing a municipality refreshes the villages at once.
        self.fields["municipality"].widget.attrs.update(
            {
                "hx-get": reverse("accounts:village_options"),
                "hx-target": "#id_village",
                "hx-trigger": "change",
            }
        )
        self.fields["village"].help_text = _(
            "Choose your municipality and save first; then its villages appear here."
        )

    def about_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("full_name", "preferred_language", "municipality", "village")]

    def demographic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (*DEMOGRAPHIC_FIELDS, "consent")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answered = any(cleaned.get(name) for name in DEMOGRAPHIC_FIELDS)
        if answered and not cleaned.get("consent"):
            self.add_error(
                "consent",
                ValidationError(
                    _("To keep these answers, tick the consent box, or leave them empty."), code="consent"
                ),
            )
        return cleaned

    def _post_clean(self) -> None:
        # The service writes the instance; model validation of the whole person happens there.
        pass


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class OtpCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a backup code"),
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).replace(" ", "")


class RoleGrantForm(forms.Form):
    login = forms.CharField(label=_("Phone number or email of the person"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]  # type: ignore[attr-defined]
        self.person: User | None = None

    def clean_login(self) -> str:
        identifier = identifier_parse(self.cleaned_data["login"])
        person = User.objects.filter(**{identifier.field: identifier.value}, is_active=True).first()
        if person is None:
            raise ValidationError(_("Nobody has signed up with this phone number or email."), code="unknown")
        self.person = person
        return identifier.value


class ResidentSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[
            ("", _("All")),
            ("unverified", _("Not verified by staff")),
            ("verified", _("Verified by staff")),
        ],
    )


class ResidentVerifyForm(forms.Form):
    """What staff record when they confirm a residence: the document they saw and the PIN on the ID card."""

    evidence = forms.ChoiceField(
        label=_("Document checked"), choices=ResidenceEvidence.choices, widget=forms.RadioSelect
    )
    pin = forms.CharField(
        label=_("Personal identification number (PIN)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "14 digits, from the ID card. Only a fingerprint of it is kept: one person, one account."
        ),
    )


def form_errors_add(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form, so that the page shows it and keeps what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PasswordForgotForm(forms.Form):
    """The first step of a password reset: which account (a code goes to its phone, a link to its email)."""

    login = forms.CharField(
        label=LOGIN_LABEL,
        help_text=LOGIN_HELP,
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_login(self) -> Identifier:
        return identifier_parse(self.cleaned_data["login"])


class NewPasswordForm(forms.Form):
    """A new password, typed twice, checked by the password validators against the person's account."""

    password1 = new_password_field(_("New password"), with_rules=True)
    password2 = new_password_field(_("New password again"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        passwords_match(self, cleaned)
        return cleaned

    def password_check(self, user: User) -> bool:
        """Run the password validators against `user`; adds the errors and answers whether it passed."""
        return password_valid(self, self.cleaned_data["password1"], user)


class PasswordResetCodeForm(NewPasswordForm):
    """The second step for a phone account: the phone number, the code from the SMS, the new password."""

    login = forms.CharField(
        label=_("Phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "tel"}),
    )
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )
    field_order = ["login", "code", "password1", "password2"]

    def clean_login(self) -> Identifier:
        identifier = identifier_parse(self.cleaned_data["login"])
        if identifier.field != "phone":
            raise ValidationError(
                _("A code comes only to a phone. For an email account, open the link in the email."),
                code="not_phone",
            )
        return identifier
