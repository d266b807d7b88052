"""The eligibility engine: a pure function from a call's criteria and a candidate's profile to a
verdict, with one result per criterion the call sets. No I/O and no clock: ``as_of`` is given.

How months of experience are counted: see ``durations``; which day is judged: ``reference``.
A criterion is met only when the data prove it, not_met only when they disprove it, and unknown
otherwise (missing data, an unverified declaration, a judgement the notice leaves to people).
"""

from __future__ import annotations

from datetime import date

from app.models.calls import DocumentRules
from app.models.criteria import EligibilityCriteria
from app.models.eligibility import CriterionResult, EligibilityVerdict, Message, Outcome
from app.models.europass import CvFacts
from app.models.integrations_cast import CastVerification
from app.models.profile import CandidateProfile
from app.services.eligibility.cv import check_cv
from app.services.eligibility.employer import check_current_employer, check_employer_type
from app.services.eligibility.experience import check_experience
from app.services.eligibility.qualifications import check_education, check_languages
from app.services.eligibility.status import (
    check_cast_registration,
    check_citizenship,
    check_declarations,
    check_security_clearance,
)

__all__ = ["evaluate", "overall"]


def evaluate(*, criteria: EligibilityCriteria, profile: CandidateProfile, as_of: date,
             cv: CvFacts | None = None, cv_rules: DocumentRules | None = None,
             cast_verified: bool = False, as_of_basis: str | None = None,
             as_of_reason: str | None = None, as_of_message: Message | None = None,
             cast: CastVerification | None = None) -> EligibilityVerdict:
    """Check ``profile`` (and the CV's facts) against every criterion the call sets, on the
    day ``as_of`` (``as_of_basis``/``as_of_reason``/``as_of_message`` say why that day);
    ``cast`` is what a CAST import established about the candidate, if one matched."""
    results: list[CriterionResult] = []
    if criteria.experience is not None:
        results.append(check_experience(criteria.experience, profile, as_of,
                                        education=criteria.education))
    if criteria.min_months_current_employer is not None:
        results.append(check_current_employer(criteria.min_months_current_employer, profile, as_of))
    if criteria.employer_types or criteria.employer_types_by_derogation:
        results.append(check_employer_type(criteria, profile, as_of))
    if criteria.languages is not None:
        results.append(check_languages(criteria.languages, profile))
    if criteria.education is not None:
        results.append(check_education(criteria.education, profile, as_of))
    if criteria.eu_citizenship or criteria.nationalities:
        results.append(check_citizenship(criteria, profile))
    if criteria.cast_function_group is not None:
        results.append(check_cast_registration(criteria.cast_function_group, profile, cast,
                                               verified=cast_verified))
    if criteria.declarations:
        results.append(check_declarations(criteria.declarations, profile))
    if criteria.security_clearance:
        results.append(check_security_clearance(profile))
    if cv_rules is not None:
        results.extend(check_cv(cv_rules, cv, profile))
    outcome = overall(results)
    return EligibilityVerdict(eligible=outcome == Outcome.met, outcome=outcome, as_of=as_of,
                              as_of_basis=as_of_basis, as_of_reason=as_of_reason,
                              as_of_message=as_of_message, results=results)


def overall(results: list[CriterionResult]) -> Outcome:
    """not_met if any result is not met, else unknown if any is unknown, else met."""
    outcomes = {r.outcome for r in results}
    if Outcome.not_met in outcomes:
        return Outcome.not_met
    if Outcome.unknown in outcomes:
        return Outcome.unknown
    return Outcome.met
