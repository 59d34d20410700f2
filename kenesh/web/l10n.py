"""Money, numbers, percentages and dates written the way each of our languages writes them (CLDR via Babel).

Django's own `ky` formats are incomplete (a point as the decimal separator, capitalised month names in
running text), so pages format through these functions, usually via the `{% load kenesh %}` filters.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import timezone, translation
from django.utils.translation import pgettext

Number = int | float | Decimal | str


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for a Django language code (the active one by default): "ky", "ru", "en_US"."""
    code = language or translation.get_language() or "ky"
    return translation.to_locale(code)


def to_decimal(value: Number) -> Decimal:
    """A Decimal from what a template may hand us; floats go through str so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _fixed(value: Decimal, decimals: int, locale: str) -> str:
    # Round half up ourselves (Babel rounds half to even): 2.5 som is written 3 som, as a cashier would.
    exponent = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(exponent, rounding=ROUND_HALF_UP)
    return babel_numbers.format_decimal(rounded, format=_pattern(decimals), locale=locale)


def format_som(amount: Number, *, decimals: int | None = None, language: str | None = None) -> str:
    """An amount of money in som: "1 234 567,50 сом" (ky, ru), "1,234,567.50 som" (en).

    The one money format of every page: tiyin appear only where there are some ("1 500 сом", "1 500,50 сом");
    `decimals` rounds to that many digits instead (the public pages' whole som: decimals=0).
    """
    locale = babel_locale(language)
    with translation.override(language or translation.get_language()):
        unit = pgettext("currency unit, after an amount", "som")
    value = to_decimal(amount)
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    return f"{_fixed(value, decimals, locale)}\xa0{unit}"


def format_number(value: Number, *, decimals: int | None = None, language: str | None = None) -> str:
    """A number with the locale's grouping: "12 345" (ky, ru), "12,345" (en); `decimals` fixes the digits."""
    number = to_decimal(value)
    locale = babel_locale(language)
    if decimals is None:
        return babel_numbers.format_decimal(number, locale=locale, decimal_quantization=False)
    return _fixed(number, decimals, locale)


def format_percent(fraction: Number, *, decimals: int = 0, language: str | None = None) -> str:
    """A fraction as a percentage: 0.345 gives "35%" (ky, en), "35 %" (ru); `decimals` adds digits."""
    locale = babel_locale(language)
    percent = to_decimal(fraction) * 100
    exponent = Decimal(1).scaleb(-decimals)
    rounded = percent.quantize(exponent, rounding=ROUND_HALF_UP)
    # Keep the locale's own pattern (ru puts a space before the sign) with our number of digits; Babel
    # multiplies by 100 itself, so it gets the already rounded fraction.
    pattern = Locale.parse(locale).percent_formats[None].pattern.replace("#,##0", _pattern(decimals), 1)
    return babel_numbers.format_percent(rounded / 100, format=pattern, locale=locale)


def _local(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


# CLDR writes a short Kyrgyz date "8/3/26"; documents in Kyrgyzstan write "08.03.2026", as Django's ky
# SHORT_DATE_FORMAT does, so we follow them.
_DATE_PATTERNS = {("ky", "short"): "dd.MM.y"}


def _date_pattern(style: str, locale: str) -> str:
    return _DATE_PATTERNS.get((locale, style), style)


def format_date(value: datetime.date, *, style: str = "long", language: str | None = None) -> str:
    """A day: "2026-ж., 8-март" (ky), "8 марта 2026 г." (ru), "March 8, 2026" (en); long, medium or short."""
    day = _local(value)
    if isinstance(day, datetime.datetime):
        day = day.date()
    locale = babel_locale(language)
    return babel_dates.format_date(day, format=_date_pattern(style, locale), locale=locale)


def format_datetime(value: datetime.datetime, *, style: str = "long", language: str | None = None) -> str:
    """A moment in the current time zone (Asia/Bishkek): the day in `style`, then hours and minutes."""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    locale = babel_locale(language)
    day = babel_dates.format_date(moment, format=_date_pattern(style, locale), locale=locale)
    time = babel_dates.format_time(moment, format="short", locale=locale)
    # The "medium" glue is a plain comma in all our languages; "long" would add words such as "at".
    glue = str(babel_dates.get_datetime_format("medium", locale=locale)).replace("'", "")
    return glue.replace("{1}", day).replace("{0}", time)
