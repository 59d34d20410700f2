"""Reads about people and roles, each page at a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.accounts.permissions import is_admin
from kenesh.territory.models import Municipality, Settlement, Unit


def residents_of(*, municipality: Municipality, name: str = "", status: str = "") -> QuerySet[User]:
    """Active people who say they live in `municipality`; `status` is "", "verified" or "unverified"."""
    residents = (
        User.objects.filter(municipality=municipality, is_active=True)
        .select_related("village")
        .order_by("full_name", "pk")
    )
    if name:
        residents = residents.filter(full_name__icontains=name)
    verified = Q(resident_verified_at__isnull=False, resident_verified_for=municipality)
    if status == "verified":
        residents = residents.filter(verified)
    elif status == "unverified":
        residents = residents.exclude(verified)
    return residents


def role_assignments_in(*, municipality: Municipality | None) -> QuerySet[RoleAssignment]:
    """Roles held now in a municipality (None: the country-wide ones)."""
    return (
        RoleAssignment.objects.active()
        .filter(municipality=municipality)
        .select_related("user", "granted_by")
        .order_by("role", "user__full_name")
    )


def roles_of(*, user: Any) -> QuerySet[RoleAssignment]:
    """The roles a person holds now, with their municipalities."""
    return RoleAssignment.objects.active().filter(user=user).select_related("municipality").order_by("role")


def municipalities_managed_by(*, user: Any) -> QuerySet[Any]:
    """Municipalities whose residents `user` sees as staff or their moderator (administrators: every one)."""
    if is_admin(user):
        return Municipality.objects.current().order_by("name_ru")
    ids = (
        RoleAssignment.objects.active()
        .filter(user=user, role__in=[Role.STAFF, Role.MODERATOR], municipality__isnull=False)
        .values("municipality_id")
    )
    return Municipality.objects.filter(pk__in=ids).order_by("name_ru")


def villages_of(*, municipality_id: object) -> QuerySet[Unit]:
    """The villages a resident of a municipality may choose, by the municipality's id as a form sent it
    (anything that is not an id gives none)."""
    if municipality_id is None or not str(municipality_id).isdigit():
        return Settlement.objects.none()
    return Settlement.objects.filter(parent_id=int(str(municipality_id))).order_by("name_ru")
