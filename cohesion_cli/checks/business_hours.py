"""Minutes a customer waits while the service is open: the clock of ``service_level.hours``.

A question asked at 22:10, outside hours of 09:00-18:00, and answered at 09:04 the next
morning waited 4 open minutes. Pure functions; time is linear in the number of days only up
to two weeks (longer spans count whole weeks at once).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from cohesion_cli.rulebook.policies import Schedule

_DAY = 24 * 60


def open_minutes(start: datetime, end: datetime, schedule: Schedule | None,
                 holidays: Collection[date] = ()) -> float:
    """Minutes between ``start`` and ``end`` during which the service is open (every minute
    when ``schedule`` is None); 0 when ``end`` is not after ``start``."""
    if end <= start:
        return 0.0
    if schedule is None:
        return (end - start).total_seconds() / 60
    weekly = sum(e - s for spans in schedule.values() for s, e in spans)
    total = 0.0
    day, last = start.date(), end.date()
    low = _clock(start)
    while day <= last:
        total += _day(day, low, _clock(end) if day == last else _DAY, schedule, holidays)
        low, day = 0.0, day + timedelta(days=1)
        weeks = (last - day).days // 7 - 1
        if weeks > 0:
            skipped = day + timedelta(days=7 * weeks)
            total += weeks * weekly - sum(_day(h, 0.0, _DAY, schedule, ()) for h in holidays
                                          if day <= h < skipped)
            day = skipped
    return total


def is_open(moment: datetime, schedule: Schedule | None, holidays: Collection[date] = ()
            ) -> bool:
    """Whether the service is open at ``moment`` (always without a schedule)."""
    if schedule is None:
        return True
    return _day(moment.date(), _clock(moment), _clock(moment) + 1e-9, schedule, holidays) > 0


def _clock(moment: datetime) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60


def _day(day: date, low: float, high: float, schedule: Schedule,
         holidays: Collection[date]) -> float:
    if day in holidays:
        return 0.0
    return sum(max(0.0, min(end, high) - max(start, low)) for start, end in
               schedule.get(day.weekday(), []))
