"""Languages (CEFR) and education."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.models.criteria import EducationRule, LanguageRule
from app.models.eligibility import CriterionResult, Outcome
from app.models.reference import Cefr, DegreeLevel
from app.services.eligibility import evaluate
from tests.eligibility.factories import criteria, profile, speaks
from tests.eligibility.factories import degree as any_degree

AS_OF = date(2024, 6, 1)
C1_B2 = LanguageRule(main_level=Cefr.C1, second_level=Cefr.B2)


def check(rule: Any, **profile_fields: Any) -> CriterionResult:
    field = "languages" if isinstance(rule, LanguageRule) else "education"
    verdict = evaluate(criteria=criteria(**{field: rule}), profile=profile(**profile_fields),
                       as_of=AS_OF)
    [result] = verdict.results
    assert result.criterion == field
    return result


@pytest.mark.parametrize(("rule", "skills", "outcome", "reason"), [
    pytest.param(C1_B2, [("EN", Cefr.C1), ("FR", Cefr.B2)], Outcome.met,
                 "EN at C1 (≥ C1) and FR at B2 (≥ B2)", id="C1+B2-met"),
    pytest.param(C1_B2, [("EN", Cefr.B2), ("FR", Cefr.B2)], Outcome.not_met,
                 "no language at C1 or better; one language at C1 or better and another at B2 "
                 "or better required", id="B2+B2-not-met"),
    pytest.param(C1_B2, [("DE", Cefr.C2), ("FR", Cefr.C1)], Outcome.met,
                 "DE at C2 (≥ C1) and FR at C1 (≥ B2)", id="C2+C1-met"),
    pytest.param(C1_B2, [("EN", Cefr.C1)], Outcome.not_met,
                 "EN at C1 (≥ C1) but no other language at B2 or better; one language at C1 or "
                 "better and another at B2 or better required", id="C1-alone-not-met"),
    pytest.param(C1_B2, [("EN", Cefr.C1), ("EN", Cefr.C1)], Outcome.not_met,
                 "EN at C1 (≥ C1) but no other language at B2 or better; one language at C1 or "
                 "better and another at B2 or better required", id="same-language-twice-is-one"),
    pytest.param(C1_B2, [("EN", Cefr.C1), ("FR", Cefr.B1)], Outcome.not_met,
                 "EN at C1 (≥ C1) but no other language at B2 or better; one language at C1 or "
                 "better and another at B2 or better required", id="C1+B1-not-met"),
    pytest.param(C1_B2, [("EN", Cefr.B2), ("EN", Cefr.C1), ("FR", Cefr.B2)], Outcome.met,
                 "EN at C1 (≥ C1) and FR at B2 (≥ B2)", id="best-level-of-a-language-counts"),
    pytest.param(LanguageRule(main_level=Cefr.C1, second_level=Cefr.B2,
                              main_languages=["EN", "DE"]),
                 [("FR", Cefr.C2), ("EN", Cefr.B2)], Outcome.not_met,
                 "no language among EN, DE at C1 or better; one language at C1 or better among "
                 "EN, DE and another at B2 or better required", id="main-language-restricted"),
    pytest.param(LanguageRule(main_level=Cefr.C1, second_level=Cefr.B2, main_languages=["FR"]),
                 [("DE", Cefr.C2), ("FR", Cefr.C1)], Outcome.met,
                 "FR at C1 (≥ C1) and DE at C2 (≥ B2)", id="restricted-main-other-second"),
    pytest.param(LanguageRule(main_level=Cefr.C1, second_level=None), [("EN", Cefr.C1)],
                 Outcome.met, "EN at C1 (≥ C1)", id="no-second-language-required"),
    pytest.param(C1_B2, [], Outcome.unknown,
                 "no languages declared; one language at C1 or better and another at B2 or "
                 "better required", id="nothing-declared-unknown"),
])
def test_languages(rule: LanguageRule, skills: list[tuple[str, Cefr]], outcome: Outcome,
                   reason: str) -> None:
    result = check(rule, languages=speaks(*skills))
    assert (result.outcome, result.reason) == (outcome, reason)


def test_languages_evidence_lists_each_language_once_at_its_best() -> None:
    result = check(C1_B2, languages=speaks(("FR", Cefr.B2), ("EN", Cefr.B2), ("EN", Cefr.C1)))
    assert result.evidence == ["EN C1", "FR B2"]


DONE = date(2015, 6, 30)


def degree(**fields: Any) -> Any:
    """A degree completed well before the reference date unless told otherwise."""
    return any_degree(**{"completed_on": DONE, **fields})


UNIVERSITY_3Y = EducationRule(min_level=DegreeLevel.bachelor, min_years=3)
L = DegreeLevel


@pytest.mark.parametrize(("rule", "degrees", "outcome", "reason"), [
    pytest.param(UNIVERSITY_3Y, [degree(level=L.bachelor, years=3, field="Law")], Outcome.met,
                 "Bachelor's degree in Law, 3 years meets: a Bachelor's degree or higher with "
                 "at least 3 years of higher education required", id="bachelor-3-years-met"),
    pytest.param(UNIVERSITY_3Y, [degree(level=L.bachelor, years=2, field="Law")],
                 Outcome.not_met, "no declared degree meets: a Bachelor's degree or higher with "
                 "at least 3 years of higher education required", id="bachelor-2-years-not-met"),
    pytest.param(UNIVERSITY_3Y, [degree(level=L.bachelor, field="Law")], Outcome.unknown,
                 "Bachelor's degree in Law (years of study not given) may meet: a Bachelor's "
                 "degree or higher with at least 3 years of higher education required",
                 id="bachelor-years-missing-unknown"),
    pytest.param(UNIVERSITY_3Y, [degree(level=L.master, field="Law")], Outcome.met,
                 "Master's degree in Law (a Master's degree implies at least 3 years of "
                 "university studies) meets: a Bachelor's degree or higher with at least 3 "
                 "years of higher education required", id="master-years-missing-implies-3"),
    pytest.param(UNIVERSITY_3Y, [degree(level=L.doctorate, years=3, field="Law")], Outcome.met,
                 "doctorate in Law, 3 years meets: a Bachelor's degree or higher with at least "
                 "3 years of higher education required", id="doctorate-met"),
    pytest.param(EducationRule(min_years=4), [degree(level=L.master, field="Law")],
                 Outcome.unknown, "Master's degree in Law (years of study not given) may meet: "
                 "at least 4 years of higher education required", id="master-4-years-unknown"),
    pytest.param(UNIVERSITY_3Y, [degree(level=L.secondary, years=4, field="Science")],
                 Outcome.not_met, "no declared degree meets: a Bachelor's degree or higher with "
                 "at least 3 years of higher education required", id="secondary-not-met"),
    pytest.param(EducationRule(min_years=3), [degree(level=L.secondary, years=4, field="Sci")],
                 Outcome.not_met, "no declared degree meets: at least 3 years of higher "
                 "education required", id="secondary-years-are-not-university"),
    pytest.param(EducationRule(min_years=3),
                 [degree(level=L.post_secondary, years=3, field="IT")], Outcome.met,
                 "post-secondary diploma in IT, 3 years meets: at least 3 years of higher "
                 "education required", id="years-only-post-secondary-met"),
    pytest.param(EducationRule(min_level=L.master),
                 [degree(level=L.bachelor, years=3, field="IT")], Outcome.not_met,
                 "no declared degree meets: a Master's degree or higher required",
                 id="bachelor-below-master-not-met"),
    pytest.param(UNIVERSITY_3Y, [degree(level=L.bachelor, field="IT"),
                                 degree(level=L.bachelor, years=3, field="Law")], Outcome.met,
                 "Bachelor's degree in Law, 3 years meets: a Bachelor's degree or higher with "
                 "at least 3 years of higher education required", id="met-beats-unknown"),
    pytest.param(UNIVERSITY_3Y, [], Outcome.unknown,
                 "no education declared; a Bachelor's degree or higher with at least 3 years of "
                 "higher education required", id="nothing-declared-unknown"),
])
def test_education(rule: EducationRule, degrees: list[Any], outcome: Outcome,
                   reason: str) -> None:
    result = check(rule, education=degrees)
    assert (result.outcome, result.reason) == (outcome, reason)


def test_education_evidence_lists_every_degree() -> None:
    result = check(UNIVERSITY_3Y, education=[degree(level=L.secondary, years=4, field="Sci"),
                                             degree(level=L.master, field="Law")])
    assert result.evidence == [
        "secondary education diploma in Sci, 4 years",
        "Master's degree in Law (a Master's degree implies at least 3 years of university "
        "studies)",
    ]
