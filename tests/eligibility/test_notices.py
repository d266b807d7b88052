"""The seed notices, line by line: one table per kind walks each criterion's boundaries.

Each row quotes the notice's words it implements. The calls are the demo transcriptions of
``shared/seeds`` (``app/services/demo_calls.py``), judged on the day each notice names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.models.calls import CallCreate
from app.models.eligibility import Outcome
from app.models.profile import FunctionLevel, LanguageSkill
from app.models.reference import Cefr, DegreeLevel, EmployerType
from app.services.applications.verdicts import call_criteria, call_reference_day
from app.services.calls.store import new_call_doc
from app.services.demo_calls import CA_AI_OFFICE, SNE_AI_OFFICE, TA_CERT_EU
from app.services.eligibility import evaluate
from app.services.eligibility.wording import (
    CAST_NOT_VERIFIED,
    EMPLOYER_SINCE_CONTRADICTS,
    NEEDS_DEROGATION,
    NEEDS_PANEL,
    NO_EMPLOYER_TYPE,
    NO_FIELD,
    NO_FUNCTION_LEVEL,
)
from tests.eligibility.factories import degree, job, profile, speaks

D = date
T = EmployerType


@dataclass
class Row:
    """One boundary: a notice's words, a profile change, the criterion and its outcome."""

    quote: str
    criterion: str
    outcome: Outcome
    changes: dict[str, Any] = field(default_factory=dict)
    reason_has: str = ""
    call: dict[str, Any] = field(default_factory=dict)


def judge(notice: CallCreate, row: Row, base: dict[str, Any], *,
          submitted: datetime = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)) -> Any:
    doc = new_call_doc(notice, now=submitted, by="test")
    doc.update(row.call)
    day = call_reference_day(doc, submitted=submitted)
    verdict = evaluate(criteria=call_criteria(doc), profile=profile(**{**base, **row.changes}),
                       as_of=day.day, as_of_basis=day.basis, as_of_reason=day.reason)
    return verdict, {r.criterion.value: r for r in verdict.results}


def check(notice: CallCreate, row: Row, base: dict[str, Any], **kwargs: Any) -> None:
    _, results = judge(notice, row, base, **kwargs)
    found = results[row.criterion]
    assert found.outcome == row.outcome, (row.quote, found.reason)
    assert row.reason_has in found.reason, (row.quote, found.reason)


# --- SNE: "you need to comply with the following eligibility criteria at the starting date
# of the secondment"; "Provisional starting date: 3rd quarter 2024" → judged at 2024-07-01.
SNE_DAY = D(2024, 7, 1)
SNE_BASE: dict[str, Any] = {
    "nationalities": ["PT"],
    "experience": [job(start=D(2015, 1, 1))],
    "languages": speaks(("PT", Cefr.C2), ("EN", Cefr.C1)),
}
SENIORITY = "having worked for at least one full year (12 months) with your current employer"
EXPERIENCE = "at least three years of professional experience in administrative, legal, " \
             "scientific, technical, advisory or supervisory functions which are equivalent " \
             "to those of function group AD"
EMPLOYER = "must be a national, regional or local administration or an intergovernmental " \
           "public organisation (IGO)"
DEROGATION = "exceptionally and following a specific derogation, the Commission may accept " \
             "applications where your employer is a public sector body (e.g., an agency or " \
             "regulatory institute), university or independent research institute"
OPEN_TO = "This vacancy notice is open to: EU Member States"
LANGUAGES = "thorough knowledge of one of the EU languages and a satisfactory knowledge of " \
            "another EU language"

SNE_ROWS = [
    Row(SENIORITY, "current_employer", Outcome.met,
        {"experience": [job(start=D(2023, 7, 2))]}, "1 year 0 months", ),
    Row(SENIORITY + " (a day short)", "current_employer", Outcome.not_met,
        {"experience": [job(start=D(2023, 7, 3))]}, "0 years 11 months"),
    Row(SENIORITY + " (declared, agreeing with the job marked current)", "current_employer",
        Outcome.met, {"experience": [job(start=D(2023, 7, 2))],
                      "current_employer_since": D(2023, 7, 2)}),
    Row(SENIORITY + " (a promotion at the same employer does not restart it)",
        "current_employer", Outcome.met,
        {"experience": [job(start=D(2020, 1, 1), end=D(2024, 2, 29)),
                        job(start=D(2024, 3, 1))]}, "4 years 6 months"),
    Row(SENIORITY + " (contradicting the job marked current)", "current_employer",
        Outcome.unknown, {"experience": [job(start=D(2024, 1, 1))],
                          "current_employer_since": D(2020, 1, 1)}, EMPLOYER_SINCE_CONTRADICTS),
    Row(EXPERIENCE + " (exact third anniversary)", "experience", Outcome.met,
        {"experience": [job(start=D(2021, 7, 2))]}, "3 years 0 months"),
    Row(EXPERIENCE + " (a day short)", "experience", Outcome.not_met,
        {"experience": [job(start=D(2021, 7, 3))]}, "2 years 11 months"),
    Row(EXPERIENCE + " (leap year: 2021-03-01 .. 2024-02-29 is 36 months)", "experience",
        Outcome.met, {"experience": [job(start=D(2021, 3, 1), end=D(2024, 2, 29)),
                                     job(start=D(2024, 3, 1), level=FunctionLevel.ast)]},
        "3 years 0 months"),
    Row(EXPERIENCE + " (overlapping jobs are not counted twice)", "experience",
        Outcome.not_met, {"experience": [job(start=D(2022, 1, 1), end=D(2023, 12, 31)),
                                         job(start=D(2022, 6, 1))]}, "2 years 6 months"),
    Row(EXPERIENCE + " (a job's function level not given)", "experience", Outcome.unknown,
        {"experience": [job(start=D(2015, 1, 1)).model_copy(update={"function_level": None})]},
        NO_FUNCTION_LEVEL),
    Row(EMPLOYER, "employer_type", Outcome.met, {}, "national administration"),
    Row(DEROGATION, "employer_type", Outcome.unknown,
        {"experience": [job(start=D(2015, 1, 1), employer_type=T.university)]},
        NEEDS_DEROGATION),
    Row(EMPLOYER + " (type not given)", "employer_type", Outcome.unknown,
        {"experience": [job(start=D(2015, 1, 1)).model_copy(update={"employer_type": None})]},
        NO_EMPLOYER_TYPE),
    Row(EMPLOYER + " (private sector)", "employer_type", Outcome.not_met,
        {"experience": [job(start=D(2015, 1, 1), employer_type=T.private_sector)]}),
    Row(OPEN_TO, "citizenship", Outcome.met, {"nationalities": ["EL"]}, "GR"),
    Row(OPEN_TO + " (a US national)", "citizenship", Outcome.not_met, {"nationalities": ["US"]}),
    Row(OPEN_TO + " (no EFTA country ticked: a Norwegian)", "citizenship", Outcome.not_met,
        {"nationalities": ["NO"]}),
    Row("The following EFTA countries: Norway (ticked on another notice)", "citizenship",
        Outcome.met, {"nationalities": ["NO"]},
        call={"open_to": {"eu_member_states": True, "efta_countries": ["NO"],
                          "third_countries": [], "igos": []}}),
    Row(LANGUAGES + " (Japanese is not an EU language)", "languages", Outcome.not_met,
        {"languages": [*speaks(("PT", Cefr.C2)),
                       LanguageSkill.model_construct(language="JA", level=Cefr.C2)]}),
    Row(LANGUAGES, "languages", Outcome.met, {}, "PT at C2"),
]


@pytest.mark.parametrize("row", SNE_ROWS, ids=[r.quote[-60:] for r in SNE_ROWS])
def test_sne_notice(row: Row) -> None:
    check(SNE_AI_OFFICE, row, SNE_BASE)


def test_sne_criteria_are_judged_at_the_first_day_of_the_provisional_quarter() -> None:
    """"Provisional starting date: 3rd quarter 2024" — not the day the PermRep submits."""
    verdict, _ = judge(SNE_AI_OFFICE, Row("", "experience", Outcome.met), SNE_BASE)
    assert (verdict.as_of, verdict.as_of_basis) == (SNE_DAY, "provisional_start")
    assert verdict.as_of_reason == ("judged at 2024-07-01, the first day of the provisional "
                                    "starting date (3rd quarter 2024)")


def test_the_actual_start_date_set_by_hr_moves_the_day_judged() -> None:
    """Seniority a month short at the provisional start is met at a later actual start."""
    row = Row(SENIORITY, "current_employer", Outcome.not_met,
              {"experience": [job(start=D(2023, 8, 1))]})
    check(SNE_AI_OFFICE, row, SNE_BASE)
    row.call = {"start_date": "2024-09-16"}
    row.outcome = Outcome.met
    check(SNE_AI_OFFICE, row, SNE_BASE)
    verdict, _ = judge(SNE_AI_OFFICE, row, SNE_BASE)
    assert (verdict.as_of, verdict.as_of_basis) == (D(2024, 9, 16), "start_date")


# --- CA (AI Office): judged at the deadline ("27/03/2024 at midday 12:00 CET"); the notice
# names no other day.
CA_DAY = D(2024, 3, 27)
MASTER = "Master's degree in Information Technology, Computer Science, Engineering/Science, " \
         "or other domain that is deemed relevant to the position"
AFTER_MASTER = "Relevant professional experience of at least 1 year in the relevant domains " \
               "listed in section on the profile. This professional experience shall be " \
               "obtained following the relevant Master's degree."
CITIZEN = "be a citizen of a Member State of the EU"
CAST = "have passed an EPSO CAST in the relevant Function Group for this position. At the " \
       "stage of the application, it is sufficient to be registered in the EPSO CAST data base"
CS_MASTER = degree(level=DegreeLevel.master, field="Computer Science",
                   completed_on=D(2023, 3, 26))
CA_BASE: dict[str, Any] = {
    "nationalities": ["PT"], "education": [CS_MASTER],
    "experience": [job(start=D(2023, 1, 1), employer_type=T.private_sector)],
    "cast_function_groups": ["FGIV"], "epso_per_id": "12345678",
    "languages": speaks(("PT", Cefr.C2), ("EN", Cefr.C1)),
}


def master_in(field: str | None, done: date = D(2020, 6, 30)) -> dict[str, Any]:
    return {"education": [degree(level=DegreeLevel.master, field=field, completed_on=done)]}


CA_ROWS = [
    Row(MASTER, "education", Outcome.met, master_in("Computer Science")),
    Row(MASTER + " ('Engineering/Science' names Engineering)", "education", Outcome.met,
        master_in("engineering")),
    Row(MASTER + " (History of Art: a panel judges)", "education", Outcome.unknown,
        master_in("History of Art"), NEEDS_PANEL),
    Row(MASTER + " (no field given)", "education", Outcome.unknown, master_in(None), NO_FIELD),
    Row(MASTER + " (completed on the deadline day)", "education", Outcome.met,
        master_in("Computer Science", CA_DAY)),
    Row(MASTER + " (completed the day after: does not count)", "education", Outcome.not_met,
        master_in("Computer Science", D(2024, 3, 28))),
    Row(AFTER_MASTER + " (a year after the degree: a panel judges relevance)", "experience",
        Outcome.unknown, {}, NEEDS_PANEL),
    Row(AFTER_MASTER + " (exactly a year after the degree: enough months)", "experience",
        Outcome.unknown, {"education": [degree(level=DegreeLevel.master,
                                               field="Computer Science",
                                               completed_on=D(2023, 3, 27))]},
        "1 year 0 months"),
    Row(AFTER_MASTER + " (a day short of a year after the degree)", "experience",
        Outcome.not_met, {"education": [degree(level=DegreeLevel.master,
                                               field="Computer Science",
                                               completed_on=D(2023, 3, 28))]},
        "0 years 11 months"),
    Row(AFTER_MASTER + " (the degree finished the day after the deadline)", "experience",
        Outcome.not_met, master_in("Computer Science", D(2024, 3, 28)),
        "no Master's degree or higher completed by 2024-03-27"),
    Row(AFTER_MASTER + " (after a Master's a panel must judge relevant)", "experience",
        Outcome.unknown, {"education": [degree(level=DegreeLevel.master, field="History of Art",
                                               completed_on=D(2020, 6, 30))],
                          "experience": [job(start=D(2020, 7, 1))]}, NEEDS_PANEL),
    Row(CAST, "cast_registration", Outcome.unknown, {}, CAST_NOT_VERIFIED),
    Row(CITIZEN, "citizenship", Outcome.met, {"nationalities": ["EL"]}),
    Row(CITIZEN + " (a US national)", "citizenship", Outcome.not_met, {"nationalities": ["US"]}),
]


@pytest.mark.parametrize("row", CA_ROWS, ids=[r.quote[-60:] for r in CA_ROWS])
def test_ca_notice(row: Row) -> None:
    check(CA_AI_OFFICE, row, CA_BASE)


def test_ca_criteria_are_judged_at_the_deadline() -> None:
    verdict, _ = judge(CA_AI_OFFICE, Row("", "education", Outcome.met), CA_BASE)
    assert (verdict.as_of, verdict.as_of_basis) == (CA_DAY, "deadline")


# --- TA (CERT-EU): "You must meet the following eligibility criteria when you validate your
# application" → judged on the day of submission.
SUBMITTED = datetime(2024, 4, 10, 9, 0, tzinfo=UTC)
CLEARANCE = "The candidate must hold a security clearance at EU SECRET level or be in a " \
            "position to be security cleared."
UNIVERSITY = "completed university studies of at least 3 years attested by a diploma"
TA_BASE: dict[str, Any] = {
    "nationalities": ["BE"], "security_clearance": "held",
    "education": [degree(level=DegreeLevel.bachelor, years=3, field="Informatics",
                         completed_on=D(2015, 6, 30))],
    "languages": speaks(("FR", Cefr.C2), ("EN", Cefr.C1)),
    "declarations": ["full_rights_as_citizen", "military_service", "physical_fitness",
                     "character_references"],
}
TA_ROWS = [
    Row(CLEARANCE + " (held)", "security_clearance", Outcome.met),
    Row(CLEARANCE + " (able to be cleared)", "security_clearance", Outcome.unknown,
        {"security_clearance": "able_to_be_cleared"}, "only the security vetting"),
    Row(UNIVERSITY, "education", Outcome.met),
    Row(UNIVERSITY + " (diploma the day after validation)", "education", Outcome.not_met,
        {"education": [degree(level=DegreeLevel.bachelor, years=3, field="Informatics",
                              completed_on=D(2024, 4, 11))]}),
    Row(UNIVERSITY + " (diploma on the day of validation)", "education", Outcome.met,
        {"education": [degree(level=DegreeLevel.bachelor, years=3, field="Informatics",
                              completed_on=D(2024, 4, 10))]}),
    Row("Are a citizen of a Member State of the EU", "citizenship", Outcome.not_met,
        {"nationalities": ["CH"]}),
]


@pytest.mark.parametrize("row", TA_ROWS, ids=[r.quote[-60:] for r in TA_ROWS])
def test_ta_notice(row: Row) -> None:
    check(TA_CERT_EU, row, TA_BASE, submitted=SUBMITTED)


def test_ta_criteria_are_judged_when_the_application_is_validated() -> None:
    verdict, _ = judge(TA_CERT_EU, Row("", "education", Outcome.met), TA_BASE,
                       submitted=SUBMITTED)
    assert (verdict.as_of, verdict.as_of_basis, verdict.outcome) == (
        D(2024, 4, 10), "submission", Outcome.met)
