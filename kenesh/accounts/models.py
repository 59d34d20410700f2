"""People, their residence and verification, their roles in each municipality, and phone codes."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kenesh.accounts.identifiers import Identifier, identifier_parse


class Sex(models.TextChoices):
    FEMALE = "f", pgettext_lazy("sex", "Female")
    MALE = "m", pgettext_lazy("sex", "Male")


class AgeGroup(models.TextChoices):
    # The bands the needs assessments and surveys report by; 16-17 can take part in PB but not elections.
    Y16_17 = "16-17", _("16–17")
    Y18_29 = "18-29", _("18–29")
    Y30_44 = "30-44", _("30–44")
    Y45_59 = "45-59", _("45–59")
    Y60_PLUS = "60+", _("60 and older")


class ResidenceEvidence(models.TextChoices):
    """What a staff member saw before confirming that a person lives in their municipality.

    A phone code is not among them: it proves that a person holds a phone, not where they live.
    """

    ID_CARD = "id_card", _("ID card or passport with the registration address here")
    HOUSEHOLD_REGISTER = "household_register", _("entry in the household register of the aiyl okmotu")
    CERTIFICATE = "certificate", _("certificate of residence from the aiyl okmotu or the village head")


class Role(models.TextChoices):
    STAFF = "staff", _("LSG staff")
    DEPUTY = "deputy", _("Deputy")
    MONITOR = "monitor", _("Monitoring group member")
    MODERATOR = "moderator", _("Moderator")
    EDITOR = "editor", _("Portal editor")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


# Roles that only make sense inside one municipality, roles that are always country-wide, and moderators,
# who may be either (a municipality's own moderator, or the platform's).
MUNICIPAL_ROLES = frozenset({Role.STAFF, Role.DEPUTY, Role.MONITOR})
GLOBAL_ROLES = frozenset({Role.EDITOR, Role.ANALYST, Role.ADMIN})
OPTIONALLY_SCOPED_ROLES = frozenset({Role.MODERATOR})
# Roles that work in the back office; they must sign in with a second factor (TOTP).
OFFICE_ROLES = frozenset({Role.STAFF, Role.MODERATOR, Role.EDITOR, Role.ANALYST, Role.ADMIN})


class UserManager(BaseUserManager["User"]):
    """Creates people from a phone number or an email address, both normalised."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # ModelBackend calls this with whatever was typed into "phone or email"; it expects DoesNotExist
        # for anything that matches nobody, including text that is neither a phone number nor an address.
        try:
            identifier = identifier_parse(username or "")
        except ValidationError:
            raise self.model.DoesNotExist from None
        return self.get(**{identifier.field: identifier.value})

    def create_user(
        self,
        login: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        email: str | None = None,
        **extra: Any,
    ) -> User:
        if login:
            identifier = identifier_parse(login)
            if identifier.field == "phone":
                phone = identifier.value
            else:
                email = identifier.value
        phone = identifier_parse(phone).value if phone else None
        email = identifier_parse(email).value if email else None
        if not phone and not email:
            raise ValueError("A person needs a phone number or an email address.")
        user = self.model(phone=phone, email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, login: str | None = None, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(login, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with a phone number or an email address."""

    phone = models.CharField(
        _("phone number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("E.164, e.g. +996700123456"),
    )
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    # Residence. A person lives in one municipality at a time. Staff of that municipality verify it, for that
    # municipality and village only (resident_verified_for); any move ends the verification.
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality of residence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    village = models.ForeignKey(
        "territory.Settlement",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="village_residents",
    )
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    resident_verified_at = models.DateTimeField(_("residence verified at"), null=True, blank=True)
    resident_verified_by = models.ForeignKey(
        "self",
        verbose_name=_("residence verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resident_verified_for = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("residence verified in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resident_evidence = models.CharField(
        _("evidence of residence"), max_length=24, choices=ResidenceEvidence.choices, blank=True
    )
    # HMAC of the PIN from the ID card the staff saw (kenesh.accounts.pins): one account per person.
    pin_hash = models.CharField(_("PIN fingerprint"), max_length=64, blank=True, editable=False)

    # Self-declared, optional, used only in aggregates, and only with the consent dated below.
    sex = models.CharField(pgettext_lazy("person", "sex"), max_length=1, choices=Sex.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=5, choices=AgeGroup.choices, blank=True)
    has_disability = models.BooleanField(_("person with a disability"), default=False)
    is_ethnic_minority = models.BooleanField(_("member of an ethnic minority"), default=False)
    is_internal_migrant = models.BooleanField(_("internal migrant"), default=False)
    is_single_parent = models.BooleanField(_("single parent"), default=False)
    demographics_consent_at = models.DateTimeField(
        _("consent to use demographic data given at"), null=True, blank=True
    )

    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("Only technical administrators need this.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False), name="accounts_user_phone_or_email"
            ),
            models.UniqueConstraint(
                fields=["pin_hash"], condition=~Q(pin_hash=""), name="accounts_user_pin_once"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def get_username(self) -> str:
        return self.phone or self.email or ""

    def natural_key(self) -> tuple[str]:
        return (self.get_username(),)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.get_username()

    def clean(self) -> None:
        # Not AbstractBaseUser.clean: it would copy get_username() (maybe an email) into the phone field.
        models.Model.clean(self)
        # Empty strings would collide in the unique indexes; absent means NULL here.
        self.phone = self.phone or None
        self.email = self.email or None

    @property
    def identifier(self) -> Identifier:
        return Identifier("phone", self.phone) if self.phone else Identifier("email", self.email or "")

    @property
    def residence_verified(self) -> bool:
        """Staff verified that this person lives in the municipality the profile names now."""
        return bool(
            self.resident_verified_at
            and self.municipality_id is not None
            and self.resident_verified_for_id == self.municipality_id
        )

    @property
    def has_demographics_consent(self) -> bool:
        return self.demographics_consent_at is not None


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """One role held by one person, in one municipality or country-wide; revoked, never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("Empty for a country-wide role."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role", "granted_at"]
        constraints = [
            # NULL municipalities are distinct in a plain unique index, so global roles get their own.
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(revoked_at__isnull=True, municipality__isnull=False),
                name="accounts_role_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True, municipality__isnull=True),
                name="accounts_global_role_once",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(MUNICIPAL_ROLES)) | Q(municipality__isnull=False),
                name="accounts_municipal_role_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(GLOBAL_ROLES)) | Q(municipality__isnull=True),
                name="accounts_global_role_has_no_municipality",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "role"], name="accounts_role_by_municipality")]

    def __str__(self) -> str:
        scope = str(self.municipality) if self.municipality_id else _("country-wide")
        return f"{self.user}: {self.get_role_display()} ({scope})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PhoneVerification(models.Model):
    """A code sent by SMS to prove a phone number; only its keyed hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_verifications"
    )
    phone = models.CharField(_("phone number"), max_length=20)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone verification code")
        verbose_name_plural = _("phone verification codes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_phone_code_recent")]

    def __str__(self) -> str:
        return f"{self.phone} @ {self.created_at:%Y-%m-%d %H:%M}"


class ResetChannel(models.TextChoices):
    SMS = "sms", _("SMS code")
    EMAIL = "email", _("email link")


class PasswordReset(models.Model):
    """A one-time secret that lets a person set a new password: a code by SMS or a link by email.

    Only a keyed hash of the secret is stored; it expires, works once, and a newer one replaces it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_resets"
    )
    channel = models.CharField(max_length=8, choices=ResetChannel.choices)
    secret_hash = models.CharField(max_length=128, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("password reset code")
        verbose_name_plural = _("password reset codes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_reset_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel} @ {self.created_at:%Y-%m-%d %H:%M}"
