"""Small keyword-only factories for the eligibility engine's inputs."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models.calls import DocumentRules
from app.models.criteria import EligibilityCriteria
from app.models.europass import CvFacts
from app.models.profile import (
    CandidateProfile,
    Education,
    Experience,
    FunctionLevel,
    LanguageSkill,
)
from app.models.reference import Cefr, DegreeLevel, EmployerType


def profile(**overrides: Any) -> CandidateProfile:
    """A candidate with no experience, education or languages unless given."""
    fields: dict[str, Any] = {
        "first_name": "Ana",
        "last_name": "Example",
        "nationalities": ["PT"],
        "contact": {"email": "ana@example.org"},
    }
    return CandidateProfile.model_validate({**fields, **overrides})


def job(*, start: date, end: date | None = None, level: FunctionLevel = FunctionLevel.ad,
        employer_type: EmployerType = EmployerType.national_administration,
        percent: int = 100, employer: str = "Ministry of Digital Affairs") -> Experience:
    """One period of work; AD-level, full time, in a national administration by default."""
    return Experience(employer=employer, employer_type=employer_type, function_level=level,
                      start=start, end=end, part_time_percent=percent)


def degree(*, level: DegreeLevel = DegreeLevel.master, years: int | None = None,
           completed_on: date | None = None, field: str = "Computer science") -> Education:
    """One completed degree."""
    return Education(level=level, field=field, years=years, completed_on=completed_on)


def speaks(*skills: tuple[str, Cefr]) -> list[LanguageSkill]:
    """``speaks(("EN", Cefr.C1), ("FR", Cefr.B2))``."""
    return [LanguageSkill(language=code, level=level) for code, level in skills]


def criteria(**overrides: Any) -> EligibilityCriteria:
    """Criteria that check nothing unless given."""
    return EligibilityCriteria.model_validate(overrides)


def cv(**overrides: Any) -> CvFacts:
    """Facts of a 2020+ Europass CV in English stating a Portuguese nationality."""
    fields: dict[str, Any] = {"format": "europass-2020", "cv_language": "en",
                              "nationalities": ["PT"]}
    return CvFacts.model_validate({**fields, **overrides})


def cv_rules(**overrides: Any) -> DocumentRules:
    """Document rules that ask nothing of the CV unless given."""
    return DocumentRules.model_validate(overrides)
