"""Signal handlers: a revision scheduled to go live queues the publishing task for that moment."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Revision

from kenesh.portal import tasks


@receiver(post_save, sender=Revision, dispatch_uid="portal_revision_scheduled")
def revision_scheduled(sender: Any, instance: Revision, **kwargs: Any) -> None:
    go_live_at = instance.approved_go_live_at
    if go_live_at is None:
        return
    transaction.on_commit(lambda: tasks.portal_publish_scheduled.using(run_after=go_live_at).enqueue())
