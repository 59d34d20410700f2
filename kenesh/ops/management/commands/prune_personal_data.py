"""manage.py prune_personal_data: delete the personal data whose keeping time is over (run it daily).

Each app deletes what it owns (docs/security.md lists what is kept and for how long), answering
kenesh.ops.events.personal_data_expired: SMS older than KENESH_SMS_KEEP_DAYS, phone verification and
password reset codes older than a day; this command adds expired sessions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from kenesh.ops.events import personal_data_prune


class Command(BaseCommand):
    help = "Delete SMS, phone and password reset codes and sessions whose keeping time is over."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        deleted = personal_data_prune(now=now)
        sessions, _kinds = Session.objects.filter(expire_date__lt=now).delete()
        deleted.append(("sessions", sessions))
        self.stdout.write("deleted: " + ", ".join(f"{count} {what}" for what, count in deleted))
