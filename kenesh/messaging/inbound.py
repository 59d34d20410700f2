"""Incoming SMS commands: capabilities register a handler for a keyword (the first word of a message).

    from kenesh.messaging.inbound import register_keyword

    def vote_by_sms(message: InboundSms) -> str | None:
        ...  # read message.sender and message.text, act, and return the reply text (or None: no reply)

    register_keyword("VOTE", vote_by_sms)  # in the app's AppConfig.ready()

Keywords are matched without regard to case, so "vote 12" and "VOTE 12" reach the same handler.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext

from kenesh.messaging.models import InboundSms

InboundHandler = Callable[[InboundSms], "str | None"]

# The sender's language is unknown, so the help answer is in both languages most people read.
HELP_LANGUAGES = ("ky", "ru")

_handlers: dict[str, InboundHandler] = {}


def register_keyword(keyword: str, handler: InboundHandler) -> None:
    """Send messages whose first word is `keyword` to `handler`; a keyword belongs to one handler."""
    key = keyword.strip().upper()
    if not key or len(key.split()) != 1:
        raise ValueError(f"A keyword is one word, not {keyword!r}.")
    if _handlers.get(key, handler) is not handler:
        raise ValueError(f"The SMS keyword {key!r} already has a handler.")
    _handlers[key] = handler


def unregister_keyword(keyword: str) -> None:
    _handlers.pop(keyword.strip().upper(), None)


def registered_keywords() -> list[str]:
    return sorted(_handlers)


def keyword_of(text: str) -> str:
    """The first word of a message in upper case, without trailing punctuation ("vote," → "VOTE")."""
    words = text.split(maxsplit=1)
    return words[0].strip(".,;:!?").upper()[:32] if words else ""


def handler_for(keyword: str) -> InboundHandler | None:
    return _handlers.get(keyword)


def help_reply() -> str:
    """What an unknown command gets back: the keywords this number understands."""
    keywords = ", ".join(registered_keywords())
    lines = []
    for language in HELP_LANGUAGES:
        with translation.override(language):
            if keywords:
                lines.append(gettext("Unknown command. Send one of: %(keywords)s.") % {"keywords": keywords})
            else:
                lines.append(gettext("This number does not take commands yet."))
    return "\n".join(lines)
