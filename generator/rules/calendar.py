"""Calendar arithmetic shared by the rules: month-day deadlines and month offsets."""
from __future__ import annotations

import calendar
import datetime as dt


def on_month_day(year: int, month_day: str) -> dt.date:
    """The day "MM-DD" of `year`; 02-29 falls back to 02-28 in a common year."""
    month, day = int(month_day[:2]), int(month_day[3:])
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (2025-01-31 + 1 → 2025-02-28)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
