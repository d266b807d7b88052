"""Every reason the engine gives, in one place: sentences and their stable machine codes.

Reasons are short English sentences (another issue translates them); each fixed phrase is a
constant here so a test, a translation and the engine quote the same words.
"""

from __future__ import annotations

from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.reference import DegreeLevel

_DEGREE_NAMES = {
    DegreeLevel.secondary: "secondary education diploma",
    DegreeLevel.post_secondary: "post-secondary diploma",
    DegreeLevel.bachelor: "Bachelor's degree",
    DegreeLevel.master: "Master's degree",
    DegreeLevel.doctorate: "doctorate",
}

# Human judgement: the notice leaves these to people, so the engine says unknown and why.
NEEDS_PANEL = "needs a panel's judgement of relevance"
NEEDS_DEROGATION = "needs a derogation"
CAST_NOT_VERIFIED = "declared, not yet verified against a CAST import"
CLEARANCE_NOT_VETTED = "able to be cleared: only the security vetting can confirm it"
# Missing or contradictory data.
NO_FIELD = "the degree's field of study is not given"
NO_DEGREE_DATE = "the degree's completion date is not given"
NO_FUNCTION_LEVEL = "the function level of a job is not given"
NO_EMPLOYER_TYPE = "the type of the current employer is not given"
EMPLOYER_SINCE_CONTRADICTS = "current_employer_since contradicts the job marked current"
SEVERAL_CURRENT_EMPLOYERS = "several jobs are current; give current_employer_since"

CODES = {
    NEEDS_PANEL: "needs_panel_judgement",
    NEEDS_DEROGATION: "needs_derogation",
    CAST_NOT_VERIFIED: "cast_not_verified",
    CLEARANCE_NOT_VETTED: "clearance_not_vetted",
    NO_FIELD: "missing_degree_field",
    NO_DEGREE_DATE: "missing_degree_date",
    NO_FUNCTION_LEVEL: "missing_function_level",
    NO_EMPLOYER_TYPE: "missing_employer_type",
    EMPLOYER_SINCE_CONTRADICTS: "employer_since_contradiction",
    SEVERAL_CURRENT_EMPLOYERS: "several_current_employers",
}


def degree_name(level: DegreeLevel) -> str:
    """``master`` → ``"Master's degree"``."""
    return _DEGREE_NAMES[level]


def result(criterion: Criterion, outcome: Outcome, reason: str,
           evidence: list[str], *, because: str | None = None) -> CriterionResult:
    """One criterion's result; ``because`` (a constant above) gives the reason its code."""
    return CriterionResult(criterion=criterion, outcome=outcome, reason=reason, evidence=evidence,
                           code=CODES.get(because) if because is not None else None)
