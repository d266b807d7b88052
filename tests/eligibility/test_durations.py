"""How months are counted: calendar months end day inclusive (relativedelta), overlapping jobs
once, part time pro rata. The SNE notice: "having worked for at least one full year (12 months)
with your current employer"; "at least three years of professional experience"."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.criteria import ExperienceRule
from app.services.eligibility import evaluate
from app.services.eligibility.durations import (
    WorkSpan,
    calendar_months,
    format_months,
    inclusive_months,
    whole_months,
    worked_months,
)
from tests.eligibility.factories import criteria, job, profile

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
PERCENT = st.integers(min_value=1, max_value=100)


@st.composite
def spans(draw: st.DrawFn) -> WorkSpan:
    start = draw(DAYS)
    length = draw(st.integers(min_value=0, max_value=3000))
    return WorkSpan(start, start + timedelta(days=length), draw(PERCENT))


@pytest.mark.parametrize(("start", "stop", "months"), [
    pytest.param(date(2023, 2, 1), date(2023, 3, 1), Fraction(1), id="february"),
    pytest.param(date(2024, 2, 1), date(2024, 3, 1), Fraction(1), id="leap-february"),
    pytest.param(date(2021, 1, 1), date(2024, 1, 1), Fraction(36), id="three-years"),
    pytest.param(date(2024, 1, 1), date(2024, 1, 2), Fraction(1, 31), id="one-day"),
    pytest.param(date(2024, 1, 16), date(2024, 2, 16), Fraction(1), id="straddling-months"),
    pytest.param(date(2024, 2, 15), date(2024, 3, 15), Fraction(1), id="short-contract-feb"),
    pytest.param(date(2024, 7, 15), date(2024, 8, 15), Fraction(1), id="short-contract-july"),
    pytest.param(date(2019, 1, 31), date(2019, 2, 28), Fraction(1), id="from-31st-clipped"),
])
def test_calendar_months(start: date, stop: date, months: Fraction) -> None:
    assert calendar_months(start, stop) == months


@pytest.mark.parametrize(("months", "text"), [
    (0, "0 years 0 months"), (1, "0 years 1 month"), (12, "1 year 0 months"),
    (38, "3 years 2 months"), (35, "2 years 11 months"),
])
def test_format_months(months: int, text: str) -> None:
    assert format_months(months) == text


@settings(max_examples=200, deadline=None)
@given(span=spans(), cut=st.integers(min_value=0, max_value=3000))
def test_splitting_a_period_changes_nothing(span: WorkSpan, cut: int) -> None:
    middle = min(span.start + timedelta(days=cut), span.stop)
    parts = [WorkSpan(span.start, middle, span.percent), WorkSpan(middle, span.stop, span.percent)]
    assert worked_months(parts) == worked_months([span])


@settings(max_examples=200, deadline=None)
@given(periods=st.lists(spans(), min_size=1, max_size=6), pick=st.integers(min_value=0))
def test_adding_an_overlapping_duplicate_never_increases(periods: list[WorkSpan],
                                                         pick: int) -> None:
    full = [WorkSpan(p.start, p.stop) for p in periods]
    assert worked_months([*full, full[pick % len(full)]]) == worked_months(full)


@settings(max_examples=200, deadline=None)
@given(span=spans())
def test_part_time_is_pro_rata(span: WorkSpan) -> None:
    assert worked_months([span]) == (
        Fraction(span.percent, 100) * calendar_months(span.start, span.stop))


@settings(max_examples=200, deadline=None)
@given(periods=st.lists(spans(), min_size=1, max_size=6))
def test_no_day_counts_more_than_full_time(
        periods: list[WorkSpan]) -> None:
    full = [WorkSpan(p.start, p.stop) for p in periods]
    assert worked_months([*full, *periods]) == worked_months(full)
    assert worked_months(periods) <= worked_months(full)
    first, last = min(p.start for p in periods), max(p.stop for p in periods)
    assert whole_months(worked_months(full)) <= whole_months(calendar_months(first, last))


@settings(max_examples=100, deadline=None)
@given(periods=st.lists(spans(), max_size=5), extra=spans())
def test_adding_a_period_never_decreases(periods: list[WorkSpan], extra: WorkSpan) -> None:
    # Completed months: leftover days of merged stretches may regroup (31 to a month).
    assert whole_months(worked_months([*periods, extra])) >= whole_months(worked_months(periods))


@settings(max_examples=100, deadline=None)
@given(start=DAYS, length=st.integers(min_value=0, max_value=4000),
       cut=st.integers(min_value=0, max_value=4000))
def test_engine_split_at_any_day_gives_the_same_verdict(start: date, length: int,
                                                       cut: int) -> None:
    end = start + timedelta(days=length)
    middle = min(start + timedelta(days=cut), end)
    as_of = date(2031, 1, 1)
    rule = criteria(experience=ExperienceRule(min_months=36))
    whole = evaluate(criteria=rule, profile=profile(experience=[job(start=start, end=end)]),
                     as_of=as_of)
    halves = [job(start=start, end=middle)]
    if middle < end:
        halves.append(job(start=middle + timedelta(days=1), end=end))
    split = evaluate(criteria=rule, profile=profile(experience=halves), as_of=as_of)
    assert split.results[0].reason == whole.results[0].reason


SEVEN_YEARS = [date(2019, 1, 1) + timedelta(days=n) for n in range(2557)]


def test_twelve_months_on_every_exact_anniversary() -> None:
    """"at least one full year (12 months)": from any start day to the day before its
    anniversary is 12 months, one day less is 11 (2,557 start days, leap years included)."""
    short = [start for start in SEVEN_YEARS
             if inclusive_months(start, start + relativedelta(years=1) - timedelta(days=1)) != 12]
    assert short == []
    over = [start for start in SEVEN_YEARS
            if inclusive_months(start, start + relativedelta(years=1) - timedelta(days=2)) != 11]
    assert over == []


def test_three_years_on_every_exact_anniversary() -> None:
    """"at least three years of professional experience": 36 months to the day before the
    third anniversary, for every start day; overlapping jobs do not add up."""
    for start in SEVEN_YEARS[::7]:
        last = start + relativedelta(years=3) - timedelta(days=1)
        assert whole_months(worked_months([WorkSpan(start, last + timedelta(days=1))])) == 36
        assert whole_months(worked_months([WorkSpan(start, last)])) == 35
        halves = [WorkSpan(start, start + relativedelta(years=2)),
                  WorkSpan(start + relativedelta(years=1), last + timedelta(days=1))]
        assert whole_months(worked_months(halves)) == 36


@pytest.mark.parametrize(("first", "last", "months"), [
    pytest.param(date(2019, 1, 1), date(2019, 12, 31), 12, id="calendar-year"),
    pytest.param(date(2020, 2, 29), date(2021, 2, 27), 12, id="leap-day-start"),
    pytest.param(date(2020, 2, 29), date(2021, 2, 26), 11, id="leap-day-start-a-day-short"),
    pytest.param(date(2023, 3, 1), date(2024, 2, 29), 12, id="ending-on-leap-day"),
    pytest.param(date(2023, 3, 1), date(2024, 2, 28), 11, id="a-day-before-leap-day"),
    pytest.param(date(2024, 2, 15), date(2024, 3, 14), 1, id="short-contract-is-one-month"),
])
def test_inclusive_months_boundaries(first: date, last: date, months: int) -> None:
    assert inclusive_months(first, last) == months
