"""Changes to people: sign-up, profile, roles, residence verification and phone codes."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.identifiers import Identifier, identifier_parse
from kenesh.accounts.models import (
    GLOBAL_ROLES,
    MUNICIPAL_ROLES,
    PasswordReset,
    PhoneVerification,
    ResetChannel,
    ResidenceEvidence,
    Role,
    RoleAssignment,
    User,
)
from kenesh.accounts.permissions import active_roles_forget, roles_grantable
from kenesh.accounts.pins import pin_clean, pin_fingerprint
from kenesh.ops.events import change_record, sms_request

PHONE_CODE_LIFETIME = datetime.timedelta(minutes=10)
PHONE_CODE_MAX_ATTEMPTS = 5
PHONE_CODE_RESEND_AFTER = datetime.timedelta(seconds=60)
PHONE_CODES_PER_DAY = 5
_PHONE_CODE_SALT = "kenesh.accounts.phone_code"

DEMOGRAPHIC_FIELDS = (
    "sex",
    "age_group",
    "has_disability",
    "is_ethnic_minority",
    "is_internal_migrant",
    "is_single_parent",
)


@transaction.atomic
def user_register(
    *,
    login: str,
    password: str,
    full_name: str,
    preferred_language: str,
    municipality: Any = None,
    village: Any = None,
) -> User:
    """Create a person who signed up with a phone number or an email address."""
    identifier = identifier_parse(login)
    if User.objects.filter(**{identifier.field: identifier.value}).exists():
        raise ValidationError(
            _("Someone has already signed up with this phone number or email address."), code="duplicate"
        )
    if village is not None and (municipality is None or village.parent_id != municipality.pk):
        raise ValidationError(_("This village is not in the chosen municipality."), code="village")
    try:
        with transaction.atomic():
            return User.objects.create_user(
                identifier.value,
                password,
                full_name=full_name.strip(),
                preferred_language=preferred_language,
                municipality=municipality,
                village=village,
            )
    except IntegrityError:
        # Two sign-ups with the same identifier at the same moment: the unique index decides.
        raise ValidationError(
            _("Someone has already signed up with this phone number or email address."), code="duplicate"
        ) from None


RESIDENCE_FIELDS = (
    "resident_verified_at",
    "resident_verified_by",
    "resident_verified_for",
    "resident_evidence",
)


def _residence_clear(user: User) -> None:
    user.resident_verified_at = None
    user.resident_verified_by = None
    user.resident_verified_for = None
    user.resident_evidence = ""


@transaction.atomic
def user_profile_update(*, user: User, consent: bool, **fields: Any) -> User:
    """Change one's own data. Demographic answers stay only with consent; a move ends the verified residence.

    A move is any change of municipality or village: staff verified the residence the profile named then,
    and a verified resident who declares another place is, until staff verify it, a resident of nowhere
    for voting. The row is locked so that a verification by staff cannot interleave with the move.
    """
    editable = {"full_name", "preferred_language", "municipality", "village", *DEMOGRAPHIC_FIELDS}
    unknown = set(fields) - editable
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    stored = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    municipality = fields.get("municipality", stored.municipality)
    village = fields.get("village", stored.village)
    if village is not None and (municipality is None or village.parent_id != municipality.pk):
        raise ValidationError(_("This village is not in the chosen municipality."), code="village")
    moved = (municipality.pk if municipality else None) != stored.municipality_id or (
        village.pk if village else None
    ) != stored.village_id
    for name, value in fields.items():
        setattr(user, name, value)
    written = [*fields, *DEMOGRAPHIC_FIELDS, "demographics_consent_at"]
    if moved and stored.resident_verified_at is not None:
        _residence_clear(user)
        written += RESIDENCE_FIELDS
        change_record(
            actor=user,
            action="accounts.residence_ended",
            target=user,
            municipality=stored.resident_verified_for,
            changes={
                "resident_verified_at": {"before": stored.resident_verified_at.isoformat(), "after": None}
            },
        )
    if consent:
        user.demographics_consent_at = user.demographics_consent_at or timezone.now()
    else:
        # Without consent nothing is kept: withdrawing it erases the answers.
        user.demographics_consent_at = None
        user.sex = ""
        user.age_group = ""
        user.has_disability = user.is_ethnic_minority = user.is_internal_migrant = user.is_single_parent = (
            False
        )
    user.full_clean(exclude=["password"])
    # Only what this form changes: a verification that staff wrote meanwhile is not overwritten.
    user.save(update_fields=sorted(set(written)))
    return user


def _role_check(*, actor: User, role: str, municipality: Any) -> None:
    if role in MUNICIPAL_ROLES and municipality is None:
        raise ValidationError(
            _("This role belongs to a municipality: choose one."), code="needs_municipality"
        )
    if role in GLOBAL_ROLES and municipality is not None:
        raise ValidationError(_("This role is country-wide: it has no municipality."), code="global_role")
    if role not in roles_grantable(actor, municipality):
        raise PermissionDenied(gettext("You may not grant or revoke this role here."))


@transaction.atomic
def role_assign(*, actor: User, user: User, role: str, municipality: Any = None) -> RoleAssignment:
    """Give a person a role (in a municipality, or country-wide when municipality is None)."""
    role = Role(role)
    _role_check(actor=actor, role=role, municipality=municipality)
    held = RoleAssignment.objects.active().filter(user=user, role=role, municipality=municipality)
    if held.exists():
        raise ValidationError(_("This person already holds this role here."), code="already_held")
    assignment = RoleAssignment.objects.create(
        user=user, role=role, municipality=municipality, granted_by=actor
    )
    change_record(
        actor=actor,
        action="accounts.role_assigned",
        target=assignment,
        municipality=municipality,
        changes={"role": {"before": None, "after": role.value}, "user": {"before": None, "after": user.pk}},
    )
    active_roles_forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    """End a role; the assignment stays as a record of who held it when."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=assignment.pk)
    )
    _role_check(actor=actor, role=assignment.role, municipality=assignment.municipality)
    if assignment.revoked_at is not None:
        raise ValidationError(_("This role has already been revoked."), code="already_revoked")
    assignment.revoked_at = timezone.now()
    assignment.revoked_by = actor
    assignment.save(update_fields=["revoked_at", "revoked_by"])
    change_record(
        actor=actor,
        action="accounts.role_revoked",
        target=assignment,
        municipality=assignment.municipality,
        changes={"revoked_at": {"before": None, "after": assignment.revoked_at.isoformat()}},
    )
    active_roles_forget(assignment.user)
    if actor.pk == assignment.user_id:
        active_roles_forget(actor)
    return assignment


@transaction.atomic
def resident_verify(*, actor: User, resident: User, pin: str, evidence: str) -> User:
    """A staff member of the resident's municipality confirms, from a document, that the person lives there.

    The PIN from the ID card is kept as a fingerprint: one person has one verified account (a second
    account with the same PIN is refused), and the voting desk recognises the account from the PIN.
    """
    resident = User.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=resident.pk)
    if resident.municipality is None:
        raise ValidationError(_("This person has not said where they live."), code="no_municipality")
    if not actor.has_perm("accounts.verify_resident", resident.municipality):
        raise PermissionDenied(gettext("You may not verify residents of this municipality."))
    if actor.pk == resident.pk:
        # Someone else must vouch for a person: staff do not confirm their own residence.
        raise PermissionDenied(gettext("You may not verify yourself."))
    if evidence not in ResidenceEvidence.values:
        raise ValidationError(
            {"evidence": ValidationError(_("Choose the document you checked."), code="evidence")}
        )
    fingerprint = pin_fingerprint(pin_clean(pin))
    if resident.pin_hash and resident.pin_hash != fingerprint:
        raise ValidationError(
            {
                "pin": ValidationError(
                    _("This is not the PIN recorded for this person earlier. Check the ID card."),
                    code="pin_differs",
                )
            }
        )
    if User.objects.filter(pin_hash=fingerprint).exclude(pk=resident.pk).exists():
        raise ValidationError(
            {
                "pin": ValidationError(
                    _(
                        "Another account is already verified with this PIN. One person has one account: "
                        "ask the person which account they use."
                    ),
                    code="pin_taken",
                )
            }
        )
    if resident.residence_verified:
        return resident
    resident.resident_verified_at = timezone.now()
    resident.resident_verified_by = actor
    resident.resident_verified_for = resident.municipality
    resident.resident_evidence = evidence
    resident.pin_hash = fingerprint
    try:
        with transaction.atomic():
            resident.save(update_fields=[*RESIDENCE_FIELDS, "pin_hash"])
    except IntegrityError:
        # The same PIN verified on another account at the same moment: the unique index decides.
        raise ValidationError(
            {
                "pin": ValidationError(
                    _("Another account is already verified with this PIN."), code="pin_taken"
                )
            }
        ) from None
    change_record(
        actor=actor,
        action="accounts.resident_verified",
        target=resident,
        municipality=resident.municipality,
        changes={
            "resident_verified_at": {"before": None, "after": resident.resident_verified_at.isoformat()},
            "resident_evidence": {"before": "", "after": evidence},
        },
    )
    return resident


@transaction.atomic
def resident_unverify(*, actor: User, resident: User) -> User:
    """Staff end a verified residence (the person moved away, or it was verified by mistake)."""
    resident = User.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=resident.pk)
    municipality = resident.resident_verified_for
    if municipality is None or resident.resident_verified_at is None:
        return resident
    if not actor.has_perm("accounts.verify_resident", municipality):
        raise PermissionDenied(gettext("You may not verify residents of this municipality."))
    before = resident.resident_verified_at.isoformat()
    _residence_clear(resident)
    resident.save(update_fields=list(RESIDENCE_FIELDS))
    change_record(
        actor=actor,
        action="accounts.residence_ended",
        target=resident,
        municipality=municipality,
        changes={"resident_verified_at": {"before": before, "after": None}},
    )
    return resident


def _phone_code_hash(phone: str, code: str) -> str:
    return salted_hmac(_PHONE_CODE_SALT, f"{phone}:{code}", algorithm="sha256").hexdigest()


@transaction.atomic
def phone_verification_send(*, user: User) -> PhoneVerification:
    """Send a fresh 6-digit code to the person's phone; earlier codes stop working."""
    if not user.phone:
        raise ValidationError(_("Add a phone number to your profile first."), code="no_phone")
    if user.phone_verified_at is not None:
        raise ValidationError(_("Your phone number is already verified."), code="already_verified")
    now = timezone.now()
    recent = PhoneVerification.objects.filter(user=user, created_at__gt=now - datetime.timedelta(days=1))
    if recent.filter(created_at__gt=now - PHONE_CODE_RESEND_AFTER).exists():
        raise ValidationError(
            _("A code was sent less than a minute ago. Wait a little before asking again."), code="too_soon"
        )
    if recent.count() >= PHONE_CODES_PER_DAY:
        raise ValidationError(_("Too many codes were sent today. Try again tomorrow."), code="too_many_codes")
    recent.filter(confirmed_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    verification = PhoneVerification.objects.create(
        user=user,
        phone=user.phone,
        code_hash=_phone_code_hash(user.phone, code),
        created_at=now,
        expires_at=now + PHONE_CODE_LIFETIME,
    )
    with translation.override(user.preferred_language):
        text = gettext("Kenesh code: %(code)s. It is valid for %(minutes)d minutes. Do not share it.") % {
            "code": code,
            "minutes": PHONE_CODE_LIFETIME.seconds // 60,
        }
    sms_request(to=user.phone, text=text)
    return verification


def phone_verification_confirm(*, user: User, code: str) -> User:
    """Check a code the person typed; raises ValidationError (and counts the attempt) when it is wrong."""
    now = timezone.now()
    with transaction.atomic():
        verification = (
            PhoneVerification.objects.select_for_update()
            .filter(user=user, phone=user.phone, confirmed_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if verification is None:
            raise ValidationError(
                _("This code has expired or was never sent. Ask for a new one."), code="expired"
            )
        if verification.attempts >= PHONE_CODE_MAX_ATTEMPTS:
            raise ValidationError(_("Too many wrong codes. Ask for a new one."), code="too_many_attempts")
        # The attempt is counted before the comparison, in its own committed transaction.
        PhoneVerification.objects.filter(pk=verification.pk).update(attempts=F("attempts") + 1)
        matches = constant_time_compare(
            verification.code_hash, _phone_code_hash(verification.phone, code.strip())
        )
        if matches:
            verification.confirmed_at = now
            verification.save(update_fields=["confirmed_at"])
            user.phone_verified_at = now
            user.save(update_fields=["phone_verified_at"])
            change_record(
                actor=user,
                action="accounts.phone_verified",
                target=user,
                municipality=user.municipality,
                changes={"phone_verified_at": {"before": None, "after": now.isoformat()}},
            )
    if not matches:
        raise ValidationError(_("The code is not right. Check the SMS and try again."), code="wrong_code")
    return user


def phone_codes_prune(*, before: datetime.datetime) -> int:
    """Delete phone verification codes (their keyed hashes) made before `before`; the number deleted."""
    deleted, _kinds = PhoneVerification.objects.filter(created_at__lt=before).delete()
    return deleted


PASSWORD_RESET_CODE_LIFETIME = datetime.timedelta(minutes=15)
PASSWORD_RESET_LINK_LIFETIME = datetime.timedelta(hours=1)
PASSWORD_RESET_MAX_ATTEMPTS = 5
PASSWORD_RESETS_PER_DAY = 5
_PASSWORD_RESET_SALT = "kenesh.accounts.password_reset"  # noqa: S105  (an HMAC salt, not a password)


def _reset_hash(channel: str, secret: str, user_id: int | None = None) -> str:
    # An SMS code is short: its hash is bound to the account. An email token is long and is looked up alone.
    message = f"{channel}:{user_id}:{secret}" if channel == ResetChannel.SMS else f"{channel}:{secret}"
    return salted_hmac(_PASSWORD_RESET_SALT, message, algorithm="sha256").hexdigest()


def password_reset_request(*, identifier: Identifier, link_of: Callable[[str], str]) -> None:
    """Send a code (phone accounts) or a link (email accounts) to set a new password.

    Says nothing about whether the account exists: an unknown phone number or address, a switched-off
    account or one past today's number of resets returns just the same, and nothing is sent.
    `link_of(token)` is the absolute address of the page an email link opens.
    """
    user = User.objects.filter(**{identifier.field: identifier.value}, is_active=True).first()
    if user is None:
        return
    now = timezone.now()
    email: tuple[str, str, str] | None = None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request of a person at a time
        recent = PasswordReset.objects.filter(user=user, created_at__gt=now - datetime.timedelta(days=1))
        if recent.count() >= PASSWORD_RESETS_PER_DAY:
            return
        recent.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        channel = ResetChannel.SMS if identifier.field == "phone" else ResetChannel.EMAIL
        if channel == ResetChannel.SMS:
            secret, lifetime = f"{secrets.randbelow(1_000_000):06d}", PASSWORD_RESET_CODE_LIFETIME
        else:
            secret, lifetime = secrets.token_urlsafe(32), PASSWORD_RESET_LINK_LIFETIME
        PasswordReset.objects.create(
            user=user,
            channel=channel,
            secret_hash=_reset_hash(channel, secret, user.pk),
            created_at=now,
            expires_at=now + lifetime,
        )
        change_record(
            actor=None,
            action="accounts.password_reset_requested",
            target=user,
            municipality=user.municipality,
            changes={"channel": {"before": None, "after": str(channel)}},
        )
        with translation.override(user.preferred_language):
            if channel == ResetChannel.SMS:
                text = gettext(
                    "Kenesh password reset code: %(code)s. Valid for %(minutes)d minutes. "
                    "If you did not ask for it, ignore this SMS."
                ) % {"code": secret, "minutes": lifetime.seconds // 60}
                sms_request(to=str(user.phone), text=text)
            else:
                subject = gettext("Set a new Kenesh password")
                body = gettext(
                    "Someone asked to set a new password for your Kenesh account. To do it, open this link "
                    "within an hour:\n\n%(link)s\n\nIf it was not you, ignore this email; your password "
                    "stays as it is."
                ) % {"link": link_of(secret)}
                email = (subject, body, str(user.email))
    if email is not None:  # sent once the reset is stored; a mail server that fails loses only this link
        subject, body, address = email
        send_mail(subject, body, None, [address])


def password_reset_code_check(*, identifier: Identifier, code: str) -> PasswordReset:
    """The SMS reset that `code` opens for this account; ValidationError (one message for every cause)."""
    wrong = ValidationError(
        _("The code is not right or has expired. Check the SMS, or ask for a new code."), code="wrong_code"
    )
    user = User.objects.filter(**{identifier.field: identifier.value}, is_active=True).first()
    if user is None:
        raise wrong
    with transaction.atomic():
        reset = (
            PasswordReset.objects.select_for_update()
            .filter(user=user, channel=ResetChannel.SMS, used_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if reset is None or reset.attempts >= PASSWORD_RESET_MAX_ATTEMPTS:
            raise wrong
        PasswordReset.objects.filter(pk=reset.pk).update(attempts=F("attempts") + 1)
    if not constant_time_compare(reset.secret_hash, _reset_hash(ResetChannel.SMS, code.strip(), user.pk)):
        raise wrong
    return reset


def password_reset_link_check(*, token: str) -> PasswordReset:
    """The email reset that `token` opens; ValidationError when it is unknown, used or expired."""
    reset = (
        PasswordReset.objects.select_related("user")
        .filter(
            channel=ResetChannel.EMAIL,
            secret_hash=_reset_hash(ResetChannel.EMAIL, token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if reset is None:
        raise ValidationError(
            _("This link has expired or was used already. Ask for a new one."), code="expired_link"
        )
    return reset


def password_reset_complete(*, reset: PasswordReset, password: str) -> User:
    """Set the new password and use the reset up (it works once); every other pending reset ends too."""
    now = timezone.now()
    with transaction.atomic():
        current = PasswordReset.objects.select_for_update().filter(
            pk=reset.pk, used_at__isnull=True, expires_at__gt=now
        )
        if not current.exists():
            raise ValidationError(
                _("This code or link has expired or was used already. Ask for a new one."), code="used"
            )
        user = User.objects.select_for_update().get(pk=reset.user_id)
        user.set_password(password)
        user.save(update_fields=["password"])
        current.update(used_at=now)
        PasswordReset.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        change_record(
            actor=user,
            action="accounts.password_reset",
            target=user,
            municipality=user.municipality,
            changes={"channel": {"before": None, "after": reset.channel}},
        )
    return user


def password_resets_prune(*, before: datetime.datetime) -> int:
    """Delete password reset codes (their keyed hashes) made before `before`; the number deleted."""
    deleted, _kinds = PasswordReset.objects.filter(created_at__lt=before).delete()
    return deleted


def personal_data_expired_receive(sender: Any, now: datetime.datetime, **kwargs: Any) -> tuple[str, int]:
    """kenesh.ops.events.personal_data_expired: delete phone and password reset codes older than a day."""
    before = now - datetime.timedelta(days=1)
    return "phone and password codes", phone_codes_prune(before=before) + password_resets_prune(before=before)
