"""Rate limits counted in the shared cache (django-ratelimit), by client address, account, code or phone.

The rates live in settings.KENESH_RATES ("count/period"); docs/deployment.md says what each one counts.
Views limit plain form posts with django-ratelimit's decorator, `block=False`, and answer a limited
request with `refuse_form`: the same page, what the person typed kept, a message, status 429. Failures
(a wrong password, a wrong voting code) are counted with `failure_count` and checked before the next try
with `failures_exhausted`, so that successes never use up a limit.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.forms import BaseForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from kenesh.ops.clientip import client_ip_or_unknown

TOO_MANY_STATUS = 429
TOO_MANY_MESSAGE = _("Too many attempts in a short time. Wait a few minutes and try again.")


def rate(name: str) -> Callable[[str, HttpRequest], str]:
    """A django-ratelimit `rate` that reads KENESH_RATES[name] at each request (tests may change it)."""

    def current(group: str, request: HttpRequest) -> str:
        return str(settings.KENESH_RATES[name])

    return current


def limit_of(name: str) -> int:
    """The count that limit `name` allows in one window."""
    return int(str(settings.KENESH_RATES[name]).split("/", 1)[0])


def address_key(group: str, request: HttpRequest) -> str:
    """The client's address (trusted proxies honoured; IPv6 by /64 as django-ratelimit masks it)."""
    return client_ip_or_unknown(request)


def user_key(group: str, request: HttpRequest) -> str:
    """The signed-in account, or the address of an anonymous request."""
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else f"address:{client_ip_or_unknown(request)}"


def _usage(request: HttpRequest, name: str, value: str, *, increment: bool) -> tuple[int, int]:
    usage = get_usage(
        request,
        group=f"kenesh.{name}",
        key=lambda group, request: value,
        rate=rate(name),
        increment=increment,
    )
    if usage is None:  # RATELIMIT_ENABLE is off
        return 0, 1
    return int(usage["count"]), int(usage["limit"])


def failures_so_far(request: HttpRequest, name: str, value: str) -> int:
    """How many failures `value` has in the current window of limit `name`."""
    return _usage(request, name, value, increment=False)[0]


def failures_exhausted(request: HttpRequest, name: str, value: str, limit: int | None = None) -> bool:
    """Whether `value` has used up the failures that limit `name` (or the lower `limit`) allows."""
    count, allowed = _usage(request, name, value, increment=False)
    return count >= (allowed if limit is None else min(limit, allowed))


def failure_count(request: HttpRequest, name: str, value: str) -> int:
    """Count one failure (or one use) of `value` under limit `name`; the number so far in this window."""
    return _usage(request, name, value, increment=True)[0]


def request_limited(request: HttpRequest) -> bool:
    """Whether a `ratelimit(block=False)` decorator of this view found the request over its limit."""
    return bool(getattr(request, "limited", False))


def refuse_form(form: BaseForm, message: str | None = None) -> None:
    """Mark a bound form invalid with `message` only, without cleaning it (nothing expensive runs)."""
    form.cleaned_data = {}
    form._errors = ErrorDict()  # type: ignore[attr-defined]  # set by full_clean(), which must not run
    form.add_error(None, str(message or TOO_MANY_MESSAGE))
