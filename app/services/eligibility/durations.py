"""How the engine counts months of work.

The unit is the calendar month, and every day counts as ``1 / (days in its month)`` of a month,
weighted by the share of full time worked that day. So a whole calendar month is exactly one
month whatever its length, 2021-01-01..2023-12-31 is exactly 36 months, and one day less is
35.97 months, which is floored to 35. (Counting days / 30.4375 instead would make three
non-leap years 35.97 months: the 36-month boundary would depend on leap years.)

Periods are inclusive of both their first and their last day (a CV's "01/2021 - 12/2023" is
entered as 2021-01-01 .. 2023-12-31). Internally a period is the half-open day range
``[start, stop)`` with ``stop = last day + 1``.

Overlaps count once: an interval sweep adds up the part-time percentages active on each stretch
of days and caps the sum at 100 %, so two full-time jobs at once count as one, and two 50 %
jobs at once count as one full-time job. Arithmetic is exact (``Fraction``); only the final
total is floored to whole months.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

ONE_DAY = timedelta(days=1)
FULL_TIME = 100


@dataclass(frozen=True)
class WorkSpan:
    """Days ``[start, stop)`` worked at ``percent`` of full time."""

    start: date
    stop: date
    percent: int = FULL_TIME


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def calendar_months(start: date, stop: date) -> Fraction:
    """Months in the days ``[start, stop)``, each day worth 1/length of its month."""
    total = Fraction(0)
    day = start
    while day < stop:
        boundary = min(_next_month(day), stop)
        length = calendar.monthrange(day.year, day.month)[1]
        total += Fraction((boundary - day).days, length)
        day = boundary
    return total


def worked_months(spans: Iterable[WorkSpan]) -> Fraction:
    """Months worked over ``spans``, overlaps counted once and each day capped at full time."""
    changes: defaultdict[date, int] = defaultdict(int)
    for span in spans:
        if span.start < span.stop:
            changes[span.start] += span.percent
            changes[span.stop] -= span.percent
    total = Fraction(0)
    active = 0
    previous: date | None = None
    for boundary in sorted(changes):
        if previous is not None and active > 0:
            share = Fraction(min(active, FULL_TIME), FULL_TIME)
            total += share * calendar_months(previous, boundary)
        active += changes[boundary]
        previous = boundary
    return total


def whole_months(months: Fraction) -> int:
    """Completed months: the total floored."""
    return months.numerator // months.denominator


def inclusive_months(first: date, last: date) -> int:
    """Whole months from ``first`` to ``last``, both days included (0 if ``last < first``)."""
    if last < first:
        return 0
    return whole_months(calendar_months(first, last + ONE_DAY))


def format_months(months: int) -> str:
    """``38`` → ``"3 years 2 months"``."""
    years, rest = divmod(months, 12)
    year_word = "year" if years == 1 else "years"
    month_word = "month" if rest == 1 else "months"
    return f"{years} {year_word} {rest} {month_word}"


def format_requirement(months: int) -> str:
    """``36`` → ``"36 months"``."""
    return f"{months} month" if months == 1 else f"{months} months"
