"""Dates known to the month or the year, as legacy files and people give them."""

from __future__ import annotations

import calendar
from datetime import date

from registry.enums import DatePrecision


def latest_day(day: date | None, precision: DatePrecision | None) -> date | None:
    """The last day a date known to the month or the year can mean: what a rule counting
    time since it must take, so as never to count more than may have passed."""
    if day is None or precision in (None, DatePrecision.DAY):
        return day
    if precision == DatePrecision.YEAR:
        return date(day.year, 12, 31)
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
