"""Content typed in two languages (`title_ky`, `title_ru`): the reader's language, else the other one.

Staff and residents write a proposal, a process or a summary in Kyrgyz, in Russian or in both. A reader sees
the text in the language of the page when there is one; otherwise that of another language, with its `lang`
attribute and a small mark that says which language it is ("(орусча)", "(на кыргызском)"); never both.
Templates use `{% bilingual obj "field" %}` (`{% load kenesh %}`); Python uses `localized()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The languages content is typed in, in the order a fallback is tried after the reader's own.
CONTENT_LANGUAGES = ("ky", "ru", "en")

# The mark after a text that is not in the reader's language, in the reader's language.
LANGUAGE_MARKS = {
    "ky": _("(in Kyrgyz)"),
    "ru": _("(in Russian)"),
    "en": _("(in English)"),
}


@dataclass(frozen=True)
class Localized:
    """The text to show and the language it is written in; `fallback` when that is not the reader's."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text

    @property
    def mark(self) -> str:
        return str(LANGUAGE_MARKS.get(self.language, "")) if self.fallback else ""


def reader_language() -> str:
    return (get_language() or "ky").split("-")[0]


def localized(obj: object, field: str) -> Localized:
    """The text of `field` in the reader's language, else in the first content language that has one."""
    reader = reader_language()
    for code in (reader, *[code for code in CONTENT_LANGUAGES if code != reader]):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if str(value).strip():
            return Localized(str(value), code, code != reader)
    return Localized("", reader, False)


def render_inline(text: Localized) -> SafeString:
    """One line (a title, a name): the text, and when it is another language's, its `lang` and the mark."""
    if not text.fallback:
        return escape(text.text)
    return format_html(
        '<span lang="{}">{}</span> <small class="lang-mark">{}</small>', text.language, text.text, text.mark
    )


def render_block(text: Localized) -> SafeString:
    """Paragraphs (a description): in a `div` with its `lang`; the mark as the first line when a fallback."""
    if not text.text:
        return mark_safe("")
    body = mark_safe(linebreaks(text.text, autoescape=True))  # noqa: S308 - linebreaks escaped the text
    if not text.fallback:
        return format_html('<div class="bilingual" lang="{}">{}</div>', text.language, body)
    return format_html(
        '<div class="bilingual" lang="{}"><p class="lang-mark" lang="{}">{}</p>{}</div>',
        text.language,
        reader_language(),
        text.mark,
        body,
    )
