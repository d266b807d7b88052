"""What the call's document rules ask of the CV, checked against the facts its XML states."""

from __future__ import annotations

from app.models.calls import CvFormat, DocumentRules
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.europass import CvFacts
from app.models.profile import CandidateProfile
from app.models.reference import country_code
from app.services.eligibility.wording import SEMICOLON, msg, result, template

_NO_CV = template("no machine-readable CV to check")
_LANGUAGES_NEEDED = template("CV in {languages} required")
_NO_LANGUAGE = template("the CV does not state its language")
_LANGUAGE = template("CV language: {language}")
_CV_IN = template("CV in {language}")
_NATIONALITY_NEEDED = template("the CV must state the nationality")
_NO_NATIONALITY = template("the CV states no nationality")
_NATIONALITY = template("CV nationality: {nationalities}")
_DIFFERS = template("differs from the profile's nationality: {nationalities} (check)")
_STATES = template("the CV states the nationality ({nationalities})")
_EUROPASS_NEEDED = template("a Europass CV required")
_NO_EUROPASS = template("no machine-readable Europass data found in the CV")
_EUROPASS = template("Europass CV ({format})")
_EMBEDDED = template("embedded Europass XML: {format}")


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
    need = msg(_LANGUAGES_NEEDED, languages=", ".join(accepted))
    if cv is None:
        return result(Criterion.cv_language, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_CV), second=need), [])
    if cv.cv_language is None:
        return result(Criterion.cv_language, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_LANGUAGE), second=need), [])
    language = cv.cv_language.upper()
    evidence = [msg(_LANGUAGE, language=language)]
    found = msg(SEMICOLON, first=msg(_CV_IN, language=language), second=need)
    if language in accepted:
        return result(Criterion.cv_language, Outcome.met, found, evidence)
    return result(Criterion.cv_language, Outcome.not_met, found, evidence)


def _nationality(cv: CvFacts | None, profile: CandidateProfile) -> CriterionResult:
    """The CV must state a nationality. A nationality that differs from the profile's still
    meets the rule (the rule is about the CV's content), but the evidence flags it for a
    human: citizenship itself is judged on the profile."""
    need = msg(_NATIONALITY_NEEDED)
    if cv is None:
        return result(Criterion.cv_nationality, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_CV), second=need), [])
    if not cv.nationalities:
        return result(Criterion.cv_nationality, Outcome.not_met,
                      msg(SEMICOLON, first=msg(_NO_NATIONALITY), second=need), [])
    # The CV may write the EU's "EL" where the profile holds ISO's "GR": compare ISO codes.
    stated = [country_code(code) or code.upper() for code in cv.nationalities]
    evidence = [msg(_NATIONALITY, nationalities=", ".join(stated))]
    if not set(stated) & set(profile.nationalities):
        evidence.append(msg(_DIFFERS, nationalities=", ".join(profile.nationalities)))
    return result(Criterion.cv_nationality, Outcome.met,
                  msg(_STATES, nationalities=", ".join(stated)), evidence)


def _format(cv: CvFacts | None) -> CriterionResult:
    need = msg(_EUROPASS_NEEDED)
    if cv is None:
        # A Europass PDF may lack its embedded XML (older exports, re-printed PDFs): look at it.
        return result(Criterion.cv_format, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_EUROPASS), second=need), [])
    return result(Criterion.cv_format, Outcome.met, msg(_EUROPASS, format=str(cv.format)),
                  [msg(_EMBEDDED, format=str(cv.format))])
