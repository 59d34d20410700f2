"""The appeals permissions, built from the predicates of kenesh.accounts.permissions.

Imported by AppealsConfig.ready(), so has_perm() knows these names from the first request.
The citizen's name, phone and email (`appeals.view_appellant`) are for the staff member handling the
appeal and the head of the body, not for every staff member of the municipality.
"""

from __future__ import annotations

from typing import Any

import rules

from kenesh.accounts.permissions import (
    is_admin,
    is_staff_of,
    municipality_id_of,
    permission_register,
)


def _head_ids(user: Any) -> set[int]:
    cached = getattr(user, "_kenesh_appeal_heads", None)
    if cached is None:
        from kenesh.appeals.models import Head

        cached = set(Head.objects.filter(person_id=user.pk).values_list("municipality_id", flat=True))
        user._kenesh_appeal_heads = cached
    return cached


@rules.predicate
def is_head_of(user: Any, obj: Any) -> bool:
    """The person named head of the body of obj's municipality (and still its staff)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    municipality_id = municipality_id_of(obj)
    return municipality_id is not None and municipality_id in _head_ids(user) and bool(is_staff_of(user, obj))


@rules.predicate
def is_handler_of(user: Any, obj: Any) -> bool:
    """The staff member an appeal is assigned to (obj is the appeal; a municipality has no handler)."""
    if user is None or not user.is_authenticated:
        return False
    assignee_id = getattr(obj, "assignee_id", None)
    return assignee_id is not None and assignee_id == user.pk and bool(is_staff_of(user, obj))


# obj = Municipality (or an appeal in it): the office inbox without personal data; register paper appeals,
# take, assign, answer, extend, redirect and close appeals.
permission_register("appeals.handle", is_staff_of | is_admin)
# obj = an appeal (or its Municipality): the citizen's name, phone, email and address.
permission_register("appeals.view_appellant", is_handler_of | is_head_of)
# obj = Municipality: its own categories, who handles which category, who is the head of the body.
permission_register("appeals.configure", is_staff_of | is_admin)
# obj = None: the national calendar of public holidays that deadlines are counted on.
permission_register("appeals.maintain_calendar", is_admin)
