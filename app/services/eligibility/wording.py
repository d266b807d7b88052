"""Shared wording of results: degree names, CEFR levels, the result constructor."""

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


def degree_name(level: DegreeLevel) -> str:
    """``master`` → ``"Master's degree"``."""
    return _DEGREE_NAMES[level]


def result(criterion: Criterion, outcome: Outcome, reason: str,
           evidence: list[str]) -> CriterionResult:
    """One criterion's result."""
    return CriterionResult(criterion=criterion, outcome=outcome, reason=reason, evidence=evidence)
