"""Who may do what, where: named `rules` predicates scoped to a municipality, and the permission names.

A predicate takes (user, obj). `obj` is a Municipality, or anything that carries one (a `municipality_id`
or `municipality` attribute: a proposal, a hearing, a role assignment), or None for country-wide questions.
Other apps build their own rules from these predicates, e.g. ``is_staff_of | is_admin``.
"""

from __future__ import annotations

from typing import Any

import rules

from kenesh.accounts.models import OFFICE_ROLES, Role, RoleAssignment
from kenesh.territory.models import Level, Unit

ROLE_CACHE_ATTRIBUTE = "_kenesh_active_roles"


def active_roles(user: Any) -> frozenset[tuple[str, int | None]]:
    """The (role, municipality id) pairs a person holds now; read once per user object (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, ROLE_CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.active().filter(user_id=user.pk).values_list("role", "municipality_id")
        )
        setattr(user, ROLE_CACHE_ATTRIBUTE, cached)
    return cached


def active_roles_forget(user: Any) -> None:
    """Drop the cached roles after a change, so the same user object sees it."""
    if user is not None and hasattr(user, ROLE_CACHE_ATTRIBUTE):
        delattr(user, ROLE_CACHE_ATTRIBUTE)


def municipality_id_of(obj: Any) -> int | None:
    """The municipality an object belongs to, or None for no object (a country-wide question)."""
    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj.pk if obj.level == Level.MUNICIPALITY else None
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is not None:
        return int(municipality_id)
    municipality = getattr(obj, "municipality", None)
    return municipality.pk if municipality is not None else None


def _holds(user: Any, role: str, obj: Any) -> bool:
    municipality_id = municipality_id_of(obj)
    return municipality_id is not None and (role, municipality_id) in active_roles(user)


def _holds_anywhere(user: Any, role: str) -> bool:
    return any(held == role for held, _ in active_roles(user))


@rules.predicate
def has_object(user: Any, obj: Any) -> bool:
    return obj is not None


@rules.predicate
def is_admin(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or (Role.ADMIN.value, None) in active_roles(user)


@rules.predicate
def is_staff_of(user: Any, obj: Any) -> bool:
    return _holds(user, Role.STAFF, obj)


@rules.predicate
def is_deputy_of(user: Any, obj: Any) -> bool:
    return _holds(user, Role.DEPUTY, obj)


@rules.predicate
def is_monitor_of(user: Any, obj: Any) -> bool:
    return _holds(user, Role.MONITOR, obj)


@rules.predicate
def is_global_moderator(user: Any) -> bool:
    return (Role.MODERATOR.value, None) in active_roles(user)


@rules.predicate
def is_municipal_moderator_of(user: Any, obj: Any) -> bool:
    return _holds(user, Role.MODERATOR, obj)


is_moderator_of = is_global_moderator | is_municipal_moderator_of


@rules.predicate
def is_editor(user: Any) -> bool:
    return (Role.EDITOR.value, None) in active_roles(user)


@rules.predicate
def is_analyst(user: Any) -> bool:
    return (Role.ANALYST.value, None) in active_roles(user)


@rules.predicate
def is_lsg_staff(user: Any) -> bool:
    """Staff of some municipality (which one is not asked)."""
    return _holds_anywhere(user, Role.STAFF)


@rules.predicate
def is_office_user(user: Any) -> bool:
    """Holds a role that works in the back office (and therefore signs in with TOTP)."""
    if is_admin(user):
        return True
    return any(role in OFFICE_ROLES for role, _ in active_roles(user))


@rules.predicate
def is_resident_of(user: Any, obj: Any) -> bool:
    municipality_id = municipality_id_of(obj)
    return (
        municipality_id is not None
        and user is not None
        and user.is_authenticated
        and user.municipality_id == municipality_id
    )


@rules.predicate
def is_verified_resident_of(user: Any, obj: Any) -> bool:
    """A resident whose residence staff of this municipality confirmed (a phone code proves no residence)."""
    return bool(is_resident_of(user, obj) and user.residence_verified)


# The permission names checked with ``user.has_perm(name, obj)`` or ``access.require_perm``, in the order
# they were registered. Each app registers its own names from its permissions.py (imported by its
# AppConfig.ready), built from the predicates above: accounts registers the office, people and territory
# names and the cross-cutting roles' names; pb, budgets, messaging and audit register theirs.
PERMISSIONS: dict[str, rules.Predicate] = {}


def permission_register(name: str, predicate: rules.Predicate) -> None:
    """Make `name` a permission that holds where `predicate` does; registering a name twice is an error."""
    if name in PERMISSIONS:
        raise ValueError(f"permission {name!r} is registered twice")
    PERMISSIONS[name] = predicate
    rules.set_perm(name, predicate)


# Any back-office role: the /office/ shell and its dashboard.
permission_register("office.access", is_office_user)
# obj = Municipality: edit its LSG bodies, council and deputies.
permission_register("territory.change_municipality", is_staff_of | is_admin)
# obj = Municipality: council materials before a vote (priorities, hearing proposals).
permission_register("territory.view_council_materials", is_deputy_of | is_staff_of | is_admin)
# obj = Municipality: list its residents (name, village, verified or not).
permission_register("accounts.view_residents", is_staff_of | is_municipal_moderator_of | is_admin)
# obj = Municipality: a resident's phone number and email address.
permission_register("accounts.view_resident_personal_data", is_staff_of | is_admin)
# obj = Municipality: confirm that a person lives there.
permission_register("accounts.verify_resident", is_staff_of | is_admin)
# obj = Municipality: grant and revoke municipal roles there (administrators: any role, anywhere).
permission_register("accounts.assign_role", is_staff_of | is_admin)
# obj = Municipality or None: counts by sex, age group and vulnerable group (never single people).
permission_register(
    "accounts.view_demographic_aggregates",
    is_admin | is_analyst | (has_object & (is_staff_of | is_deputy_of)),
)
# obj = Municipality: take part as a resident (needs, comments, proposals).
permission_register("accounts.act_as_resident", is_resident_of)
# obj = Municipality: take part where residence must be confirmed (votes, surveys).
permission_register("accounts.act_as_verified_resident", is_verified_resident_of)
# The roles below work across apps that are not built yet; their names are registered here until then.
# obj = Municipality (or anything in one) or None: hide and restore what people post.
permission_register("moderation.moderate", is_moderator_of | is_admin)
# obj = None: the knowledge portal and the journal.
permission_register("portal.edit", is_editor | is_admin)
# obj = None: read indicators and data of every municipality side by side.
permission_register("analytics.view_across_municipalities", is_analyst | is_admin)


def roles_grantable(actor: Any, municipality: Any) -> list[Role]:
    """The roles `actor` may grant or revoke in `municipality` (None: the country-wide roles).

    Staff of a municipality manage its staff, deputies, monitoring group and moderators; administrators
    manage every role everywhere. Nobody else grants anything.
    """
    scoped = [Role.STAFF, Role.DEPUTY, Role.MONITOR, Role.MODERATOR]
    country_wide = [Role.MODERATOR, Role.EDITOR, Role.ANALYST, Role.ADMIN]
    if is_admin(actor):
        return scoped if municipality is not None else country_wide
    if municipality is not None and is_staff_of(actor, municipality):
        return scoped
    return []
