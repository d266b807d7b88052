"""How the engine counts months of work (README, "Eligibility: how verdicts are reached").

The unit is the calendar month as a person counts it on a calendar (``dateutil.relativedelta``):
a period runs from its first day to its last day, both included, so 2019-01-01 .. 2019-12-31 is
12 months, 2019-02-15 .. 2020-02-14 is 12 months, 2024-02-15 .. 2024-03-14 is one month, and
one day less is 11 months and some days. A period starting on the 31st ends its month on the
last day of a shorter month (relativedelta clips the day), e.g. 2019-01-31 .. 2019-02-27 is one
month.

Several periods: the days worked are first merged (overlapping or adjacent jobs make one
stretch, counted once); each stretch counts its whole calendar months plus its remaining days;
remaining days of separate stretches add up, 31 of them making a month (so the remaining days of
one stretch, at most 30, never round it up to a month it has not completed). Part time counts pro
rata (a 50 % stretch of 12 months is 6 months), and two jobs on the same days never count for
more than full time. Arithmetic is exact (``Fraction``); the total is floored to whole months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta

ONE_DAY = timedelta(days=1)
FULL_TIME = 100
# Remaining days of separate stretches add up to months at this rate: the longest month, so
# one stretch's remaining days (at most 30) never complete a month on their own.
DAYS_PER_MONTH = 31


@dataclass(frozen=True)
class WorkSpan:
    """Days ``[start, stop)`` worked at ``percent`` of full time."""

    start: date
    stop: date
    percent: int = FULL_TIME


def months_and_days(start: date, stop: date) -> tuple[int, int]:
    """Whole calendar months from ``start`` to ``stop`` (exclusive), and the days left over."""
    if stop <= start:
        return 0, 0
    delta = relativedelta(stop, start)
    return delta.years * 12 + delta.months, delta.days


def calendar_months(start: date, stop: date) -> Fraction:
    """Months in the days ``[start, stop)``: whole calendar months + remaining days / 31."""
    months, days = months_and_days(start, stop)
    return months + Fraction(days, DAYS_PER_MONTH)


def stretches(spans: Iterable[WorkSpan]) -> list[WorkSpan]:
    """The days worked as maximal stretches of one share of full time (capped at 100 %)."""
    changes: defaultdict[date, int] = defaultdict(int)
    for span in spans:
        if span.start < span.stop:
            changes[span.start] += span.percent
            changes[span.stop] -= span.percent
    merged: list[WorkSpan] = []
    active = 0
    previous: date | None = None
    for boundary in sorted(changes):
        if previous is not None and active > 0:
            share = min(active, FULL_TIME)
            last = merged[-1] if merged else None
            if last is not None and last.stop == previous and last.percent == share:
                merged[-1] = WorkSpan(last.start, boundary, share)
            else:
                merged.append(WorkSpan(previous, boundary, share))
        active += changes[boundary]
        previous = boundary
    return merged


def worked_months(spans: Iterable[WorkSpan]) -> Fraction:
    """Months worked over ``spans``, overlaps counted once and each day capped at full time.

    Part time is counted in layers: the days worked at least ``p`` % form stretches of their
    own, each layer weighted by its thickness. So a 50 % job inside a full-time year does not
    cut that year into pieces, and adding a job never makes a layer shorter.
    """
    pieces = stretches(spans)
    total = Fraction(0)
    below = 0
    for level in sorted({piece.percent for piece in pieces}):
        layer = [WorkSpan(p.start, p.stop) for p in pieces if p.percent >= level]
        months = sum((calendar_months(s.start, s.stop) for s in stretches(layer)), Fraction(0))
        total += Fraction(level - below, FULL_TIME) * months
        below = level
    return total


def whole_months(months: Fraction) -> int:
    """Completed months: the total floored."""
    return months.numerator // months.denominator


def inclusive_months(first: date, last: date) -> int:
    """Whole calendar months from ``first`` to ``last``, both days included (0 if reversed)."""
    return months_and_days(first, last + ONE_DAY)[0]


def format_months(months: int) -> str:
    """``38`` → ``"3 years 2 months"``."""
    years, rest = divmod(months, 12)
    year_word = "year" if years == 1 else "years"
    month_word = "month" if rest == 1 else "months"
    return f"{years} {year_word} {rest} {month_word}"


def format_requirement(months: int) -> str:
    """``36`` → ``"36 months"``."""
    return f"{months} month" if months == 1 else f"{months} months"
