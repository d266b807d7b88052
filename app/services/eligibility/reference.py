"""The day a call's criteria are judged at, and why (pure: the caller gives every date).

- SNE: "you need to comply with the following eligibility criteria at the starting date of the
  secondment" — the actual start once HR sets it, else the first day of the notice's
  "Provisional starting date" (a day, a month or a quarter), else (no start known) the deadline.
- CA/TA: the deadline's last day, unless the notice says otherwise: "You must meet the
  following eligibility criteria when you validate your application" (DIGIT, CERT-EU) is the
  submission day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.models.call_terms import EligibilityDate, ProvisionalStart
from app.models.calls import CallKind
from app.models.eligibility import Message
from app.services.eligibility.render import render
from app.services.eligibility.wording import msg, template

_SUBMISSION = template("judged at {date}, the day the application was validated")
_START_DATE = template("judged at {date}, the starting date set by HR")
_PROVISIONAL = template("judged at {date}, the first day of the provisional starting date "
                        "({provisional})")
_NO_START_YET = template("judged at {date}, the deadline: no starting date is known yet")
_DEADLINE = template("judged at {date}, the last day of the deadline")


@dataclass(frozen=True)
class ReferenceDay:
    """The day judged at, the basis (an ``EligibilityDate``-like code) and why, as a message."""

    day: date
    basis: str
    message: Message

    @property
    def reason(self) -> str:
        """Why that day, in English."""
        return render(self.message)


def default_rule(kind: CallKind | str) -> EligibilityDate:
    """SNE criteria apply at the start of the secondment; CA/TA ones at the deadline."""
    return EligibilityDate.start_date if str(kind) == "sne" else EligibilityDate.deadline


def deadline_day(*, utc: datetime, zone: str, last_day: date | None) -> date:
    """The last day on which applications were accepted, in the deadline's zone."""
    if last_day is not None:
        return last_day
    return (utc - timedelta(microseconds=1)).astimezone(ZoneInfo(zone)).date()


def reference_day(*, kind: CallKind | str, rule: EligibilityDate | None, start_date: date | None,
                  provisional: ProvisionalStart | None, deadline: date,
                  submitted: date) -> ReferenceDay:
    """The day to judge at under the call's rule (or its kind's default)."""
    chosen = rule or default_rule(kind)
    if chosen is EligibilityDate.submission:
        return ReferenceDay(submitted, "submission", msg(_SUBMISSION, date=submitted))
    if chosen is EligibilityDate.start_date:
        if start_date is not None:
            return ReferenceDay(start_date, "start_date", msg(_START_DATE, date=start_date))
        first = provisional.first_day() if provisional is not None else None
        if first is not None and provisional is not None:
            printed = provisional.text or provisional.quarter or provisional.month or first
            return ReferenceDay(first, "provisional_start",
                                msg(_PROVISIONAL, date=first, provisional=printed))
        return ReferenceDay(deadline, "deadline", msg(_NO_START_YET, date=deadline))
    return ReferenceDay(deadline, "deadline", msg(_DEADLINE, date=deadline))
