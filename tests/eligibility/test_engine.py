"""Status criteria, CV rules, and how results add up to a verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.models.criteria import EducationRule, ExperienceRule, LanguageRule
from app.models.eligibility import CriterionResult, Outcome
from app.models.europass import CvFacts
from app.models.reference import Cefr, Declaration, DegreeLevel, EmployerType
from app.services.eligibility import evaluate
from tests.eligibility.factories import criteria, cv, cv_rules, degree, job, profile, speaks

AS_OF = date(2024, 6, 1)


def only(criteria_fields: dict[str, Any], **profile_fields: Any) -> CriterionResult:
    verdict = evaluate(criteria=criteria(**criteria_fields), profile=profile(**profile_fields),
                       as_of=AS_OF)
    [result] = verdict.results
    return result


@pytest.mark.parametrize(("rule", "nationalities", "outcome"), [
    pytest.param({"eu_citizenship": True}, ["PT"], Outcome.met, id="eu-citizen"),
    pytest.param({"eu_citizenship": True}, ["US", "DE"], Outcome.met, id="dual-with-eu"),
    pytest.param({"eu_citizenship": True}, ["US"], Outcome.not_met, id="non-eu"),
    pytest.param({"eu_citizenship": True}, ["NO"], Outcome.not_met, id="efta-is-not-eu"),
    pytest.param({"eu_citizenship": True, "nationalities": ["NO", "IS"]}, ["NO"], Outcome.met,
                 id="listed-efta-besides-eu"),
    pytest.param({"nationalities": ["NO"]}, ["PT"], Outcome.not_met, id="list-without-eu"),
])
def test_citizenship(rule: dict[str, Any], nationalities: list[str], outcome: Outcome) -> None:
    result = only(rule, nationalities=nationalities)
    assert (result.criterion, result.outcome) == ("citizenship", outcome)
    assert result.evidence == [f"nationality: {code}" for code in nationalities]


def test_citizenship_reason_names_what_is_required() -> None:
    result = only({"eu_citizenship": True, "nationalities": ["NO"]}, nationalities=["US"])
    assert result.reason == "national of US; nationality of an EU Member State or NO required"


@pytest.mark.parametrize(("groups", "per_id", "outcome", "reason"), [
    pytest.param(["FGIV"], "12345678", Outcome.unknown,
                 "registered in EPSO CAST in FGIV: declared, not yet verified against a CAST "
                 "import", id="declared-is-unknown"),
    pytest.param(["FGIII"], "12345678", Outcome.not_met,
                 "registered in EPSO CAST in FGIII only; EPSO CAST registration in FGIV required",
                 id="other-group"),
    pytest.param([], "12345678", Outcome.unknown,
                 "no EPSO CAST registration declared; EPSO CAST registration in FGIV required",
                 id="nothing-declared-unknown"),
    pytest.param(["FGIV"], None, Outcome.unknown,
                 "CAST FGIV declared without an EPSO Per-ID to check it with",
                 id="no-per-id-unknown"),
])
def test_cast_registration(groups: list[str], per_id: str | None, outcome: Outcome,
                           reason: str) -> None:
    result = only({"cast_function_group": "FGIV"}, cast_function_groups=groups,
                  epso_per_id=per_id)
    assert (result.criterion, result.outcome, result.reason) == (
        "cast_registration", outcome, reason)
    if outcome == Outcome.unknown and groups and per_id:
        assert result.code == "cast_not_verified"


def test_cast_registration_verified_against_an_import_is_met() -> None:
    """"have passed an EPSO CAST in the relevant Function Group ... it is sufficient to be
    registered in the EPSO CAST data base": met once a CAST import confirms it."""
    verdict = evaluate(criteria=criteria(cast_function_group="FGIV"),
                       profile=profile(cast_function_groups=["FGIV"], epso_per_id="12345678"),
                       as_of=AS_OF, cast_verified=True)
    [result] = verdict.results
    assert (result.outcome, result.reason) == (
        Outcome.met, "registered in EPSO CAST in FGIV (verified against a CAST import)")


DECL = Declaration


@pytest.mark.parametrize(("given", "outcome", "reason"), [
    pytest.param([DECL.military_service, DECL.character_references], Outcome.met,
                 "all 2 required declarations given", id="all-given"),
    pytest.param([DECL.character_references, DECL.physical_fitness], Outcome.not_met,
                 "missing declarations: military-service obligations met", id="one-missing"),
    pytest.param([], Outcome.not_met, "missing declarations: military-service obligations met, "
                 "character references", id="none-given"),
])
def test_declarations(given: list[Declaration], outcome: Outcome, reason: str) -> None:
    result = only({"declarations": [DECL.military_service, DECL.character_references]},
                  declarations=given)
    assert (result.criterion, result.outcome, result.reason) == ("declarations", outcome, reason)


@pytest.mark.parametrize(("declared", "outcome"), [
    pytest.param("held", Outcome.met, id="holds-eu-secret"),
    pytest.param("able_to_be_cleared", Outcome.unknown, id="able-to-be-cleared-unknown"),
    pytest.param(True, Outcome.unknown, id="legacy-true-read-as-able-to-be-cleared"),
    pytest.param("none", Outcome.not_met, id="neither"),
    pytest.param(False, Outcome.not_met, id="legacy-false"),
    pytest.param(None, Outcome.unknown, id="not-stated-unknown"),
])
def test_security_clearance(declared: Any, outcome: Outcome) -> None:
    """"must hold a security clearance at EU SECRET level or be in a position to be security
    cleared" (CERT-EU)."""
    result = only({"security_clearance": True}, security_clearance=declared)
    assert (result.criterion, result.outcome) == ("security_clearance", outcome)


SNE_CV = {"cv_format": "europass", "cv_languages": ["EN", "FR", "DE"],
          "cv_must_state_nationality": True}


def cv_results(facts: CvFacts | None, rules: dict[str, Any] | None = None,
               **profile_fields: Any) -> dict[str, CriterionResult]:
    verdict = evaluate(criteria=criteria(), profile=profile(**profile_fields), as_of=AS_OF,
                       cv=facts, cv_rules=cv_rules(**(SNE_CV if rules is None else rules)))
    return {r.criterion.value: r for r in verdict.results}


@pytest.mark.parametrize(("facts", "expected"), [
    pytest.param(cv(), {"cv_language": Outcome.met, "cv_nationality": Outcome.met,
                        "cv_format": Outcome.met}, id="europass-in-english-with-nationality"),
    pytest.param(None, {"cv_language": Outcome.unknown, "cv_nationality": Outcome.unknown,
                        "cv_format": Outcome.unknown}, id="no-machine-readable-cv-unknown"),
    pytest.param(cv(cv_language="it"), {"cv_language": Outcome.not_met,
                                        "cv_nationality": Outcome.met,
                                        "cv_format": Outcome.met}, id="cv-in-italian"),
    pytest.param(cv(cv_language=None), {"cv_language": Outcome.unknown,
                                        "cv_nationality": Outcome.met,
                                        "cv_format": Outcome.met}, id="cv-language-not-stated"),
    pytest.param(cv(nationalities=[]), {"cv_language": Outcome.met,
                                        "cv_nationality": Outcome.not_met,
                                        "cv_format": Outcome.met}, id="no-nationality-on-cv"),
    pytest.param(cv(format="europass-v3", cv_language="de"),
                 {"cv_language": Outcome.met, "cv_nationality": Outcome.met,
                  "cv_format": Outcome.met}, id="older-europass-in-german"),
])
def test_cv_rules(facts: CvFacts | None, expected: dict[str, Outcome]) -> None:
    results = cv_results(facts)
    assert {name: r.outcome for name, r in results.items()} == expected


def test_cv_reasons_say_what_was_checked() -> None:
    results = cv_results(None)
    assert results["cv_language"].reason == (
        "no machine-readable CV to check; CV in EN, FR, DE required")
    results = cv_results(cv(cv_language="it"))
    assert results["cv_language"].reason == "CV in IT; CV in EN, FR, DE required"
    assert results["cv_language"].evidence == ["CV language: IT"]


def test_cv_nationality_differing_from_profile_is_met_but_flagged() -> None:
    results = cv_results(cv(nationalities=["BR"]), nationalities=["PT"])
    assert results["cv_nationality"].outcome == Outcome.met
    assert results["cv_nationality"].evidence == [
        "CV nationality: BR", "differs from the profile's nationality: PT (check)"]
    assert len(cv_results(cv(nationalities=["PT"]))["cv_nationality"].evidence) == 1
    # "It must mention your nationality": a CV writing the EU's EL is the profile's GR.
    assert len(cv_results(cv(nationalities=["EL"]), nationalities=["GR"])[
        "cv_nationality"].evidence) == 1


@pytest.mark.parametrize("rules", [
    pytest.param({}, id="default-rules-ask-nothing-of-the-cv"),
    pytest.param(None, id="no-rules-given"),
])
def test_no_cv_rules_no_cv_results(rules: dict[str, Any] | None) -> None:
    verdict = evaluate(criteria=criteria(), profile=profile(), as_of=AS_OF, cv=None,
                       cv_rules=None if rules is None else cv_rules(**rules))
    assert verdict.results == []


SNE_CRITERIA = {
    "experience": ExperienceRule(min_months=36, ad_level_only=True),
    "min_months_current_employer": 12,
    "employer_types": [EmployerType.national_administration, EmployerType.igo],
    "employer_types_by_derogation": [EmployerType.university],
    "languages": LanguageRule(),
    "education": EducationRule(min_level=DegreeLevel.bachelor, min_years=3),
    "eu_citizenship": True,
    "cast_function_group": "FGIV",
    "declarations": [Declaration.military_service],
    "security_clearance": True,
}
GOOD_CANDIDATE: dict[str, Any] = {
    "experience": [job(start=date(2019, 1, 1))],
    "current_employer_since": date(2019, 1, 1),
    "languages": speaks(("EN", Cefr.C1), ("FR", Cefr.B2)),
    "education": [degree(level=DegreeLevel.master, years=2, completed_on=date(2018, 6, 30))],
    "cast_function_groups": ["FGIV"],
    "epso_per_id": "12345678",
    "declarations": ["military_service"],
    "security_clearance": "held",
}


@pytest.mark.parametrize(("changes", "facts", "outcome"), [
    pytest.param({}, cv(), Outcome.met, id="all-met"),
    pytest.param({}, None, Outcome.unknown, id="one-unknown-rest-met"),
    pytest.param({"security_clearance": "none"}, None, Outcome.not_met,
                 id="not-met-beats-unknown"),
    pytest.param({"languages": speaks(("EN", Cefr.C1))}, cv(), Outcome.not_met,
                 id="one-not-met"),
    pytest.param({"current_employer_since": None}, cv(), Outcome.met,
                 id="since-derived-from-the-current-job"),
    pytest.param({"current_employer_since": date(2020, 1, 1)}, cv(), Outcome.unknown,
                 id="since-contradicting-the-current-job"),
])
def test_verdict_aggregates_results(changes: dict[str, Any], facts: CvFacts | None,
                                    outcome: Outcome) -> None:
    verdict = evaluate(criteria=criteria(**SNE_CRITERIA),
                       profile=profile(**{**GOOD_CANDIDATE, **changes}), as_of=AS_OF,
                       cv=facts, cv_rules=cv_rules(**SNE_CV), cast_verified=True)
    assert (verdict.outcome, verdict.eligible, verdict.as_of) == (
        outcome, outcome == Outcome.met, AS_OF)
    assert [r.criterion.value for r in verdict.results] == [
        "experience", "current_employer", "employer_type", "languages", "education",
        "citizenship", "cast_registration", "declarations", "security_clearance",
        "cv_language", "cv_nationality", "cv_format"]


def test_criteria_not_set_produce_no_result() -> None:
    verdict = evaluate(criteria=criteria(), profile=profile(), as_of=AS_OF)
    assert (verdict.eligible, verdict.outcome, verdict.results) == (True, Outcome.met, [])
    verdict = evaluate(criteria=criteria(languages=LanguageRule()), profile=profile(),
                       as_of=AS_OF)
    assert [r.criterion.value for r in verdict.results] == ["languages"]


def test_verdict_serialises_to_plain_json() -> None:
    verdict = evaluate(criteria=criteria(security_clearance=True),
                       profile=profile(security_clearance="able_to_be_cleared"), as_of=AS_OF,
                       as_of_basis="deadline", as_of_reason="judged at the deadline")
    assert verdict.model_dump(mode="json") == {
        "eligible": False, "outcome": "unknown", "as_of": "2024-06-01",
        "as_of_basis": "deadline", "as_of_reason": "judged at the deadline",
        "results": [{
            "criterion": "security_clearance", "outcome": "unknown",
            "reason": "declares being able to be cleared: only the security vetting can "
                      "confirm it",
            "code": "clearance_not_vetted",
            "evidence": ["declared by the candidate"],
            # The same words as messages, so they can be read in French or German.
            "message": {"id": "declares being able to be cleared: only the security vetting "
                              "can confirm it", "params": {}},
            "evidence_messages": [{"id": "declared by the candidate", "params": {}}],
        }],
    }
