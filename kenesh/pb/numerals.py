"""Numbers with a Kyrgyz case suffix, written in digits: "1ден 3кө чейин", "10го", "1 000ге".

A Kyrgyz suffix follows the number as it is read aloud: its last word decides. 13 is "он үч" (ends in
үч: 13кө, 13төн), 40 is "кырк" (40ка, 40тан), 1 000 is "миң" (1 000ге). The suffix then follows vowel
harmony (the word's last vowel: а, ы and у take а; о takes о; е and и take е; ө and ү take ө) and the
word's last sound (after a voiceless consonant the dative starts with к and the ablative with т;
otherwise г and д).
"""

from __future__ import annotations

from django.utils import translation

from kenesh.web.l10n import format_number

DATIVE = "dative"  # барыш жөндөмө: "to 3" -> 3кө
ABLATIVE = "ablative"  # чыгыш жөндөмө: "from 1" -> 1ден

UNITS = ("нөл", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз")
TENS = ("", "он", "жыйырма", "отуз", "кырк", "элүү", "алтымыш", "жетимиш", "сексен", "токсон")
# The word read last for a number ending in so many zeros (and no more): 100 жүз, 1 000 миң, ...
POWERS = ((10**12, "триллион"), (10**9, "миллиард"), (10**6, "миллион"), (1000, "миң"), (100, "жүз"))

_VOICELESS = set("кпстфхцчшщ")
# Vowel harmony: the suffix's vowel by the word's last vowel (тогуз -> тогузга, but үч -> үчкө).
_HARMONY = {
    "а": "а",
    "ы": "а",
    "я": "а",
    "о": "о",
    "у": "а",
    "ё": "о",
    "ю": "а",
    "е": "е",
    "и": "е",
    "э": "е",
    "ө": "ө",
    "ү": "ө",
}


def last_word(number: int) -> str:
    """The word a whole number is read aloud with last: 3 үч, 40 кырк, 113 үч, 2 000 миң, 0 нөл."""
    number = abs(number)
    if number % 10:
        return UNITS[number % 10]
    if number % 100:
        return TENS[(number % 100) // 10]
    if number == 0:
        return UNITS[0]
    for power, word in POWERS:
        if number % power == 0:
            return word
    raise AssertionError("unreachable: every multiple of 100 is divisible by 100")


def suffix(word: str, case: str) -> str:
    """The dative or ablative suffix of a Kyrgyz word: (үч, dative) -> кө, (он, ablative) -> дон."""
    vowel = next((_HARMONY[c] for c in reversed(word.lower()) if c in _HARMONY), "а")
    voiceless = word[-1].lower() in _VOICELESS
    if case == DATIVE:
        return ("к" if voiceless else "г") + vowel
    if case == ABLATIVE:
        return ("т" if voiceless else "д") + vowel + "н"
    raise ValueError(f"unknown case {case!r}")


def number_suffix(number: int, case: str) -> str:
    """The suffix a whole number takes in a case: (3, dative) -> кө, (1, ablative) -> ден."""
    return suffix(last_word(number), case)


def number_in_case(number: int, case: str, *, language: str | None = None) -> str:
    """A whole number in digits, with its Kyrgyz case suffix where the language is Kyrgyz (else plain).

    "3кө" (ky, dative), "3" (ru, en: the sentence itself carries the preposition).
    """
    text = format_number(number, language=language)
    if (language or translation.get_language() or "ky").split("-")[0] != "ky":
        return text
    return f"{text}{number_suffix(number, case)}"
