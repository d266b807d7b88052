"""Europass XML → ``CvFacts``: the 2020 format (HR-XML based) and the older v3 format.

Every entry is validated on its own; an entry that does not fit our models is skipped, so a
CV with one odd date still yields the rest.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from app.models.europass import CvFacts
from app.models.profile import Education, Experience, LanguageSkill
from app.models.reference import Cefr
from app.services.documents.xmltools import (
    Element,
    attribute,
    cefr,
    degree_level,
    find,
    find_all,
    iso_date,
    language_code,
    overall_level,
    partial_date,
    text,
)

log = logging.getLogger("app.documents.europass")
NS_2020 = "http://www.europass.eu/1.0"
NS_V3 = "http://europass.cedefop.europa.eu/Europass"
_ENTRIES_MAX = 50


def _valid(model: type[Any], **fields: Any) -> Any | None:
    try:
        return model(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError:
        return None


def _country(value: str | None) -> str | None:
    code = (value or "").strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def _nationalities(codes: list[str | None]) -> list[str]:
    found: list[str] = []
    for code in map(_country, codes):
        if code and code not in found:
            found.append(code)
    return found[:5]


def _languages(pairs: list[tuple[str | None, Cefr | None]]) -> list[LanguageSkill]:
    """One skill per language, the best one stated (a mother tongue beats a foreign entry)."""
    best: dict[str, Cefr] = {}
    for raw_code, level in pairs:
        code = language_code(raw_code)
        if code is None or level is None:
            continue
        if code not in best or level.rank > best[code].rank:
            best[code] = level
    skills = [_valid(LanguageSkill, language=code, level=level) for code, level in best.items()]
    return [skill for skill in skills if skill is not None]


def _cv_language(value: str | None) -> str | None:
    code = language_code(value)
    return code.lower() if code else None


# A mother tongue is mastered: C2 on the CEFR scale (the Europass editors give it no level).
MOTHER_TONGUE = Cefr.C2


def facts_2020(root: Element) -> CvFacts:
    """Map ``<Candidate xmlns="http://www.europass.eu/1.0">``."""
    person = find(root, "CandidatePerson")
    profile = find(root, "CandidateProfile")
    pairs: list[tuple[str | None, Cefr | None]] = [
        (text(code), MOTHER_TONGUE) for code in find_all(person, "PrimaryLanguageCode")]
    for competency in find_all(profile, "PersonQualifications", "PersonCompetency"):
        if (text(competency, "TaxonomyID") or "").lower() != "language":
            continue
        levels = [cefr(text(dimension, "Score", "ScoreText"))
                  for dimension in find_all(competency, "CompetencyDimension")]
        pairs.append((text(competency, "CompetencyID"),
                      overall_level([level for level in levels if level is not None])))

    experience: list[Experience] = []
    for employer in find_all(profile, "EmploymentHistory", "EmployerHistory")[:_ENTRIES_MAX]:
        employer_country = text(employer, "OrganizationContact", "Communication", "Address",
                                "CountryCode")
        for position in find_all(employer, "PositionHistory"):
            period = find(position, "EmploymentPeriod")
            current = (text(period, "CurrentIndicator") or "").lower() == "true"
            entry = _valid(
                Experience,
                employer=text(employer, "OrganizationName"),
                position=text(position, "PositionTitle"),
                country=_country(text(position, "Country") or employer_country),
                start=iso_date(text(period, "StartDate", "FormattedDateTime")),
                end=None if current else iso_date(text(period, "EndDate", "FormattedDateTime"),
                                                  end=True),
            )
            if entry is not None:
                experience.append(entry)

    education: list[Education] = []
    for attendance in find_all(profile, "EducationHistory",
                               "EducationOrganizationAttendance")[:_ENTRIES_MAX]:
        degree = find(attendance, "EducationDegree")
        name = text(degree, "DegreeName")
        ongoing = (text(attendance, "AttendancePeriod", "Ongoing") or "").lower() == "true"
        completed = iso_date(text(degree, "DegreeDate", "FormattedDateTime")
                             or text(attendance, "AttendancePeriod", "EndDate",
                                     "FormattedDateTime"), end=True)
        entry = _valid(
            Education,
            level=degree_level(name, text(attendance, "EducationLevelCode")),
            field=text(degree, "FieldOfStudy") or text(degree, "DegreeMajor") or name,
            institution=text(attendance, "OrganizationName"),
            completed_on=None if ongoing else completed,
        )
        if entry is not None and not ongoing:
            education.append(entry)

    return CvFacts(
        format="europass-2020",
        cv_language=_cv_language(attribute(profile, "languageCode")),
        first_name=text(person, "PersonName", "GivenName"),
        last_name=text(person, "PersonName", "FamilyName"),
        nationalities=_nationalities([text(code)
                                      for code in find_all(person, "NationalityCode")]),
        languages=_languages(pairs),
        education=education,
        experience=experience,
    )


def _v3_date(element: Element | None, *, end: bool = False) -> Any:
    """v3 dates: attributes (``year="2010" month="--03"``) or, in some writers, children."""
    if element is None:
        return None
    return partial_date(
        attribute(element, "year") or text(element, "Year"),
        attribute(element, "month") or text(element, "Month"),
        attribute(element, "day") or text(element, "Day"),
        end=end,
    )


def facts_v3(root: Element) -> CvFacts:
    """Map ``<Europass xmlns="http://europass.cedefop.europa.eu/Europass">`` (schema v3.x)."""
    learner = find(root, "LearnerInfo")
    identification = find(learner, "Identification")
    linguistic = find(learner, "Skills", "Linguistic")
    pairs: list[tuple[str | None, Cefr | None]] = [
        (text(tongue, "Description", "Code"), MOTHER_TONGUE)
        for tongue in find_all(linguistic, "MotherTongue")]
    for foreign in find_all(linguistic, "ForeignLanguage"):
        proficiency = find(foreign, "ProficiencyLevel")
        levels = [cefr(text(skill)) for skill in (proficiency if proficiency is not None else [])]
        pairs.append((text(foreign, "Description", "Code"),
                      overall_level([level for level in levels if level is not None])))

    experience: list[Experience] = []
    for work in find_all(learner, "WorkExperienceList", "WorkExperience")[:_ENTRIES_MAX]:
        current = (text(work, "Period", "Current") or "").lower() == "true"
        entry = _valid(
            Experience,
            employer=text(work, "Employer", "Name"),
            position=text(work, "Position", "Label"),
            country=_country(text(work, "Employer", "ContactInfo", "Address", "Contact",
                                  "Country", "Code")),
            start=_v3_date(find(work, "Period", "From")),
            end=None if current else _v3_date(find(work, "Period", "To"), end=True),
        )
        if entry is not None:
            experience.append(entry)

    education: list[Education] = []
    for course in find_all(learner, "EducationList", "Education")[:_ENTRIES_MAX]:
        title = text(course, "Title")
        if (text(course, "Period", "Current") or "").lower() == "true":
            continue
        entry = _valid(
            Education,
            level=degree_level(title, text(course, "Level", "Code")),
            field=text(course, "Field", "Label") or title,
            institution=text(course, "Organisation", "Name"),
            completed_on=_v3_date(find(course, "Period", "To"), end=True),
        )
        if entry is not None:
            education.append(entry)

    return CvFacts(
        format="europass-v3",
        cv_language=_cv_language(attribute(root, "lang") or attribute(root, "locale")
                                 or text(root, "DocumentInfo", "Locale")),
        first_name=text(identification, "PersonName", "FirstName"),
        last_name=text(identification, "PersonName", "Surname"),
        nationalities=_nationalities([text(nationality, "Code") for nationality in
                                      find_all(identification, "Demographics", "Nationality")]),
        languages=_languages(pairs),
        education=education,
        experience=experience,
    )
