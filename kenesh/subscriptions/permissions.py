"""The subscriptions permissions, built from the predicates of kenesh.accounts.permissions.

Imported by SubscriptionsConfig.ready(), so has_perm() knows these names from the first request. The
portal (above this app) asks `subscriptions.read_subscriber_content` before it shows a full journal issue,
the consultations' archive or the "ask an expert" form.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from kenesh.accounts.permissions import is_admin, is_editor, is_staff_of, permission_register
from kenesh.subscriptions.selectors import is_subscriber

SUBSCRIBER_CACHE_ATTRIBUTE = "_kenesh_subscriber_on"


@rules.predicate
def holds_subscription(user: Any) -> bool:
    """A seat of an active LSG body's subscription, or an active individual one, today in Bishkek."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    today = timezone.localdate()
    cached = getattr(user, SUBSCRIBER_CACHE_ATTRIBUTE, None)
    if cached is None or cached[0] != today:
        cached = (today, is_subscriber(user, today))
        setattr(user, SUBSCRIBER_CACHE_ATTRIBUTE, cached)
    return bool(cached[1])


# obj = None (or anything): full journal PDFs, the consultations' archive, asking the experts.
permission_register("subscriptions.read_subscriber_content", is_editor | is_admin | holds_subscription)
# obj = None: choose the portal's weekly email digest (only subscribers; anyone signed in may stop it).
permission_register("subscriptions.receive_digest", holds_subscription)
# obj = Municipality: its LSG body's subscription, seats and invoices; ask for an invoice.
permission_register("subscriptions.manage_body", is_staff_of | is_admin)
# obj = None: the dues register, the prices, payments and every subscription.
permission_register("subscriptions.administer", is_admin)
# obj = None: read and answer the questions subscribers ask the experts.
permission_register("subscriptions.answer_questions", is_editor | is_admin)
