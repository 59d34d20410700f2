"""Demo people: one of every role in the demo municipality, with logins a newcomer can use at once.

Office users (staff, moderator, editor, analyst, administrator) sign in with a second factor. Each has a
confirmed TOTP device with a fixed secret (add it to any authenticator app) and the backup codes in
DEMO_BACKUP_CODES, each usable once; running load_demo again renews them. `manage.py demo_totp LOGIN`
prints the current TOTP code of a demo login.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode
from binascii import unhexlify
from typing import NamedTuple, cast

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kenesh.accounts.identifiers import identifier_parse
from kenesh.accounts.models import OFFICE_ROLES, ResidenceEvidence, Role, RoleAssignment, User
from kenesh.accounts.pins import pin_fingerprint
from kenesh.territory import demo as territory_demo
from kenesh.territory.models import Municipality

DEMO_PASSWORD = "kenesh-demo-2026"  # noqa: S105 - printed for newcomers, demo data only
DEMO_BACKUP_CODES = ("10000001", "10000002", "10000003", "10000004", "10000005")
DEMO_DEVICE_NAME = "Kenesh demo"


class DemoPerson(NamedTuple):
    label: str
    login: str
    full_name: str
    role: Role | None  # None: a resident without a role
    verified: bool = False
    pin: str = ""  # the (invented) PIN of the ID card staff saw when they verified the residence


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("citizen", "+996700000001", "Айгүл Асанова", None),
    DemoPerson("verified citizen", "+996700000002", "Бакыт Токтогулов", None, True, "10101199000002"),
    DemoPerson("staff", "staff@kenesh.example", "Нурлан Осмонов", Role.STAFF, True, "10101199000003"),
    DemoPerson("deputy", "+996700000003", "Жылдыз Мамбетова", Role.DEPUTY, True, "10101199000004"),
    DemoPerson("monitoring member", "+996700000004", "Эрмек Садыков", Role.MONITOR, True, "10101199000005"),
    DemoPerson("moderator", "moderator@kenesh.example", "Чолпон Бекова", Role.MODERATOR),
    DemoPerson("portal editor", "editor@kenesh.example", "Азамат Жумабаев", Role.EDITOR),
    DemoPerson("analyst", "analyst@kenesh.example", "Гүлнара Исакова", Role.ANALYST),
    DemoPerson("administrator", "admin@kenesh.example", "Темир Абдыкадыров", Role.ADMIN),
)


def demo_totp_key(login: str) -> str:
    """A fixed 20-byte hex secret per demo login, so the printed secret survives reloads."""
    return hashlib.sha1(f"kenesh-demo-totp:{login}".encode(), usedforsecurity=False).hexdigest()


def demo_totp_secret(login: str) -> str:
    """The same secret in base32, as authenticator apps want it typed."""
    return b32encode(unhexlify(demo_totp_key(login))).decode()


class DemoLogin(NamedTuple):
    role: str
    login: str
    password: str
    note: str


def _note(person: DemoPerson) -> str:
    if person.role in OFFICE_ROLES:
        return (
            f"2FA backup codes {DEMO_BACKUP_CODES[0]}..{DEMO_BACKUP_CODES[-1]} (once each), "
            f"TOTP secret {demo_totp_secret(person.login)}, or: manage.py demo_totp {person.login}"
        )
    if person.verified:
        return f"resident, verified by staff (ID card PIN {person.pin})"
    return "resident, not verified"


DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin(person.label, person.login, DEMO_PASSWORD, _note(person)) for person in DEMO_PEOPLE
]


def demo_municipality() -> Municipality:
    """The territory demo's Kum-Dobo aiyl aimak (Kochkor rayon); any current municipality if it is absent."""
    coate = getattr(territory_demo, "KUM_DOBO", None)
    municipalities = Municipality.objects.current()
    municipality = municipalities.filter(coate=coate).first() if coate else None
    municipality = municipality or municipalities.order_by("coate").first()
    if municipality is None:
        raise RuntimeError("Load the territory demo first: there is no municipality.")
    return cast(Municipality, municipality)


def _person_upsert(
    person: DemoPerson, municipality: Municipality, village: object, password_hash: str
) -> User:
    identifier = identifier_parse(person.login)
    user = User.objects.filter(**{identifier.field: identifier.value}).first()
    if user is None:
        user = User.objects.create_user(person.login, None, full_name=person.full_name)
    user.full_name = person.full_name
    user.password = password_hash
    user.is_active = True
    if person.role not in (Role.EDITOR, Role.ANALYST, Role.ADMIN):
        user.municipality = municipality
        user.village = village  # type: ignore[assignment]
    now = timezone.now()
    if user.phone and person.verified:
        user.phone_verified_at = user.phone_verified_at or now
    if person.verified and user.municipality is not None:
        user.resident_verified_at = user.resident_verified_at or now
        user.resident_verified_for = user.municipality
        user.resident_evidence = user.resident_evidence or ResidenceEvidence.ID_CARD
        user.pin_hash = pin_fingerprint(person.pin) if person.pin else ""
    user.save()
    return user


def _role_ensure(user: User, role: Role, municipality: Municipality) -> None:
    scope = None if role in (Role.EDITOR, Role.ANALYST, Role.ADMIN) else municipality
    RoleAssignment.objects.active().get_or_create(user=user, role=role, municipality=scope)


def _second_factor_ensure(user: User, login: str) -> None:
    totp = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first() or TOTPDevice(
        user=user, name=DEMO_DEVICE_NAME
    )
    totp.key = demo_totp_key(login)
    totp.confirmed = True
    totp.save()
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in DEMO_BACKUP_CODES)


@transaction.atomic
def load_demo() -> None:
    """Create or refresh the demo people; running it again changes nothing but renewing backup codes."""
    municipality = demo_municipality()
    village = municipality.settlements.first()
    # Argon2 is slow on purpose: hash the shared demo password once, not once per person.
    password_hash = make_password(DEMO_PASSWORD)
    for person in DEMO_PEOPLE:
        user = _person_upsert(person, municipality, village, password_hash)
        if person.role is not None:
            _role_ensure(user, person.role, municipality)
        if person.role in OFFICE_ROLES:
            _second_factor_ensure(user, person.login)
