"""Incoming SMS commands: capabilities register a handler for a keyword (the first word of a message).

    from kenesh.messaging.inbound import register_keyword

    def vote_by_sms(message: InboundSms, text: str) -> str | None:
        ...  # read message.sender and text, act, and return the reply text (or None: no reply)

    register_keyword("VOTE", vote_by_sms, secret=True)  # in the app's AppConfig.ready()

Keywords are matched without regard to case, so "vote 12" and "VOTE 12" reach the same handler.

A handler gets the message as stored and the text as received. For a keyword registered as `secret`
(a ballot: whoever reads the inbox must not learn how the sender voted) the stored message keeps only
the keyword: the rest of the text is handed to the handler and written nowhere, neither in the inbox
nor in a log. The handler may set `message.municipality` when the message turns out to concern one
municipality; the message and its reply are then shown to that municipality's staff only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext

from kenesh.messaging.models import InboundSms

InboundHandler = Callable[[InboundSms, str], "str | None"]

# The sender's language is unknown, so the help answer is in both languages most people read.
HELP_LANGUAGES = ("ky", "ru")

_handlers: dict[str, InboundHandler] = {}
_secret: set[str] = set()


def register_keyword(keyword: str, handler: InboundHandler, *, secret: bool = False) -> None:
    """Send messages whose first word is `keyword` to `handler`; a keyword belongs to one handler.

    `secret`: the messages carry what nobody may read next to the sender's number (a ballot's choices);
    only their keyword is stored.
    """
    key = keyword.strip().upper()
    if not key or len(key.split()) != 1:
        raise ValueError(f"A keyword is one word, not {keyword!r}.")
    if _handlers.get(key, handler) is not handler:
        raise ValueError(f"The SMS keyword {key!r} already has a handler.")
    _handlers[key] = handler
    if secret:
        _secret.add(key)
    else:
        _secret.discard(key)


def unregister_keyword(keyword: str) -> None:
    key = keyword.strip().upper()
    _handlers.pop(key, None)
    _secret.discard(key)


def is_secret(keyword: str) -> bool:
    return keyword in _secret


def text_to_store(text: str) -> tuple[str, str, bool]:
    """What the inbox keeps of a received text: (text, keyword, redacted).

    A secret keyword's message is kept as its keyword alone, so the choices in "VOTE 3 7 12" are never
    written; so is a message whose first word only begins with one ("VOTE3 7", "vote,3,7"): it is
    answered with help, but it is a ballot all the same. Every other message is kept as received.
    """
    keyword = keyword_of(text)
    for secret in _secret:
        if keyword.startswith(secret):
            return secret, secret, True
    return text, keyword, False


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
