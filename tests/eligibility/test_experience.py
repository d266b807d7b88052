"""Months of experience, time with the current employer, the current employer's type."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.models.criteria import ExperienceRule
from app.models.eligibility import CriterionResult, Outcome
from app.models.profile import Experience, FunctionLevel
from app.models.reference import DegreeLevel, EmployerType
from app.services.eligibility import evaluate
from tests.eligibility.factories import criteria, degree, job, profile

D = date
AS_OF = D(2024, 6, 1)
AD_36 = ExperienceRule(min_months=36, ad_level_only=True)


def check(rule: ExperienceRule, jobs: list[Experience], *, as_of: date = AS_OF,
          **profile_fields: Any) -> CriterionResult:
    verdict = evaluate(criteria=criteria(experience=rule),
                       profile=profile(experience=jobs, **profile_fields), as_of=as_of)
    [result] = verdict.results
    assert result.criterion == "experience"
    return result


@pytest.mark.parametrize(("jobs", "as_of", "outcome", "reason"), [
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31))], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="exactly-36-months-calendar-years"),
    pytest.param([job(start=D(2021, 1, 2), end=D(2023, 12, 31))], AS_OF, Outcome.not_met,
                 "2 years 11 months of AD-level experience < 36 months required",
                 id="one-day-short"),
    pytest.param([job(start=D(2021, 3, 15), end=D(2024, 3, 14))], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="exactly-36-months-mid-month"),
    pytest.param([job(start=D(2020, 1, 1), end=D(2022, 12, 31))], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="exactly-36-months-with-leap-year"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2024, 2, 29))], AS_OF, Outcome.met,
                 "3 years 2 months of AD-level experience ≥ 36 months required",
                 id="38-months-formatted"),
    pytest.param([job(start=D(2021, 1, 1))], D(2023, 12, 31), Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="open-ended-counts-to-as-of-inclusive"),
    pytest.param([job(start=D(2021, 1, 1))], D(2023, 12, 30), Outcome.not_met,
                 "2 years 11 months of AD-level experience < 36 months required",
                 id="open-ended-one-day-short"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2026, 1, 1))], D(2023, 12, 30),
                 Outcome.not_met, "2 years 11 months of AD-level experience < 36 months required",
                 id="future-end-clipped-to-as-of"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2022, 12, 31)),
                  job(start=D(2022, 1, 1), end=D(2023, 6, 30))], AS_OF, Outcome.not_met,
                 "2 years 6 months of AD-level experience < 36 months required",
                 id="overlapping-periods-counted-once"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31))] * 2, AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="duplicate-period-counted-once"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2022, 6, 30)),
                  job(start=D(2022, 7, 1), end=D(2023, 12, 31))], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="adjacent-periods-add-up"),
    pytest.param([job(start=D(2019, 1, 1), end=D(2024, 12, 31), percent=50)], D(2024, 12, 31),
                 Outcome.met, "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="part-time-pro-rata-72-months-at-50"),
    pytest.param([job(start=D(2019, 1, 1), end=D(2024, 12, 30), percent=50)], D(2024, 12, 31),
                 Outcome.not_met, "2 years 11 months of AD-level experience < 36 months required",
                 id="part-time-pro-rata-one-day-short"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31), percent=60),
                  job(start=D(2021, 1, 1), end=D(2023, 12, 31), percent=60)], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="overlapping-part-time-capped-at-full-time"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31), percent=50),
                  job(start=D(2021, 1, 1), end=D(2023, 12, 31), percent=50,
                      employer="University")], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="two-half-time-jobs-make-full-time"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31)),
                  job(start=D(2021, 1, 1), end=D(2023, 12, 31), percent=50)], AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="part-time-inside-full-time-adds-nothing"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31), level=FunctionLevel.ast)],
                 AS_OF, Outcome.not_met,
                 "0 years 0 months of AD-level experience < 36 months required",
                 id="ast-level-not-counted-for-ad-only"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2022, 12, 31)),
                  job(start=D(2023, 1, 1), end=D(2023, 12, 31), level=FunctionLevel.other)],
                 AS_OF, Outcome.not_met,
                 "2 years 0 months of AD-level experience < 36 months required",
                 id="ad-and-non-ad-mixed"),
    pytest.param([job(start=D(2021, 1, 1), end=D(2023, 12, 31)), job(start=D(2024, 6, 2))],
                 AS_OF, Outcome.met,
                 "3 years 0 months of AD-level experience ≥ 36 months required",
                 id="period-starting-after-as-of-counts-nothing"),
    pytest.param([job(start=D(2024, 6, 2))], AS_OF, Outcome.not_met,
                 "0 years 0 months of AD-level experience < 36 months required",
                 id="only-period-starts-after-as-of"),
])
def test_experience_months(jobs: list[Experience], as_of: date, outcome: Outcome,
                           reason: str) -> None:
    result = check(AD_36, jobs, as_of=as_of)
    assert (result.outcome, result.reason) == (outcome, reason)


def test_experience_evidence_names_each_period_and_why_it_counts_or_not() -> None:
    result = check(AD_36, [job(start=D(2021, 1, 1), employer="Ministry"),
                           job(start=D(2018, 1, 1), end=D(2020, 12, 31), employer="Shop",
                               level=FunctionLevel.ast),
                           job(start=D(2025, 1, 1), employer="Agency")])
    assert result.evidence == [
        "Shop: 2018-01-01 – 2020-12-31, AST (not AD-level: not counted)",
        "Ministry: 2021-01-01 – ongoing, AD",
        "Agency: 2025-01-01 – ongoing, AD (starts after 2024-06-01: not counted)",
    ]


def test_any_level_counts_without_ad_level_only() -> None:
    rule = ExperienceRule(min_months=36)
    result = check(rule, [job(start=D(2021, 1, 1), end=D(2023, 12, 31), level=FunctionLevel.ast)])
    assert (result.outcome, result.reason) == (
        Outcome.met, "3 years 0 months of professional experience ≥ 36 months required")


AFTER_MASTER = ExperienceRule(min_months=12, after_degree=DegreeLevel.master)
MASTER_2021 = degree(level=DegreeLevel.master, completed_on=D(2021, 6, 30))


@pytest.mark.parametrize(("jobs", "education", "as_of", "outcome", "reason"), [
    pytest.param([job(start=D(2020, 1, 1))], [MASTER_2021], D(2022, 6, 30), Outcome.met,
                 "1 year 0 months of professional experience after the Master's degree "
                 "≥ 12 months required", id="job-started-before-degree-counts-from-degree"),
    pytest.param([job(start=D(2020, 1, 1))], [MASTER_2021], D(2022, 6, 29), Outcome.not_met,
                 "0 years 11 months of professional experience after the Master's degree "
                 "< 12 months required", id="experience-before-the-master-does-not-count"),
    pytest.param([job(start=D(2019, 1, 1), end=D(2021, 6, 30))], [MASTER_2021], AS_OF,
                 Outcome.not_met,
                 "0 years 0 months of professional experience after the Master's degree "
                 "< 12 months required", id="job-ended-on-degree-date-counts-nothing"),
    pytest.param([job(start=D(2021, 7, 1), end=D(2022, 6, 30))],
                 [MASTER_2021, degree(level=DegreeLevel.master, completed_on=D(2023, 1, 31))],
                 AS_OF, Outcome.met,
                 "1 year 0 months of professional experience after the Master's degree "
                 "≥ 12 months required", id="earliest-qualifying-degree-counts"),
    pytest.param([job(start=D(2021, 7, 1), end=D(2022, 6, 30))],
                 [degree(level=DegreeLevel.doctorate, completed_on=D(2021, 6, 30))],
                 AS_OF, Outcome.met,
                 "1 year 0 months of professional experience after the Master's degree "
                 "≥ 12 months required", id="doctorate-is-at-least-a-master"),
    pytest.param([job(start=D(2015, 1, 1))],
                 [degree(level=DegreeLevel.bachelor, completed_on=D(2014, 6, 30))], AS_OF,
                 Outcome.not_met,
                 "no Master's degree or higher completed by 2024-06-01; 12 months of professional "
                 "experience after the Master's degree required", id="no-master-not-met"),
    pytest.param([job(start=D(2015, 1, 1))], [degree(level=DegreeLevel.master)], AS_OF,
                 Outcome.unknown,
                 "0 years 0 months of professional experience after the Master's degree < 12 "
                 "months required; 9 years 5 months if what is open counts: the degree's "
                 "completion date is not given", id="degree-without-date-unknown"),
    pytest.param([job(start=D(2023, 1, 1))],
                 [degree(level=DegreeLevel.master), MASTER_2021], AS_OF, Outcome.met,
                 "1 year 5 months of professional experience after the Master's degree "
                 "≥ 12 months required", id="undated-degree-irrelevant-when-met"),
    pytest.param([job(start=D(2020, 1, 1))],
                 [degree(level=DegreeLevel.master), MASTER_2021], D(2022, 1, 1), Outcome.unknown,
                 "0 years 6 months of professional experience after the Master's degree "
                 "< 12 months required; 2 years 0 months if what is open counts: the degree's "
                 "completion date is not given", id="undated-degree-might-be-older-unknown"),
])
def test_experience_after_degree(jobs: list[Experience], education: list[Any], as_of: date,
                                 outcome: Outcome, reason: str) -> None:
    result = check(AFTER_MASTER, jobs, as_of=as_of, education=education)
    assert (result.outcome, result.reason) == (outcome, reason)


def test_after_degree_evidence_states_the_degree_date() -> None:
    result = check(AFTER_MASTER, [job(start=D(2020, 1, 1), employer="Lab")],
                   education=[MASTER_2021], as_of=D(2022, 6, 30))
    assert result.evidence == [
        "Master's degree in Computer science completed on 2021-06-30",
        "Lab: 2020-01-01 – ongoing, AD (counted from 2021-07-01, after the degree)",
    ]


@pytest.mark.parametrize(("min_months", "outcome"), [
    pytest.param(36, Outcome.unknown, id="nothing-declared-unknown"),
    pytest.param(0, Outcome.met, id="nothing-declared-nothing-required"),
])
def test_no_experience_declared(min_months: int, outcome: Outcome) -> None:
    assert check(ExperienceRule(min_months=min_months), []).outcome == outcome


@pytest.mark.parametrize(("since", "as_of", "outcome", "reason"), [
    pytest.param(D(2023, 11, 22), D(2024, 11, 21), Outcome.met,
                 "1 year 0 months with the current employer ≥ 12 months required",
                 id="exactly-12-months"),
    pytest.param(D(2023, 11, 22), D(2024, 11, 20), Outcome.not_met,
                 "0 years 11 months with the current employer < 12 months required",
                 id="one-day-short"),
    pytest.param(D(2025, 1, 1), D(2024, 11, 20), Outcome.not_met,
                 "0 years 0 months with the current employer < 12 months required",
                 id="since-after-as-of"),
    pytest.param(None, D(2024, 11, 20), Outcome.unknown,
                 "no start date with the current employer given; 12 months required",
                 id="missing-date-unknown"),
])
def test_current_employer(since: date | None, as_of: date, outcome: Outcome,
                          reason: str) -> None:
    verdict = evaluate(criteria=criteria(min_months_current_employer=12),
                       profile=profile(current_employer_since=since), as_of=as_of)
    [result] = verdict.results
    assert (result.criterion, result.outcome, result.reason) == (
        "current_employer", outcome, reason)


SNE_EMPLOYERS = {
    "employer_types": ["national_administration", "regional_administration",
                       "local_administration", "igo"],
    "employer_types_by_derogation": ["public_sector_body", "university", "research_institute"],
}
T = EmployerType


@pytest.mark.parametrize(("jobs", "outcome", "reason_part", "derogation"), [
    pytest.param([job(start=D(2020, 1, 1), employer_type=T.national_administration)],
                 Outcome.met, "national administration", False, id="national-administration"),
    pytest.param([job(start=D(2020, 1, 1), employer_type=T.igo)],
                 Outcome.met, "international intergovernmental organisation", False, id="igo"),
    pytest.param([job(start=D(2020, 1, 1), employer_type=T.university)], Outcome.unknown,
                 "needs a derogation", True, id="university-by-derogation-unknown"),
    pytest.param([job(start=D(2020, 1, 1), employer_type=T.research_institute)],
                 Outcome.unknown, "needs a derogation", True,
                 id="research-institute-by-derogation-unknown"),
    pytest.param([job(start=D(2020, 1, 1), employer_type=T.private_sector)], Outcome.not_met,
                 "private sector, not an accepted type", False, id="private-sector-not-met"),
    pytest.param([job(start=D(2020, 1, 1), end=D(2030, 1, 1),
                      employer_type=T.local_administration)],
                 Outcome.met, "local administration", False, id="job-ending-after-as-of-current"),
    pytest.param([job(start=D(2015, 1, 1), end=D(2019, 12, 31),
                      employer_type=T.national_administration),
                  job(start=D(2020, 1, 1), employer_type=T.private_sector)],
                 Outcome.not_met, "private sector", False, id="only-the-current-job-counts"),
    pytest.param([job(start=D(2020, 1, 1), employer_type=T.university),
                  job(start=D(2021, 1, 1), employer_type=T.national_administration)],
                 Outcome.met, "national administration", False,
                 id="best-of-two-current-jobs"),
    pytest.param([job(start=D(2015, 1, 1), end=D(2024, 5, 31),
                      employer_type=T.national_administration)],
                 Outcome.unknown, "no current job on 2024-06-01", False,
                 id="no-current-job-unknown"),
    pytest.param([job(start=D(2024, 7, 1), employer_type=T.national_administration)],
                 Outcome.unknown, "no current job", False, id="job-not-started-yet-unknown"),
    pytest.param([], Outcome.unknown, "no current job", False, id="no-experience-unknown"),
])
def test_employer_type(jobs: list[Experience], outcome: Outcome, reason_part: str,
                       derogation: bool) -> None:
    verdict = evaluate(criteria=criteria(**SNE_EMPLOYERS), profile=profile(experience=jobs),
                       as_of=AS_OF)
    [result] = verdict.results
    assert (result.criterion, result.outcome) == ("employer_type", outcome)
    assert reason_part in result.reason
    assert any("derogation" in line for line in result.evidence) == derogation
