"""Pages for signing up and in, the profile, phone and TOTP codes, and the people back office."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from kenesh.accounts import selectors, services
from kenesh.accounts.forms import (
    CONSENT_TEXT,
    LoginForm,
    NewPasswordForm,
    OtpCodeForm,
    PasswordForgotForm,
    PasswordResetCodeForm,
    PhoneCodeForm,
    ProfileForm,
    ResidentSearchForm,
    ResidentVerifyForm,
    RoleGrantForm,
    SignUpForm,
    form_errors_add,
)
from kenesh.accounts.lockout import known_browser_remember, login_refusal
from kenesh.accounts.models import RoleAssignment, User
from kenesh.accounts.permissions import roles_grantable
from kenesh.accounts.services import DEMOGRAPHIC_FIELDS
from kenesh.ops.access import needs_second_factor, office_required, require_perm, second_factor_url
from kenesh.ops.limits import (
    TOO_MANY_STATUS,
    address_key,
    failure_count,
    failures_exhausted,
    limit_of,
    rate,
    refuse_form,
    request_limited,
)
from kenesh.territory.models import Municipality

RESIDENTS_PER_PAGE = 50


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class SignInView(LoginView):
    """Phone or email and password; office users then go on to their second factor."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = login_refusal(request)
        if refusal is None:
            return super().post(request, *args, **kwargs)
        # Refused before the password is checked: the page again, with what was typed and why.
        form = self.get_form()
        refuse_form(form, refusal)
        return self.render_to_response(self.get_context_data(form=form), status=TOO_MANY_STATUS)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        known_browser_remember(self.request, response)
        return response

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if needs_second_factor(self.request.user):
            return second_factor_url(self.request.user, url)
        return url


@ratelimit(group="kenesh.signup", key=address_key, rate=rate("signup-address"), method="POST", block=False)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE})
    if request.method == "POST" and request_limited(request):
        refuse_form(form)
        return render(request, "accounts/signup.html", {"form": form}, status=TOO_MANY_STATUS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                login=data["login"],
                password=data["password1"],
                full_name=data["full_name"],
                preferred_language=data["preferred_language"],
                municipality=data["municipality"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Kenesh! Your account is ready."))
            return redirect("accounts:phone_verify" if user.phone else "accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@sensitive_post_parameters()
@ratelimit(group="kenesh.reset", key=address_key, rate=rate("reset-address"), method="POST", block=False)
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a code (phone accounts) or a link (email accounts); the answer never says who has one."""
    form = PasswordForgotForm(request.POST or None)
    template = "accounts/password_forgot.html"
    if request.method == "POST" and request_limited(request):
        refuse_form(form)
        return render(request, template, {"form": form}, status=TOO_MANY_STATUS)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["login"]
        # Each account gets a few requests an hour whoever asks; past that, the same answer and nothing sent.
        if failure_count(request, "reset-account", identifier.value) <= limit_of("reset-account"):
            services.password_reset_request(
                identifier=identifier,
                link_of=lambda token: request.build_absolute_uri(
                    reverse("accounts:password_reset_link", kwargs={"token": token})
                ),
            )
        if identifier.field == "phone":
            messages.success(
                request,
                _("If an account uses this number, a code is on its way by SMS. It is valid for 15 minutes."),
            )
            return redirect(f"{reverse('accounts:password_reset')}?{urlencode({'login': identifier.value})}")
        return render(request, "accounts/password_link_sent.html", {"email": identifier.value})
    return render(request, template, {"form": form})


@sensitive_post_parameters()
def password_reset(request: HttpRequest) -> HttpResponse:
    """A phone account's second step: the code from the SMS and the new password, on one page."""
    template = "accounts/password_reset.html"
    form = PasswordResetCodeForm(request.POST or None, initial={"login": request.GET.get("login", "")})
    address = address_key("", request)
    if request.method == "POST" and failures_exhausted(request, "reset-code-address", address):
        refuse_form(form)
        return render(request, template, {"form": form}, status=TOO_MANY_STATUS)
    if request.method == "POST" and form.is_valid():
        try:
            reset = services.password_reset_code_check(
                identifier=form.cleaned_data["login"], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            failure_count(request, "reset-code-address", address)
            form.add_error("code", error)
        else:
            if form.password_check(reset.user):
                return _password_reset_finish(request, form, reset, template)
    return render(request, template, {"form": form})


@sensitive_post_parameters()
def password_reset_link(request: HttpRequest, token: str) -> HttpResponse:
    """An email account's second step: the link from the email opens this page for the new password."""
    template = "accounts/password_reset_link.html"
    try:
        reset = services.password_reset_link_check(token=token)
    except ValidationError as error:
        return render(request, template, {"form": None, "problem": error.messages[0]}, status=404)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.password_check(reset.user):
        return _password_reset_finish(request, form, reset, template)
    return render(request, template, {"form": form})


def _password_reset_finish(request: HttpRequest, form: Any, reset: Any, template: str) -> HttpResponse:
    try:
        services.password_reset_complete(reset=reset, password=form.cleaned_data["password1"])
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, template, {"form": form})
    messages.success(request, _("Your password is changed. Sign in with the new one."))
    return redirect("accounts:login")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ["full_name", "preferred_language", "municipality", "village", *DEMOGRAPHIC_FIELDS]
        }
        try:
            services.user_profile_update(user=user, consent=data["consent"], **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    context = {
        "form": form,
        "roles": selectors.roles_of(user=user),
        "consent_text": CONSENT_TEXT,
        "has_totp": any(True for _device in devices_for_user(user, confirmed=True)),
    }
    return render(request, "accounts/profile.html", context)


def village_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the villages of one municipality, for the profile form's village list (htmx)."""
    villages = selectors.villages_of(municipality_id=request.GET.get("municipality"))
    return render(request, "accounts/_village_options.html", {"villages": villages})


@login_required
def phone_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    code_form = PhoneCodeForm(request.POST if request.POST.get("action") == "confirm" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                services.phone_verification_send(user=user)
                messages.success(request, _("We sent a code to %(phone)s.") % {"phone": user.phone})
                return redirect("accounts:phone_verify")
            if code_form.is_valid():
                services.phone_verification_confirm(user=user, code=code_form.cleaned_data["code"])
                messages.success(request, _("Your phone number is verified."))
                return redirect("accounts:profile")
        except ValidationError as error:
            code_form.add_error(None, error)
    return render(request, "accounts/phone_verify.html", {"code_form": code_form})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: a QR code and the secret as text, then one code to confirm."""
    user = request.user
    next_url = _next_url(request, reverse("web:office"))
    if any(True for _device in devices_for_user(user, confirmed=True)):
        return HttpResponseRedirect(second_factor_url(user, next_url))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Kenesh", confirmed=False)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is set up."))
            return HttpResponseRedirect(next_url)
        form.add_error(
            "token",
            _("The code is not right. Check the time on your phone, wait a few seconds and try again."),
        )
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code to scan")),
        "secret": b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request, reverse("web:office"))
    if not any(True for _device in devices_for_user(user, confirmed=True)):
        return HttpResponseRedirect(second_factor_url(user, next_url))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        form.add_error(
            "token", _("The code is not right, or it was already used. Wait a few seconds and try again.")
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@office_required
def office_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "municipalities": [
            (municipality, user.has_perm("accounts.assign_role", municipality))
            for municipality in selectors.municipalities_managed_by(user=user)
        ],
        "can_grant_global": request.user.has_perm("accounts.assign_role", None),
    }
    return render(request, "accounts/office/home.html", context)


@office_required
def office_residents(request: HttpRequest, municipality_id: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, pk=municipality_id)
    require_perm(request, "accounts.view_residents", municipality)
    search = ResidentSearchForm(request.GET or None)
    name = status = ""
    if search.is_valid():
        name, status = search.cleaned_data["q"], search.cleaned_data["status"]
    residents = selectors.residents_of(municipality=municipality, name=name, status=status)
    page = Paginator(residents, RESIDENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "search": search,
        "page": page,
        "show_personal_data": request.user.has_perm("accounts.view_resident_personal_data", municipality),
        "can_verify": request.user.has_perm("accounts.verify_resident", municipality),
        "can_assign": request.user.has_perm("accounts.assign_role", municipality),
    }
    return render(request, "accounts/office/residents.html", context)


@sensitive_post_parameters("pin")  # an error report must not show a person's PIN
@require_http_methods(["GET", "POST"])
@office_required
def office_resident_verify(request: HttpRequest, municipality_id: int, user_id: int) -> HttpResponse:
    """Confirm a residence from a document (or, with action=end, end a verified one)."""
    municipality = get_object_or_404(Municipality, pk=municipality_id)
    require_perm(request, "accounts.verify_resident", municipality)
    resident = get_object_or_404(
        User.objects.select_related("village"), pk=user_id, municipality=municipality
    )
    back = reverse("accounts:office_residents", args=[municipality.pk])
    if request.method == "POST" and request.POST.get("action") == "end":
        services.resident_unverify(actor=request.user, resident=resident)  # type: ignore[arg-type]
        messages.success(
            request, _("%(name)s is no longer a verified resident.") % {"name": resident.full_name}
        )
        return HttpResponseRedirect(_next_url(request, back))
    form = ResidentVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_verify(
                actor=request.user,  # type: ignore[arg-type]
                resident=resident,
                pin=form.cleaned_data["pin"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("%(name)s is verified as a resident.") % {"name": resident.full_name})
            return HttpResponseRedirect(_next_url(request, back))
    context = {
        "municipality": municipality,
        "resident": resident,
        "form": form,
        "next": _next_url(request, back),
    }
    return render(
        request, "accounts/office/resident_verify.html", context, status=400 if form.errors else 200
    )


def _roles_page(request: HttpRequest, municipality: Municipality | None) -> HttpResponse:
    require_perm(request, "accounts.assign_role", municipality)
    form = RoleGrantForm(request.POST or None, roles=roles_grantable(request.user, municipality))
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assign(
                actor=request.user,  # type: ignore[arg-type]
                user=form.person,  # type: ignore[arg-type]
                role=form.cleaned_data["role"],
                municipality=municipality,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role is granted."))
            return HttpResponseRedirect(request.path)
    context = {
        "municipality": municipality,
        "assignments": selectors.role_assignments_in(municipality=municipality),
        "form": form,
    }
    return render(request, "accounts/office/roles.html", context)


@office_required
def office_roles(request: HttpRequest, municipality_id: int) -> HttpResponse:
    return _roles_page(request, get_object_or_404(Municipality, pk=municipality_id))


@office_required
def office_global_roles(request: HttpRequest) -> HttpResponse:
    return _roles_page(request, None)


@require_POST
@office_required
def office_role_revoke(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(
        RoleAssignment.objects.active().select_related("municipality"), pk=assignment_id
    )
    require_perm(request, "accounts.assign_role", assignment.municipality)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is revoked."))
    if assignment.municipality_id:
        return redirect("accounts:office_roles", municipality_id=assignment.municipality_id)
    return redirect("accounts:office_global_roles")
