"""Kyrgyz case suffixes of numbers written in digits, by the last word read aloud and vowel harmony."""

from __future__ import annotations

import pytest
from django.utils import translation

from kenesh.pb.numerals import ABLATIVE, DATIVE, number_in_case, number_suffix

# The number, its word, the dative ("to 3": 3кө) and the ablative ("from 1": 1ден) suffix.
FORMS = [
    (1, "бир", "ге", "ден"),
    (2, "эки", "ге", "ден"),
    (3, "үч", "кө", "төн"),
    (4, "төрт", "кө", "төн"),
    (5, "беш", "ке", "тен"),
    (6, "алты", "га", "дан"),
    (7, "жети", "ге", "ден"),
    (8, "сегиз", "ге", "ден"),
    (9, "тогуз", "га", "дан"),
    (10, "он", "го", "дон"),
    (20, "жыйырма", "га", "дан"),
    (30, "отуз", "га", "дан"),
    (40, "кырк", "ка", "тан"),
    (50, "элүү", "гө", "дөн"),
    (60, "алтымыш", "ка", "тан"),
    (70, "жетимиш", "ке", "тен"),
    (80, "сексен", "ге", "ден"),
    (90, "токсон", "го", "дон"),
    (100, "жүз", "гө", "дөн"),
    (1000, "миң", "ге", "ден"),
    (1_000_000, "миллион", "го", "дон"),
]


@pytest.mark.parametrize(("number", "word", "dative", "ablative"), FORMS)
def test_each_word_takes_its_suffix(number, word, dative, ablative):
    assert number_suffix(number, DATIVE) == dative, word
    assert number_suffix(number, ABLATIVE) == ablative, word


@pytest.mark.parametrize(
    ("number", "dative", "ablative"),
    [
        (13, "кө", "төн"),  # он үч: the last word decides
        (21, "ге", "ден"),  # жыйырма бир
        (45, "ке", "тен"),  # кырк беш
        (110, "го", "дон"),  # жүз он
        (300, "гө", "дөн"),  # үч жүз
        (2000, "ге", "ден"),  # эки миң
        (15_000, "ге", "ден"),  # он беш миң
        (3_000_000, "го", "дон"),  # үч миллион
        (0, "гө", "дөн"),  # нөл
    ],
)
def test_compound_numbers_follow_their_last_word(number, dative, ablative):
    assert number_suffix(number, DATIVE) == dative
    assert number_suffix(number, ABLATIVE) == ablative


def test_number_in_case_adds_the_suffix_only_in_kyrgyz():
    assert number_in_case(1, ABLATIVE, language="ky") == "1ден"
    assert number_in_case(3, DATIVE, language="ky") == "3кө"
    assert number_in_case(1000, DATIVE, language="ky") == "1\xa0000ге"
    assert number_in_case(3, DATIVE, language="ru") == "3"
    with translation.override("ky"):
        assert number_in_case(6, DATIVE) == "6га"
    with translation.override("ru"):
        assert number_in_case(6, DATIVE) == "6"


def test_an_unknown_case_is_an_error():
    with pytest.raises(ValueError):
        number_suffix(3, "locative")
