"""The eligibility engine's verdict: a result per criterion the call sets, and the outcome."""

from __future__ import annotations

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


class CriterionResult(BaseModel):
    criterion: Criterion = Field(
        description="Which criterion (a stable code).")
    outcome: Outcome = Field(
        description="`met`, `not_met`, or `unknown` (a person has to look).")
    reason: str = Field(description="Human-readable: what was found against what is required.")
    code: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]*$",
        description="A stable machine code of the reason, where it has one "
        "(e.g. 'needs_panel_judgement', 'needs_derogation', 'cast_not_verified').")
    evidence: list[str] = Field(default_factory=list, description="The facts the reason uses.")
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
             "reason": "PT C2 (main language); EN C1 ≥ B2 (second language)",
             "evidence": ["EN C1", "PT C2"], "code": None,
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
    summary: str | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="The outcome in a sentence, in the language of `Content-Language`, "
        "e.g. 'Toutes les conditions sont remplies.'. Set when the verdict is read.")
    results: list[CriterionResult] = Field(
        description="One result per criterion the call sets, in a fixed order.")
