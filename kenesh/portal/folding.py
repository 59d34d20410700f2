"""Text folded for search: lower case, ё→е, and the Kyrgyz letters people type on a Russian keyboard.

A reader on a Russian keyboard types "о" for "ө", "у" for "ү" and "н" for "ң"; the indexed text and the
query are both folded the same way, so "комок" finds "көмөк" and "Суу" finds "суу". HTML tags are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import strip_tags

_FOLD = str.maketrans({"ё": "е", "ө": "о", "ү": "у", "ң": "н", "һ": "х"})
_WORD = re.compile(r"\w+", re.UNICODE)
# A query is cut to this many words of at most this many letters: enough for any real question.
# PostgreSQL's text search configuration: Russian stemming; Kyrgyz words pass as they are (folded).
SEARCH_CONFIG = "russian"
MAX_QUERY_WORDS = 16
MAX_WORD_LENGTH = 40


def fold(text: str) -> str:
    """The searchable form of `text`: plain text, NFKC, lower case, Kyrgyz letters folded, one space."""
    plain = strip_tags(text or "")
    plain = unicodedata.normalize("NFKC", plain).lower().translate(_FOLD)
    return " ".join(plain.split())


def query_words(query: str) -> list[str]:
    """The words of a reader's query, folded; quotes, operators, emoji and control characters drop out."""
    words = _WORD.findall(fold(query[:2000]))
    # "_" is a word character for the regular expression, but never part of a word people search for.
    cleaned = [word.replace("_", "") for word in words]
    return [word[:MAX_WORD_LENGTH] for word in cleaned if word][:MAX_QUERY_WORDS]
