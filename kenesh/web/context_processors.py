"""What every page's template needs to know about the visitor, computed only when the template asks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kenesh.accounts.permissions import is_office_user


def office(request: HttpRequest) -> dict[str, Any]:
    """`may_enter_office`: whether the menu links the back office.

    The same answer as `perms.office.access`, without Django's model backend, which would read the person's
    and their groups' permission tables on every page of every signed-in resident (two queries for a "no").
    """
    user = getattr(request, "user", None)
    return {"may_enter_office": SimpleLazyObject(lambda: bool(user is not None and is_office_user(user)))}
