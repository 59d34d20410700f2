"""What the ground-floor apps announce and the apps above them act on, so that imports run one way.

territory and accounts lie below audit and messaging and never import them. A change they make is
announced with `change_record`, and the audit app writes it to the log in the caller's transaction; a
text for a phone is handed to `sms_request`, and the messaging app queues it in its outbox. Each receiver
connects itself in its AppConfig.ready(). Both are plain synchronous signals: the receiver runs inside
the caller's transaction, its errors reach the caller, and a change without its audit entry rolls back.
Apps above audit and messaging (budgets, pb) call `audit_record` and `sms_send` directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

# Keyword arguments: actor, action, target, municipality, changes (see kenesh.audit.services.audit_record).
change_recorded = Signal()
# Keyword arguments: to, text, municipality (see kenesh.messaging.services.sms_send).
sms_requested = Signal()


def _send(signal: Signal, what: str, **kwargs: Any) -> None:
    if not signal.send(sender=None, **kwargs):
        raise ImproperlyConfigured(
            f"No installed app receives {what}; kenesh.audit and kenesh.messaging must be."
        )


def change_record(
    *,
    actor: Any,
    action: str,
    target: Any,
    municipality: Any = None,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Announce a change for the audit log; call it inside the change's transaction."""
    _send(
        change_recorded,
        "changes for the audit log",
        actor=actor,
        action=action,
        target=target,
        municipality=municipality,
        changes=changes,
    )


def sms_request(*, to: str, text: str, municipality: Any = None) -> None:
    """Hand one text to the SMS outbox (queued; sent once the transaction commits)."""
    _send(sms_requested, "texts for phones", to=to, text=text, municipality=municipality)


# Keyword argument: now. Each app that keeps personal data for a limited time connects a receiver that
# deletes what it owns and is past its keeping time, and returns (what, how many), e.g. ("SMS", 3).
personal_data_expired = Signal()


def personal_data_prune(*, now: datetime.datetime) -> list[tuple[str, int]]:
    """Ask every app to delete its personal data whose keeping time is over; what each deleted."""
    return [
        cast(tuple[str, int], result)
        for _receiver, result in personal_data_expired.send(sender=None, now=now)
    ]
