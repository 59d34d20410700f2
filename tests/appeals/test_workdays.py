"""Working days on the Kyrgyz calendar: weekends, the shipped holidays, dated and moved days."""

import datetime

import pytest

from kenesh.appeals.models import Holiday, HolidayKind
from kenesh.appeals.workdays import calendar_load, working_days_add, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_fixed_holidays_are_shipped():
    assert Holiday.objects.filter(kind=HolidayKind.FIXED).count() == 11
    calendar = calendar_load()
    assert not calendar.is_working_day(D(2027, 8, 31))  # Independence day, a Tuesday
    assert not calendar.is_working_day(D(2026, 3, 21)) and not calendar.is_working_day(D(2026, 3, 20))


def test_fourteen_working_days_skip_weekends():
    # Monday 2 Nov 2026 + 14 working days, with 7 Nov (Sat) and 8 Nov (Sun) already weekend days.
    assert working_days_add(D(2026, 11, 2), 14) == D(2026, 11, 20)


def test_a_holiday_on_a_weekday_moves_the_deadline():
    # 1 May 2026 is a Friday, 5 May a Tuesday, 9 May a Saturday.
    assert working_days_add(D(2026, 4, 27), 5) == D(2026, 5, 6)


def test_a_dated_day_off_and_a_moved_working_day():
    Holiday.objects.create(kind=HolidayKind.DAY_OFF, date=D(2026, 12, 7), name_ru="перенос")
    Holiday.objects.create(kind=HolidayKind.WORKING_DAY, date=D(2026, 12, 12), name_ru="рабочая суббота")
    calendar = calendar_load()
    assert not calendar.is_working_day(D(2026, 12, 7))
    assert calendar.is_working_day(D(2026, 12, 12))
    assert calendar.add(D(2026, 12, 4), 2) == D(2026, 12, 9)


def test_days_between():
    assert working_days_between(D(2026, 11, 2), D(2026, 11, 20)) == 14
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 2)) == 0
