"""Partial CV dates become profile dates conservatively: never more experience than proven."""

from __future__ import annotations

import pytest

from app.models.europass import CvEducation, CvExperience, CvFacts, PartialDate
from app.models.reference import DegreeLevel
from app.services.applications.prefill import (
    education_entry,
    experience_entry,
    suggested_profile,
)


@pytest.mark.parametrize(("start", "end", "mapped"), [
    ("2019-03", "2020-06", ("2019-03-31", "2020-06-01")),
    ("2019", "2021", ("2019-12-31", "2021-01-01")),
    ("2019-03-04", "2020-06-05", ("2019-03-04", "2020-06-05")),
    ("2020-02", None, ("2020-02-29", None)),
    # Both within one stated month (or year): the job is kept, counted as one day.
    ("2019-03", "2019-03", ("2019-03-31", "2019-03-31")),
    ("2019", "2019-05", ("2019-12-31", "2019-12-31")),
])
def test_a_period_starts_late_and_ends_early(start: str, end: str | None,
                                             mapped: tuple[str, str | None]) -> None:
    entry = experience_entry(CvExperience(employer="X", start=PartialDate.model_validate(start),
                                          end=PartialDate.model_validate(end) if end else None))
    assert (entry["start"], entry["end"]) == mapped


@pytest.mark.parametrize(("completed", "mapped"), [
    ("2015-06", "2015-06-30"), ("2015", "2015-12-31"), ("2015-06-12", "2015-06-12")])
def test_a_diploma_counts_from_the_last_day_its_date_may_mean(completed: str,
                                                              mapped: str) -> None:
    entry = education_entry(CvEducation(level=DegreeLevel.master, field="Law",
                                        completed_on=PartialDate.model_validate(completed)))
    assert entry["completed_on"] == mapped


def test_a_partial_date_keeps_what_it_states() -> None:
    stated = PartialDate.model_validate("2019-03")
    assert (stated.year, stated.month, stated.day, stated.precision) == (2019, 3, None, "month")
    assert str(stated) == "2019-03"
    assert PartialDate.model_validate(stated.model_dump()) == stated
    # Facts stored before precision was kept hold plain ISO dates: still read.
    assert PartialDate.model_validate("2015-06-30").precision == "day"


def test_facts_stored_before_partial_dates_are_still_read_and_prefilled() -> None:
    """Documents uploaded before this version hold profile-shaped entries and ISO dates."""
    stored = {
        "format": "europass-2020", "cv_language": "en", "nationalities": ["BE"],
        "languages": [{"language": "EN", "level": "C1"}],
        "education": [{"level": "master", "field": "Economics", "years": None,
                       "institution": "KU Leuven", "completed_on": "2015-06-30"}],
        "experience": [{"employer": "FPS Economy", "employer_type": "other", "country": "BE",
                        "position": "Policy officer", "function_level": "other",
                        "start": "2019-03-01", "end": None, "part_time_percent": 100}],
    }
    facts = CvFacts.model_validate(stored)
    merged, report = suggested_profile({}, facts)
    assert merged["education"][0]["completed_on"] == "2015-06-30"
    assert merged["experience"][0]["start"] == "2019-03-01"
    assert report.taken == ["nationalities", "languages", "education", "experience"]
