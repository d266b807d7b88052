"""The verdict in the reader's language: each criterion and its outcome named in words, the
whole verdict summed up, and each reason and item of evidence rendered from its message.

The codes (``criterion``, ``outcome``, ``code``) and the messages stay as they are in every
language; a client that words verdicts itself keys on them. A verdict stored before reasons
were messages has none: its English reason is shown as stored (translated only where it is one
fixed phrase).
"""

from __future__ import annotations

from typing import TypeVar

from app.i18n import translate
from app.models.applications import ApplicationList, ApplicationRead
from app.models.eligibility import Criterion, CriterionResult, EligibilityVerdict, Outcome
from app.services.eligibility.render import render

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
    """``verdict`` with ``summary``, each result's ``label``, and the reasons and evidence that
    are messages, in ``language``."""
    results = [_localized_result(result, language) for result in verdict.results]
    as_of_reason = render(verdict.as_of_message, language) \
        if verdict.as_of_message is not None else verdict.as_of_reason
    return verdict.model_copy(update={"summary": translate(SUMMARIES[verdict.outcome], language),
                                      "as_of_reason": as_of_reason, "results": results})


def _localized_result(result: CriterionResult, language: str) -> CriterionResult:
    words: dict[str, str | list[str]] = {
        "label": translate(LABEL, language).format(
            criterion=translate(CRITERION_NAMES[result.criterion], language),
            outcome=translate(OUTCOME_WORDS[result.outcome], language)),
        "reason": render(result.message, language) if result.message is not None
        else translate(result.reason, language),
    }
    if result.evidence_messages is not None:
        words["evidence"] = [render(item, language) if not isinstance(item, str) else item
                             for item in result.evidence_messages]
    return result.model_copy(update=words)


Read = TypeVar("Read", bound=ApplicationRead)


def with_worded_verdict(read: Read, *, language: str) -> Read:
    """``read`` with its embedded verdict (a submitted application's) worded in ``language``
    as ``/eligibility`` words it: one application reads the same on both routes."""
    if read.eligibility is None:
        return read
    return read.model_copy(update={"eligibility": localized(read.eligibility,
                                                            language=language)})


def with_worded_verdicts(page: ApplicationList, *, language: str) -> ApplicationList:
    """Each application of ``page`` with its verdict worded in ``language``."""
    if all(item.eligibility is None for item in page.items):
        return page
    return page.model_copy(update={"items": [with_worded_verdict(item, language=language)
                                             for item in page.items]})
