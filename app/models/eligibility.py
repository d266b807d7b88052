"""The eligibility engine's verdict: a result per criterion the call sets, and the outcome."""

from __future__ import annotations

import datetime
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Outcome(StrEnum):
    """``unknown``: the data needed to decide is missing; a person has to look."""

    met = "met"
    not_met = "not_met"
    unknown = "unknown"


class Criterion(StrEnum):
    """Stable identifiers of the criteria the engine checks."""

    experience = "experience"
    current_employer = "current_employer"
    employer_type = "employer_type"
    languages = "languages"
    education = "education"
    citizenship = "citizenship"
    cast_registration = "cast_registration"
    declarations = "declarations"
    security_clearance = "security_clearance"
    cv_language = "cv_language"
    cv_nationality = "cv_nationality"
    cv_format = "cv_format"


class DateParam(BaseModel):
    """A date in a message: ISO 8601 in English, the reader's long form in French and German."""

    model_config = ConfigDict(extra="forbid")
    date: datetime.date = Field(description="The date.")


class MonthsParam(BaseModel):
    """A length of time in a message: '3 years 2 months', or '36 months' (``in_years`` false)."""

    model_config = ConfigDict(extra="forbid")
    months: int = Field(ge=0, description="The number of whole months.")
    in_years: bool = Field(default=True, description="Written as years and months.")


class Message(BaseModel):
    """A text as a message id (a stable English template with ``{named}`` placeholders) and
    the values of its placeholders, so a reader can word it in any language."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "id": "{duration} of {kind} ≥ {required} required",
        "params": {"duration": {"months": 38}, "kind": {"id": "AD-level experience"},
                   "required": {"months": 36, "in_years": False}}}]})

    id: str = Field(description="The English template; translations are keyed on it.")
    params: dict[str, MessageParam] = Field(
        default_factory=dict, description="Each placeholder's value: a string or number is "
        "data quoted as is (a code, a name the candidate gave), a message is words "
        "(translated too), `date` and `months` are formatted for the reader.")


# A placeholder's value; a str is data, never translated.
MessageParam = int | str | DateParam | MonthsParam | Message
Message.model_rebuild()


class CriterionResult(BaseModel):
    criterion: Criterion = Field(
        description="Which criterion (a stable code).")
    outcome: Outcome = Field(
        description="`met`, `not_met`, or `unknown` (a person has to look).")
    reason: str = Field(description="Human-readable: what was found against what is required. "
                        "Stored in English; read from `/eligibility` in the language of "
                        "`Content-Language` where the result has a `message`.")
    code: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]*$",
        description="A stable machine code of the reason, where it has one "
        "(e.g. 'needs_panel_judgement', 'needs_derogation', 'cast_not_verified').")
    evidence: list[str] = Field(default_factory=list, description="The facts the reason uses.")
    # The words of ``reason`` and ``evidence`` as messages, so they are read in any language;
    # absent from verdicts stored before they existed (those are shown as stored).
    message: Message | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="`reason` as a message id and its parameters (for a client that words "
        "verdicts itself); absent on verdicts computed before messages existed.")
    evidence_messages: list[Message | str] | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="`evidence`, item by item: a message where the item is words, a string "
        "where it is data (e.g. 'EN C1'); absent on older verdicts.")
    # Words for a reader, not part of the verdict: never stored (absent until served).
    label: str | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="The criterion and its outcome in words, in the language of "
        "`Content-Language` (English, French or German, from `Accept-Language`), e.g. "
        "'Connaissances linguistiques : condition remplie'. Set when the verdict is read.")


class EligibilityVerdict(BaseModel):
    """What the engine found, criterion by criterion, and the outcome."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "eligible": False, "outcome": "unknown", "as_of": "2024-06-01",
        "as_of_basis": "deadline", "as_of_reason": "judged at 2024-06-01, the deadline",
        "summary": "Au moins une condition doit être examinée par une personne.",
        "results": [
            {"criterion": "languages", "outcome": "met",
             "reason": "PT au niveau C2 (≥ C1) et EN au niveau C1 (≥ B2)",
             "evidence": ["EN C1", "PT C2"], "code": None,
             "message": {"id": "{first} and {second}", "params": {
                 "first": {"id": "{language} at {level} (≥ {required})",
                           "params": {"language": "PT", "level": "C2", "required": "C1"}},
                 "second": {"id": "{language} at {level} (≥ {required})",
                            "params": {"language": "EN", "level": "C1", "required": "B2"}}}},
             "evidence_messages": ["EN C1", "PT C2"],
             "label": "Connaissances linguistiques : condition remplie"},
            {"criterion": "experience", "outcome": "unknown",
             "reason": "needs a panel's judgement of relevance",
             "evidence": ["Agência Nacional: 2015-09-01 – 2024-05-31, AD-level"],
             "code": "needs_panel_judgement",
             "label": "Expérience professionnelle : à examiner par une personne"}]}]})

    eligible: bool = Field(description="True only if every criterion is met.")
    outcome: Outcome = Field(
        description="not_met if any criterion is not met, else unknown if any is unknown, "
                    "else met.")
    as_of: date = Field(description="The date the criteria were checked at.")
    as_of_basis: str | None = Field(
        default=None, description="Why that date: 'start_date', 'provisional_start', "
        "'deadline' or 'submission'.")
    as_of_reason: str | None = Field(
        default=None, description="The date and why, in words: 'judged at 2024-07-01, the "
        "first day of the provisional start (3rd quarter 2024)'.")
    as_of_message: Message | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="`as_of_reason` as a message id and its parameters.")
    summary: str | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="The outcome in a sentence, in the language of `Content-Language`, "
        "e.g. 'Toutes les conditions sont remplies.'. Set when the verdict is read.")
    results: list[CriterionResult] = Field(
        description="One result per criterion the call sets, in a fixed order.")
