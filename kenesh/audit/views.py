"""The audit log page of the back office."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kenesh.accounts.permissions import active_roles
from kenesh.audit.forms import AuditFilterForm
from kenesh.audit.labels import action_label, change_rows
from kenesh.audit.selectors import VIEW_PERMISSION, audit_list
from kenesh.ops.access import office_required
from kenesh.territory.models import Municipality

PAGE_SIZE = 50


@office_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    municipality = _municipality(filters.get("municipality", ""))
    user = request.user
    if municipality is None and not user.has_perm(VIEW_PERMISSION):
        # Staff of one municipality land on its log rather than on a refusal.
        municipality = _own_municipality(user)
    if not (user.has_perm(VIEW_PERMISSION) or user.has_perm(VIEW_PERMISSION, municipality)):
        raise PermissionDenied
    entries = audit_list(
        viewer=user,
        municipality=municipality,
        actor_label=filters.get("actor", ""),
        action=filters.get("action", ""),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    names = _municipality_names({entry.municipality_coate for entry in page.object_list})
    rows = [
        (entry, action_label(entry.action), change_rows(entry), names.get(entry.municipality_coate, ""))
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "municipality": municipality,
            "query": query.urlencode(),
        },
    )


def _own_municipality(user: Any) -> Any:
    ids = {municipality_id for _role, municipality_id in active_roles(user) if municipality_id is not None}
    for municipality in Municipality.objects.filter(pk__in=ids).order_by("coate"):
        if user.has_perm(VIEW_PERMISSION, municipality):
            return municipality
    return None


def _municipality_names(coates: set[str]) -> dict[str, str]:
    """The name of each municipality code of a page (its latest version), in one query."""
    rows = Municipality.objects.filter(coate__in=coates - {""}).order_by("valid_from")
    return {row.coate: row.name for row in rows}


def _municipality(coate: str) -> Any:
    if not coate:
        return None
    municipality = Municipality.objects.filter(coate=coate).order_by("-valid_from").first()
    if municipality is None:
        raise Http404
    return municipality
