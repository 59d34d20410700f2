"""manage.py prune_personal_data: delete the personal data whose keeping time is over (run it daily).

Each app deletes what it owns (docs/security.md lists what is kept and for how long): SMS older than
KENESH_SMS_KEEP_DAYS, phone verification codes older than a day, expired sessions.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from kenesh.accounts.services import phone_codes_prune
from kenesh.messaging.services import messages_prune


class Command(BaseCommand):
    help = "Delete SMS, phone codes and sessions whose keeping time is over."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        messages = messages_prune(before=now - datetime.timedelta(days=settings.KENESH_SMS_KEEP_DAYS))
        codes = phone_codes_prune(before=now - datetime.timedelta(days=1))
        sessions, _kinds = Session.objects.filter(expire_date__lt=now).delete()
        self.stdout.write(f"deleted: {messages} SMS, {codes} phone codes, {sessions} sessions")
