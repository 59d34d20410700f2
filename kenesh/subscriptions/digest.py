"""The weekly email digest of the knowledge portal's new items, for subscribers who chose to receive it.

Once a week (Monday morning in Bishkek) `digests_send` writes to every person who opted in and is still a
subscriber: the items published since their last digest (a week back for the first), in their language
where an item is translated. A `Digest` row per person and week is written before the email is queued, in
the same transaction, so a task run twice, or a sweep after it, never sends the same week twice. The email
carries a link that stops the digest without signing in: a signed token of the person's id
(`digest_token`), checked by `digest_token_user`.

Run by the weekly task (kenesh.subscriptions.tasks.digest_weekly) and `manage.py subscriptions_digest`.
This module imports neither services nor tasks, so the arrows run services -> tasks -> digest.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from kenesh.accounts.models import User
from kenesh.messaging.services import email_send
from kenesh.portal.models import PortalItem
from kenesh.portal.selectors import items_visible
from kenesh.subscriptions.models import Digest, DigestChoice
from kenesh.subscriptions.selectors import is_subscriber

TOKEN_SALT = "kenesh.subscriptions.digest-stop"  # noqa: S105  (a salt, not a secret)
# At most this many items in one email (a week rarely has more); the portal has the rest.
DIGEST_SIZE = 30
FIRST_LOOK_BACK = datetime.timedelta(days=7)
# When the weekly task runs: Monday, nine in the morning in Bishkek.
SEND_WEEKDAY = 0
SEND_HOUR = 9


def week_of(moment: datetime.datetime) -> datetime.date:
    """The Monday of `moment`'s week, in Bishkek."""
    today = timezone.localdate(moment)
    return today - datetime.timedelta(days=today.weekday())


def next_send_after(moment: datetime.datetime) -> datetime.datetime:
    """The next Monday 09:00 in Bishkek strictly after `moment`."""
    local = timezone.localtime(moment)
    candidate = local.replace(hour=SEND_HOUR, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=(SEND_WEEKDAY - local.weekday()) % 7
    )
    if candidate <= local:
        candidate += datetime.timedelta(days=7)
    return candidate


def digest_token(user_id: int) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(str(user_id))


def digest_token_user(token: str) -> int | None:
    """The person's id in a stop link's token; None for a token that was not signed here."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token[:200])
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def _base_url() -> str:
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


def items_since(since: datetime.datetime, until: datetime.datetime, language: str) -> list[PortalItem]:
    """Items first published in (since, until], newest first, one version each (the reader's language)."""
    return list(
        items_visible(language)
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .order_by("-first_published_at", "-pk")[:DIGEST_SIZE]
    )


def _send(person: User, items: list[PortalItem], language: str) -> None:
    base = _base_url()
    with translation.override(language):
        home = base + reverse("portal_home")
        stop = base + reverse("subscriptions:digest_stop", args=[digest_token(person.pk)])
        subject = gettext("New on the knowledge portal this week")
    lines = [(item.title, f"{home}{item.slug}/") for item in items]
    email_send(
        to=str(person.email),
        subject=subject,
        template="subscriptions/email/digest",
        context={"lines": lines, "portal_url": home, "stop_url": stop},
        language=language,
    )


def digest_send(*, user_id: int, now: datetime.datetime | None = None) -> bool:
    """This week's digest to one person, once; False when not due (not opted in, no longer a subscriber,
    no email address), already sent this week, or with nothing new (recorded, no email)."""
    now = now or timezone.now()
    week = week_of(now)
    with transaction.atomic():
        choice = (
            DigestChoice.objects.select_for_update().select_related("user").filter(user_id=user_id).first()
        )
        if choice is None:
            return False
        person = choice.user
        if not person.is_active or not person.email or not is_subscriber(person, timezone.localdate(now)):
            return False
        last = Digest.objects.filter(user_id=user_id).order_by("-sent_at").first()
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user_id=user_id, week=week, sent_at=now)
        except IntegrityError:
            return False
        since = max(last.sent_at if last is not None else now - FIRST_LOOK_BACK, now - 5 * FIRST_LOOK_BACK)
        language = person.preferred_language or "ky"
        items = items_since(since, now, language)
        if not items:
            return False
        digest.items = len(items)
        digest.save(update_fields=["items"])
        _send(person, items, language)
    return True


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """This week's digest to everyone who opted in; how many emails were queued."""
    now = now or timezone.now()
    user_ids = list(DigestChoice.objects.order_by("user_id").values_list("user_id", flat=True))
    return sum(digest_send(user_id=user_id, now=now) for user_id in user_ids)
