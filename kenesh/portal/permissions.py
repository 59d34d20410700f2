"""The portal's permission names; the subscriber-only one belongs to kenesh.subscriptions.

`portal.edit` (editors and administrators) is registered by kenesh.accounts.permissions. Subscriber-only
content asks `user.has_perm(SUBSCRIBER_CONTENT)`, which kenesh.subscriptions registers: until it does,
nobody but a superuser holds it and everyone sees the teaser.
"""

from __future__ import annotations

from typing import Any

PORTAL_EDIT = "portal.edit"
SUBSCRIBER_CONTENT = "subscriptions.read_subscriber_content"


def may_read_subscriber_content(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(SUBSCRIBER_CONTENT, None))
