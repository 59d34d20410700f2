"""Helpers for tests of every app: people with roles, and a test client signed in to the office.

from kenesh.accounts.testing import person_make, office_login
staff = person_make(role=Role.STAFF, municipality=municipality)
office_login(client, staff)          # signed in, second factor passed
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from kenesh.accounts.middleware import STAMP_SESSION_KEY, second_factor_stamp
from kenesh.accounts.models import GLOBAL_ROLES, ResidenceEvidence, Role, RoleAssignment, User

_numbers = itertools.count(1)


def person_make(
    *,
    role: Role | str | None = None,
    municipality: Any = None,
    resident_of: Any = None,
    verified: bool = False,
    password: str | None = None,
    **fields: Any,
) -> User:
    """A person with an email login; `role` is held in `municipality` (None for the country-wide roles).

    Without `password` the account has none that works (hashing with Argon2 is slow on purpose).
    """
    number = next(_numbers)
    fields.setdefault("full_name", f"Test Person {number}")
    user = User.objects.create_user(
        fields.pop("email", f"person{number}@kenesh.test"), password, municipality=resident_of, **fields
    )
    if verified:
        from django.utils import timezone

        user.resident_verified_at = timezone.now()
        user.resident_verified_for = resident_of
        user.resident_evidence = ResidenceEvidence.ID_CARD
        user.save(update_fields=["resident_verified_at", "resident_verified_for", "resident_evidence"])
    if role is not None:
        role = Role(role)
        scope = None if role in GLOBAL_ROLES else municipality
        RoleAssignment.objects.create(user=user, role=role, municipality=scope)
    return user


def office_login(client: Client, user: User) -> None:
    """Sign `user` in and mark the session as having passed the second factor (a static device)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[STAMP_SESSION_KEY] = second_factor_stamp(device.persistent_id, time.time())
    session.save()
