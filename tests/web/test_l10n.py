"""Money, numbers, percentages and dates in ky, ru and en: the functions and the `kenesh` filters."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from kenesh.web import l10n

NBSP = "\xa0"
NNBSP = "\u202f"  # CLDR puts a narrow no-break space before the Russian "г."


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load kenesh %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ky", f"1{NBSP}234{NBSP}567,50{NBSP}сом"),
        ("ru", f"1{NBSP}234{NBSP}567,50{NBSP}сом"),
        ("en", f"1,234,567.50{NBSP}som"),
    ],
)
def test_som_groups_digits_and_names_the_currency_per_language(language, expected):
    assert l10n.format_som(Decimal("1234567.5"), language=language) == expected
    assert render("{{ amount|som }}", language, amount=Decimal("1234567.5")) == expected


def test_som_rounds_half_up_to_the_asked_digits():
    assert l10n.format_som(Decimal("2.5"), decimals=0, language="en") == f"3{NBSP}som"
    assert l10n.format_som(Decimal("0.005"), language="ru") == f"0,01{NBSP}сом"
    assert render("{{ amount|som:0 }}", "ky", amount=Decimal("1234567.5")) == f"1{NBSP}234{NBSP}568{NBSP}сом"


def test_som_of_a_negative_amount_and_of_a_float_keeps_its_digits():
    assert l10n.format_som(-1500.25, language="en") == f"-1,500.25{NBSP}som"
    assert l10n.format_som(0.1, language="en") == f"0.10{NBSP}som"


def test_som_uses_the_active_language_when_none_is_given():
    with translation.override("ru"):
        assert l10n.format_som(Decimal("10.5")) == f"10,50{NBSP}сом"


def test_som_shows_tiyin_only_where_there_are_some():
    """One money format on every page, the office's budget tables included: no ",00" on whole som."""
    assert l10n.format_som(Decimal("1500.00"), language="ky") == f"1{NBSP}500{NBSP}сом"
    assert l10n.format_som(-1500, language="en") == f"-1,500{NBSP}som"
    assert l10n.format_som(Decimal("1500.05"), language="ru") == f"1{NBSP}500,05{NBSP}сом"
    assert render("{{ amount|som }}", "ky", amount=Decimal("4000000.00")) == f"4{NBSP}000{NBSP}000{NBSP}сом"
    assert l10n.format_som(10, decimals=2, language="en") == f"10.00{NBSP}som"


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [
        ("ky", 12345, None, f"12{NBSP}345"),
        ("ru", Decimal("1234.567"), None, f"1{NBSP}234,567"),
        ("en", 1234567, None, "1,234,567"),
        ("ru", Decimal("12345.04"), 1, f"12{NBSP}345,0"),
        ("en", "7", 2, "7.00"),
    ],
)
def test_number_groups_digits_per_language(language, value, decimals, expected):
    assert l10n.format_number(value, decimals=decimals, language=language) == expected


def test_number_filter_takes_digits_as_argument():
    assert (
        render("{{ v|number }}|{{ v|number:2 }}", "ky", v=Decimal("9876.5")) == f"9{NBSP}876,5|9{NBSP}876,50"
    )


@pytest.mark.parametrize(
    ("language", "fraction", "decimals", "expected"),
    [
        ("ky", Decimal("0.345"), 0, "35%"),
        ("ru", Decimal("0.345"), 0, f"35{NBSP}%"),
        ("en", Decimal("0.345"), 0, "35%"),
        ("ru", Decimal("0.3333"), 1, f"33,3{NBSP}%"),
        ("en", 1, 0, "100%"),
    ],
)
def test_percent_writes_a_fraction_as_a_percentage(language, fraction, decimals, expected):
    assert l10n.format_percent(fraction, decimals=decimals, language=language) == expected


def test_percent_filter():
    assert render("{{ v|percent }} {{ v|percent:1 }}", "en", v=0.3) == "30% 30.0%"


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("ky", "2026-ж., 8-март", "08.03.2026"),
        ("ru", f"8 марта 2026{NNBSP}г.", "08.03.2026"),
        ("en", "March 8, 2026", "3/8/26"),
    ],
)
def test_dates_use_the_language_month_names(language, long, short):
    day = datetime.date(2026, 3, 8)
    assert l10n.format_date(day, language=language) == long
    assert l10n.format_date(day, style="short", language=language) == short
    assert render("{{ d|date_long }}|{{ d|date_short }}", language, d=day) == f"{long}|{short}"


def test_kyrgyz_month_names_are_kyrgyz_for_every_month():
    months = [l10n.format_date(datetime.date(2026, m, 1), language="ky") for m in range(1, 13)]
    assert [m.split("-")[-1] for m in months] == [
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ]  # fmt: skip


def test_datetime_is_shown_in_bishkek_time():
    moment = datetime.datetime(2026, 3, 8, 8, 30, tzinfo=datetime.UTC)  # 14:30 in Bishkek (UTC+6)
    assert l10n.format_datetime(moment, language="ru") == f"8 марта 2026{NNBSP}г., 14:30"
    assert l10n.format_datetime(moment, language="ky") == "2026-ж., 8-март 14:30"
    assert render("{{ m|date_time }}", "en", m=moment) == f"March 8, 2026, 2:30{NNBSP}PM"


def test_an_aware_datetime_late_in_utc_is_the_next_day_in_bishkek():
    moment = datetime.datetime(2026, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert l10n.format_date(moment, style="short", language="ru") == "01.01.2027"


def test_filters_leave_blank_and_foreign_values_alone():
    assert (
        render("[{{ v|som }}][{{ v|number }}][{{ v|percent }}][{{ v|date_long }}]", "ky", v=None)
        == "[][][][]"
    )
    assert render("{{ v|som }}|{{ v|date_long }}", "ky", v="n/a") == "n/a|n/a"


def test_django_formats_use_the_kyrgyz_decimal_comma():
    with translation.override("ky"):
        assert formats.get_format("DECIMAL_SEPARATOR") == ","
        assert (
            formats.number_format(Decimal("1234.5"), 2, use_l10n=True, force_grouping=True)
            == f"1{NBSP}234,50"
        )
        # Everything we do not override still comes from Django's own ky formats.
        assert formats.get_format("SHORT_DATE_FORMAT") == "d.m.Y"
