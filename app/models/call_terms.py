"""Terms of a call that decide when and how its criteria are judged: the provisional start
(a day, a month or a quarter), which day eligibility is judged at, and the privacy statement's
references."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, model_validator

from app.models.common import InputModel, ShortText

_QUARTER = re.compile(r"\b([1-4])(?:st|nd|rd|th)?\s+quarter\s+(\d{4})\b", re.IGNORECASE)
_Q_FIRST = re.compile(r"\bQ([1-4])[\s/-]*(\d{4})\b|\b(\d{4})[\s/-]*Q([1-4])\b", re.IGNORECASE)
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


def parse_provisional_start(text: str) -> dict[str, Any]:
    """The period a printed start names: '3rd quarter 2024' → quarter 2024-Q3; 'September
    2024' → month 2024-09; '2024-09-16' → that day; anything vaguer ('Autumn 2024') → none."""
    found: dict[str, Any] = {"text": text}
    if match := _QUARTER.search(text):
        found["quarter"] = f"{match[2]}-Q{match[1]}"
    elif match := _Q_FIRST.search(text):
        found["quarter"] = (f"{match[2]}-Q{match[1]}" if match[1]
                            else f"{match[3]}-Q{match[4]}")
    elif match := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        found["day"] = match[0]
    elif (match := re.search(r"\b([A-Za-z]+)\s+(\d{4})\b", text)) and (
            month := _MONTHS.get(match[1].lower())) is not None:
        found["month"] = f"{match[2]}-{month:02d}"
    return found


class ProvisionalStart(InputModel):
    """The start the notice announces, as printed, and the date, month or quarter it names.

    SNE criteria are judged "at the starting date of the secondment": until HR sets the actual
    start date, at the first day of this period. A plain string is read as ``text`` and parsed.
    """

    text: Annotated[str, Field(max_length=100)] | None = Field(
        default=None, description="As the notice prints it: '3rd quarter 2024'.")
    day: date | None = Field(default=None, description="A start on a known day.")
    month: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = Field(
        default=None, description="A start in a month, YYYY-MM.")
    quarter: Annotated[str, Field(pattern=r"^\d{4}-Q[1-4]$")] | None = Field(
        default=None, description="A start in a quarter, YYYY-Qn.")

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "3rd quarter 2024", "quarter": "2024-Q3"}]})

    @model_validator(mode="before")
    @classmethod
    def _printed(cls, value: Any) -> Any:
        return parse_provisional_start(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_period(self) -> ProvisionalStart:
        if sum(v is not None for v in (self.day, self.month, self.quarter)) > 1:
            raise ValueError("give at most one of day, month, quarter")
        if self.text is None and self.first_day() is None:
            raise ValueError("give the text as printed, or a day, month or quarter")
        return self

    def first_day(self) -> date | None:
        """The first day of the period, or None when the notice names none."""
        if self.day is not None:
            return self.day
        if self.month is not None:
            year, month = self.month.split("-")
            return date(int(year), int(month), 1)
        if self.quarter is not None:
            year, quarter = self.quarter.split("-Q")
            return date(int(year), 3 * (int(quarter) - 1) + 1, 1)
        return None


class EligibilityDate(StrEnum):
    """The day criteria are judged at. Unset: SNE at the start, CA/TA at the deadline."""

    start_date = "start_date"  # SNE: "at the starting date of the secondment"
    deadline = "deadline"
    submission = "submission"  # "when you validate your application" (DIGIT, CERT-EU)


class PrivacyStatement(InputModel):
    """The references a privacy statement prints (processing, controller, DPO, records)."""

    processing_operation: Annotated[str, Field(max_length=500)] | None = Field(
        default=None, description="The processing operation's name, as printed.")
    controller: ShortText | None = Field(default=None, description="'The controller' of the "
                                         "processing operation.")
    controller_contact: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, description="How to contact the controller.")
    dpo_contact: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, description="How to contact the Data Protection Officer.")
    record_references: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=10, description="e.g. 'DPR-EC-01488'.")
