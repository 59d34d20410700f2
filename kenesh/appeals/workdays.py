"""Working days on the Kyrgyz calendar: Monday to Friday, minus public holidays, plus moved working days.

The calendar is read once per call from the Holiday table (one query), for the years the count spans.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kenesh.appeals.models import Holiday, HolidayKind

# The fixed public holidays of the Labour Code (art. 113) are shipped by migration 0002; staff add the
# movable ones (Orozo Ait, Kurman Ait) and the government's moved days off as dated entries.


@dataclass(frozen=True)
class Calendar:
    """The days off and moved working days of some years, to count working days without a query each."""

    fixed: frozenset[tuple[int, int]]
    days_off: frozenset[datetime.date]
    working: frozenset[datetime.date]

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.working:
            return True
        if day.weekday() >= 5 or day in self.days_off:
            return False
        return (day.month, day.day) not in self.fixed

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (the day after `start` is the first that may count)."""
        day = start
        counted = 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
        counted = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return counted


def calendar_load() -> Calendar:
    """The whole calendar (a few dozen rows at most: fixed days and a handful of dated entries a year)."""
    fixed: set[tuple[int, int]] = set()
    days_off: set[datetime.date] = set()
    working: set[datetime.date] = set()
    for kind, month, day, date in Holiday.objects.values_list("kind", "month", "day", "date"):
        if kind == HolidayKind.FIXED and month and day:
            fixed.add((month, day))
        elif kind == HolidayKind.DAY_OFF and date:
            days_off.add(date)
        elif kind == HolidayKind.WORKING_DAY and date:
            working.add(date)
    return Calendar(frozenset(fixed), frozenset(days_off), frozenset(working))


def working_days_add(start: datetime.date, days: int) -> datetime.date:
    return calendar_load().add(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return calendar_load().between(start, end)
