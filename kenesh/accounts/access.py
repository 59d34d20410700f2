"""The office's way into a municipality, shared by the apps' back-office pages.

`municipalities_served` lists where a person works (every current municipality for administrators, else
those where they are staff); `office_start` is the office start page of an app (straight to the only
municipality, else the list); `municipality_for_office` finds a municipality by its СОАТЕ code or gives 404,
and checks a permission on it or gives 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kenesh.accounts.models import Role
from kenesh.accounts.permissions import active_roles, is_admin
from kenesh.ops.access import require_perm
from kenesh.territory.models import Municipality, Unit


def municipalities_served(user: Any) -> QuerySet[Unit]:
    """The current municipalities whose office work `user` does (one query for the roles, read once per
    user, and one for the list)."""
    municipalities = Municipality.objects.current().select_related("parent").order_by("name_ru")
    if is_admin(user):
        return municipalities
    served = [m for role, m in active_roles(user) if role == Role.STAFF and m is not None]
    return municipalities.filter(pk__in=served)


def office_start(
    request: HttpRequest,
    *,
    detail: str,
    template: str,
    limit: int = 500,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """An app's office start page: the municipality page `detail` when the person serves only one."""
    municipalities = municipalities_served(request.user)
    if not is_admin(request.user):
        only = list(municipalities[:2])
        if len(only) == 1:
            return redirect(detail, coate=only[0].coate)
    return render(request, template, {"municipalities": municipalities[:limit], **(context or {})})


def municipality_for_office(request: HttpRequest, coate: str, permission: str) -> Unit:
    """The current municipality with this code (404 otherwise), if the person holds `permission` on it
    (403 otherwise)."""
    municipality = Municipality.objects.current().filter(coate=coate).select_related("parent").first()
    if municipality is None:
        raise Http404(coate)
    require_perm(request, permission, municipality)
    return municipality
