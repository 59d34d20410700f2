"""Demo messages: a few SMS in the outbox and inbox, so the back office has something to show."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kenesh.messaging.inbound import text_to_store
from kenesh.messaging.models import InboundSms, OutboundSms, OutboundStatus

DEMO_OUTBOX = (
    ("demo-out-1", "+996700100200", "Kenesh: сиздин кайрылууңуз кабыл алынды, №12."),
    ("demo-out-2", "+996555300400", "Kenesh: бюджеттик угуу 15-июнда саат 10:00до айыл өкмөтүндө болот."),
    ("demo-out-3", "+996770500600", "Kenesh: ваш код подтверждения 482913."),
)
DEMO_INBOX = (
    ("demo-in-1", "+996700100200", "HELP"),
    ("demo-in-2", "+996555300400", "Көчө жарыгы качан оңдолот?"),
    # A ballot by SMS: stored as "VOTE" alone, like every message of a secret keyword.
    ("demo-in-3", "+996770500600", "VOTE 2 5"),
)


@transaction.atomic
def load_demo() -> None:
    """Create the demo messages once; running it again changes nothing."""
    for reference, to, text in DEMO_OUTBOX:
        OutboundSms.objects.get_or_create(
            reference=reference,
            defaults={
                "to": to,
                "text": text,
                "status": OutboundStatus.OUTBOX,
                "attempts": 1,
                "delivered_at": timezone.now(),
            },
        )
    for reference, sender, text in DEMO_INBOX:
        # Kept as `sms_receive` keeps it: a secret keyword's message (a ballot) as its keyword alone.
        stored, keyword, redacted = text_to_store(text)
        InboundSms.objects.get_or_create(
            gateway_reference=reference,
            defaults={"sender": sender, "text": stored, "keyword": keyword, "redacted": redacted},
        )
