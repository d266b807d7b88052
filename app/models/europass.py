"""Facts read from a Europass CV's embedded XML: evidence for pre-filling and eligibility.

Dates keep the precision the CV states them with (``2019-03`` is a month, not the 1st of it);
they become calendar dates only when the profile is pre-filled, conservatively.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from app.models.applications import ApplicationRead
from app.models.common import ShortText
from app.models.profile import LanguageSkill
from app.models.reference import CountryCode, DegreeLevel

# BR-COM-06: YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DDThh:mm:ss (seconds, fraction, zone tolerated).
_BR_COM_06 = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$")


class DatePrecision(StrEnum):
    year = "year"
    month = "month"
    day = "day"


class PartialDate(BaseModel):
    """A date as the CV states it: to the year, the month or the day."""

    year: Annotated[int, Field(ge=1900, le=2100)] = Field(description="The year, 4 digits.")
    month: Annotated[int, Field(ge=1, le=12)] | None = Field(
        default=None, description="1–12; null when the CV states only the year.")
    day: Annotated[int, Field(ge=1, le=31)] | None = Field(
        default=None, description="Day of the month; null when the CV states only the year "
        "or the month.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        """``"2019-03"`` (and the ISO dates older stored facts hold) as well as the object."""
        if isinstance(value, date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, str):
            match = _BR_COM_06.match(value.strip())
            if match is None:
                raise ValueError(f"{value!r} is none of YYYY-MM-DD, YYYY-MM, YYYY")
            year, month, day = (int(part) if part else None for part in match.groups())
            return {"year": year, "month": month, "day": day}
        return value

    @model_validator(mode="after")
    def _real(self) -> PartialDate:
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            date(self.year, self.month, self.day)  # ValueError for 2023-02-30
        return self

    @computed_field(  # type: ignore[prop-decorator]
        description="How precisely the CV states it: `year`, `month` or `day` (`2019-03` is a "
        "month, not the 1st of it).")
    @property
    def precision(self) -> DatePrecision:
        if self.month is None:
            return DatePrecision.year
        return DatePrecision.month if self.day is None else DatePrecision.day

    def earliest(self) -> date:
        """The first day the stated period may mean (``2019-03`` → 2019-03-01)."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the stated period may mean (``2019-03`` → 2019-03-31)."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


class CvEducation(BaseModel):
    """A completed education entry of the CV."""

    level: DegreeLevel = Field(description="The degree's level, mapped from the CV's EQF or "
                               "ISCED code: `secondary` to `doctorate`.")
    level_code: str | None = Field(default=None, description="The level as the CV codes it: "
                                   "'EQF 5', 'ISCED 7'; null when uncoded.")
    title: ShortText | None = Field(default=None, description="The programme's or degree's name "
                                    "(Europass ProgramName or DegreeName); null when absent.")
    field: ShortText = Field(description="Field of study as the CV names it (the programme's "
                             "name when no field is stated).")
    institution: ShortText | None = Field(default=None, description="The awarding university "
                                          "or school; null when the CV does not name it.")
    start: PartialDate | None = Field(default=None, description="When studies began; null "
                                      "when the CV does not say.")
    completed_on: PartialDate | None = Field(default=None, description="Diploma or end date; "
                                             "null when the CV states neither.")


class CvExperience(BaseModel):
    """A position held, with the dates as precise as the CV states them."""

    employer: ShortText = Field(description="The employer's name as the CV states it.")
    position: ShortText | None = Field(default=None, description="The job title; null when "
                                       "the CV does not state it.")
    country: CountryCode | None = Field(default=None, description="Where the job is or was, ISO "
                                        "3166-1 alpha-2; null when the CV does not say.")
    start: PartialDate = Field(description="First day (or month, or year) of the job.")
    end: PartialDate | None = Field(default=None, description="Last day (or month, or year) of "
                                    "the job; null while the job goes on.")


class CvFacts(BaseModel):
    """What a machine-readable Europass CV states (fields are absent when the CV is silent)."""

    format: Literal["europass-2020", "europass-v3"] = Field(
        description="Which Europass XML the PDF carried: `europass-2020` (the editor since 2020, "
        "root `Candidate`) or `europass-v3` (before 2020, root `Europass`, `LearnerInfo`).")
    cv_language: str | None = Field(
        default=None, description="The CV's language (its `languageCode`), ISO 639-1 lower "
        "case: en, fr, de; null when the CV does not state it.")
    first_name: ShortText | None = Field(default=None, description="Given name(s) as the CV "
                                         "states them.")
    last_name: ShortText | None = Field(default=None, description="Family name as the CV "
                                        "states it.")
    date_of_birth: PartialDate | None = Field(default=None, description="Date of birth, as "
                                              "precise as the CV states it.")
    email: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, description="The CV's first e-mail address.")
    phone: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description="The CV's first telephone number, with its dialling code "
        "where stated (`+351 912345678`).")
    nationalities: list[str] = Field(default_factory=list, description="The nationalities the "
                                     "CV states, ISO 3166 alpha-2; empty when it states none.")
    languages: list[LanguageSkill] = Field(default_factory=list, description="Mother tongues "
                                           "(C2) and other languages with the CV's CEFR levels.")
    education: list[CvEducation] = Field(default_factory=list, description="Completed education, "
                                         "in the CV's order.")
    experience: list[CvExperience] = Field(default_factory=list, description="Positions held, "
                                           "in the CV's order.")
    skipped: list[str] = Field(default_factory=list, description=(
        "What the CV states but was not read, as '<field>[<index in the CV>]: <reason>'."))


class PrefillReport(BaseModel):
    """What a pre-fill took from the CV, and what it left for the candidate to enter."""

    taken: list[str] = Field(default_factory=list, description="The profile fields filled "
                             "(`first_name`, `contact`, `languages`…); fields the candidate "
                             "had already written are never overwritten.")
    skipped: list[str] = Field(default_factory=list, description=(
        "'<field>[<index in the CV>]: <reason>', e.g. \"education[0]: level code 'XYZ' "
        "unknown\": ask the candidate for exactly these."))


class PrefillRead(ApplicationRead):
    """The application after a pre-fill, with what was taken and skipped."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6650f1c2a9e4b1d2c3f4a5b6", "call_id": "664e2b7fa4e8b31d9c0e4e10",
        "call": {"reference": "COM/2024/SNE/CNECT-A3",
                 "title": "Seconded National Expert - AI Office, Unit A3",
                 "kind": "sne", "status": "published",
                 "deadline": {"local": "2024-06-28T12:00:00", "zone": "Europe/Brussels",
                              "utc": "2024-06-28T10:00:00Z"}},
        "call_kind": "sne", "profile_code": "sne", "channel": "permrep",
        "permrep_country": "PT", "status": "draft",
        "profile": {"first_name": "Ana", "last_name": "Ferreira", "nationalities": ["PT"],
                    "contact": {"email": "ana.ferreira@example.org"},
                    "languages": [{"language": "PT", "level": "C2", "mother_tongue": True},
                                  {"language": "EN", "level": "C1"}],
                    "education": [{"level": "master", "field": "Computer Science",
                                   "completed_on": "2015-07-31"}]},
        "status_history": [], "version": 2, "created_at": "2024-06-01T09:30:00Z",
        "updated_at": "2024-06-01T09:31:12Z",
        "prefill": {"taken": ["first_name", "last_name", "nationalities", "contact",
                              "languages", "education"],
                    "skipped": ["experience[0]: no start date"]}}]})

    prefill: PrefillReport = Field(description="Which profile fields the CV filled, and what "
                                   "it states but could not be read (ask the candidate).")
