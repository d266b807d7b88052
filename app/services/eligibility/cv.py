"""What the call's document rules ask of the CV, checked against the facts its XML states."""

from __future__ import annotations

from app.models.calls import CvFormat, DocumentRules
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.europass import CvFacts
from app.models.profile import CandidateProfile
from app.models.reference import country_code
from app.services.eligibility.wording import result

_NO_CV = "no machine-readable CV to check"


def check_cv(rules: DocumentRules, cv: CvFacts | None,
             profile: CandidateProfile) -> list[CriterionResult]:
    """One result per CV rule the call sets (language, nationality, Europass format)."""
    results = []
    if rules.cv_languages:
        results.append(_language(rules.cv_languages, cv))
    if rules.cv_must_state_nationality:
        results.append(_nationality(cv, profile))
    if rules.cv_format == CvFormat.europass:
        results.append(_format(cv))
    return results


def _language(accepted: list[str], cv: CvFacts | None) -> CriterionResult:
    need = f"CV in {', '.join(accepted)} required"
    if cv is None:
        return result(Criterion.cv_language, Outcome.unknown, f"{_NO_CV}; {need}", [])
    if cv.cv_language is None:
        return result(Criterion.cv_language, Outcome.unknown,
                      f"the CV does not state its language; {need}", [])
    language = cv.cv_language.upper()
    evidence = [f"CV language: {language}"]
    if language in accepted:
        return result(Criterion.cv_language, Outcome.met, f"CV in {language}; {need}", evidence)
    return result(Criterion.cv_language, Outcome.not_met, f"CV in {language}; {need}", evidence)


def _nationality(cv: CvFacts | None, profile: CandidateProfile) -> CriterionResult:
    """The CV must state a nationality. A nationality that differs from the profile's still
    meets the rule (the rule is about the CV's content), but the evidence flags it for a
    human: citizenship itself is judged on the profile."""
    need = "the CV must state the nationality"
    if cv is None:
        return result(Criterion.cv_nationality, Outcome.unknown, f"{_NO_CV}; {need}", [])
    if not cv.nationalities:
        return result(Criterion.cv_nationality, Outcome.not_met,
                      f"the CV states no nationality; {need}", [])
    # The CV may write the EU's "EL" where the profile holds ISO's "GR": compare ISO codes.
    stated = [country_code(code) or code.upper() for code in cv.nationalities]
    evidence = [f"CV nationality: {', '.join(stated)}"]
    if not set(stated) & set(profile.nationalities):
        profile_codes = ", ".join(profile.nationalities)
        evidence.append(f"differs from the profile's nationality: {profile_codes} (check)")
    return result(Criterion.cv_nationality, Outcome.met,
                  f"the CV states the nationality ({', '.join(stated)})", evidence)


def _format(cv: CvFacts | None) -> CriterionResult:
    need = "a Europass CV required"
    if cv is None:
        # A Europass PDF may lack its embedded XML (older exports, re-printed PDFs): look at it.
        return result(Criterion.cv_format, Outcome.unknown,
                      f"no machine-readable Europass data found in the CV; {need}", [])
    return result(Criterion.cv_format, Outcome.met, f"Europass CV ({cv.format})",
                  [f"embedded Europass XML: {cv.format}"])
