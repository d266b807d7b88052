"""The verdict in the reader's language: each criterion and its outcome named in words, the
whole verdict summed up, and the reasons that are one fixed phrase translated.

The codes (``criterion``, ``outcome``, ``code``) stay as they are in every language; a client
that words verdicts itself keys on them.
"""

from __future__ import annotations

from app.i18n import translate
from app.models.eligibility import Criterion, EligibilityVerdict, Outcome

CRITERION_NAMES = {
    Criterion.experience: "Professional experience",
    Criterion.current_employer: "Time with the current employer",
    Criterion.employer_type: "Type of employer",
    Criterion.languages: "Knowledge of languages",
    Criterion.education: "Education",
    Criterion.citizenship: "Nationality",
    Criterion.cast_registration: "EPSO CAST registration",
    Criterion.declarations: "Declarations",
    Criterion.security_clearance: "Security clearance",
    Criterion.cv_language: "Language of the CV",
    Criterion.cv_nationality: "Nationality stated in the CV",
    Criterion.cv_format: "Format of the CV",
}
OUTCOME_WORDS = {
    Outcome.met: "met",
    Outcome.not_met: "not met",
    Outcome.unknown: "a person has to look",
}
SUMMARIES = {
    Outcome.met: "Every criterion is met.",
    Outcome.not_met: "At least one criterion is not met.",
    Outcome.unknown: "A person has to look at at least one criterion.",
}
LABEL = "{criterion}: {outcome}"


def localized(verdict: EligibilityVerdict, *, language: str) -> EligibilityVerdict:
    """``verdict`` with ``summary`` and each result's ``label`` in ``language``."""
    results = [
        result.model_copy(update={
            "label": translate(LABEL, language).format(
                criterion=translate(CRITERION_NAMES[result.criterion], language),
                outcome=translate(OUTCOME_WORDS[result.outcome], language)),
            "reason": translate(result.reason, language),
        })
        for result in verdict.results
    ]
    return verdict.model_copy(update={"summary": translate(SUMMARIES[verdict.outcome], language),
                                      "results": results})
