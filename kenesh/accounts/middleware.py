"""How long an office second factor counts: at most KENESH_SECOND_FACTOR_MAX_AGE seconds after the code
was given, and not after KENESH_SECOND_FACTOR_IDLE seconds without a request.

The person stays signed in (as a citizen, for the session's 14 days); office pages then ask for a TOTP or
backup code again (`kenesh.ops.access.office_check`). django-otp keeps the verified device in the
session; this middleware keeps beside it when the code was given and when the session was last used, and
forgets the device once either limit has passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_otp import DEVICE_ID_SESSION_KEY

STAMP_SESSION_KEY = "kenesh_second_factor"
SEEN_PRECISION = 60  # seconds: the last-used time is written at most once a minute


def second_factor_stamp(device_id: str, now: float) -> dict[str, object]:
    """What the session keeps beside django-otp's device: when its code was given and last used."""
    return {"device": device_id, "since": now, "seen": now}


def second_factor_expired(stamp: object, device_id: object, now: float) -> bool:
    """Whether the verified device's code was given too long ago or the session was idle too long.

    Without a stamp of this device (the code was given in the previous request, or the session is older
    than this middleware) the device counts from now: the stamp is written after the response."""
    if not isinstance(stamp, dict) or stamp.get("device") != device_id:
        return False
    since, seen = float(stamp.get("since", 0)), float(stamp.get("seen", 0))
    return (
        now - since > settings.KENESH_SECOND_FACTOR_MAX_AGE
        or now - seen > settings.KENESH_SECOND_FACTOR_IDLE + SEEN_PRECISION
    )


class SecondFactorExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        now = time.time()
        device_id = session.get(DEVICE_ID_SESSION_KEY)
        if device_id is not None and second_factor_expired(session.get(STAMP_SESSION_KEY), device_id, now):
            # Before django-otp's lazy user reads the device: this request is not verified.
            del session[DEVICE_ID_SESSION_KEY]
            session.pop(STAMP_SESSION_KEY, None)
        response = self.get_response(request)
        self._stamp(request, now)
        return response

    @staticmethod
    def _stamp(request: HttpRequest, now: float) -> None:
        session = request.session  # a new one after a sign-out
        device_id = session.get(DEVICE_ID_SESSION_KEY)
        stamp = session.get(STAMP_SESSION_KEY)
        if device_id is None:
            if stamp is not None:
                del session[STAMP_SESSION_KEY]
        elif not isinstance(stamp, dict) or stamp.get("device") != device_id:
            # The code was given in this request.
            session[STAMP_SESSION_KEY] = second_factor_stamp(device_id, now)
        elif now - float(stamp.get("seen", 0)) >= SEEN_PRECISION:
            session[STAMP_SESSION_KEY] = {**stamp, "seen": now}
