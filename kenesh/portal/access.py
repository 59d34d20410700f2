"""Who enters the portal's editorial admin (Wagtail, /office/portal/): the office sign-in, then `portal.edit`.

Wagtail asks its own groups for page, image and document permissions. People with Kenesh's editor role (and
administrators) are put in Wagtail's "Moderators" group, which may write, submit for review, approve and
publish; whoever loses the role loses the group the next time they come (and is refused at the door until
then). Wagtail's own login and password forms are never reached: the office sign-in (password, then the
TOTP second factor, kenesh.ops.access) comes first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from csp.decorators import csp_replace
from django.contrib.auth.models import Group, Permission
from django.http import HttpRequest, HttpResponse

from kenesh.ops.access import office_check, require_perm
from kenesh.portal.permissions import PORTAL_EDIT

# Wagtail's admin writes inline scripts and styles (and sets style attributes): allowed on its pages only,
# never on the public ones, which keep the site-wide policy of settings.CONTENT_SECURITY_POLICY.
# Replaced, not extended: a hash in a list makes browsers ignore 'unsafe-inline' beside it.
ADMIN_CSP = {"script-src": ["'self'", "'unsafe-inline'"], "style-src": ["'self'", "'unsafe-inline'"]}

# Created by Wagtail's initial migration with the page, image, document and admin permissions it needs.
EDITORS_GROUP = "Moderators"


def editors_group() -> Group:
    """Wagtail's moderators' group, which may also edit the thematic directions (a snippet)."""
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if (
        created
        or not group.permissions.filter(content_type__app_label="portal", codename="change_theme").exists()
    ):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="portal", codename__in=("add_theme", "change_theme", "delete_theme")
            ),
            *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        )
    return group


def editor_sync(user: Any) -> bool:
    """Put `user` in (or out of) the Wagtail group that matches their `portal.edit` permission now."""
    may_edit = bool(user.is_authenticated and user.has_perm(PORTAL_EDIT))
    group = editors_group()
    in_group = user.groups.filter(pk=group.pk).exists() if user.is_authenticated else False
    if may_edit and not in_group:
        user.groups.add(group)
    elif not may_edit and in_group:
        user.groups.remove(group)
    return may_edit


def portal_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap each Wagtail admin view: office sign-in with the second factor, then `portal.edit`."""

    @csp_replace(ADMIN_CSP)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            editor_sync(request.user)
        refusal = office_check(request)
        if refusal is not None:
            return refusal
        require_perm(request, PORTAL_EDIT)
        return view(request, *args, **kwargs)

    return cast(Callable[..., HttpResponse], wrapped)
