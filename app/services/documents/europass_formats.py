"""Europass XML → ``CvFacts``: the 2020+ format (HR-XML 3 / EURES based) and the older v3.

The elements are found by local name (writers prefix them with hr:, oa:, eures: or not at
all) and only where the schema puts them: the candidate's data come from ``CandidatePerson``,
never from ``CandidateSupplier`` (whose contact is the supplier's, not the candidate's).
"""

from __future__ import annotations

import re

from app.models.europass import CvFacts
from app.services.documents.europass_reading import MOTHER_TONGUE, Reading, Stated, stated
from app.services.documents.xmltools import (
    Element,
    attribute,
    cefr,
    find,
    find_all,
    first_text,
    is_true,
    language_code,
    overall_level,
    text,
    v3_partial_date,
)

NS_2020 = "http://www.europass.eu/1.0"
NS_V3 = "http://europass.cedefop.europa.eu/Europass"
_CODE_LIKE = re.compile(r"^(?:[\d.\s-]+|https?://\S+)$")


def _profile_language(profile: Element) -> str | None:
    return language_code(attribute(profile, "languageCode"))


def choose_profile(profiles: list[Element], preferred: str | None) -> Element | None:
    """The ``CandidateProfile`` in the language the upload declared, else the English one
    (BR-COM-01: a profile without ``languageCode`` is English), else the first."""
    if preferred:
        wanted = language_code(preferred)
        for profile in profiles:
            if wanted and _profile_language(profile) == wanted:
                return profile
    for profile in profiles:
        if _profile_language(profile) in ("EN", None):
            return profile
    return profiles[0] if profiles else None


def _name_of_field(value: str | None) -> str | None:
    """A field of study as words; an ISCED-F code or an ESCO URI names nothing to a reader."""
    return None if value is None or _CODE_LIKE.match(value) else value


def _formatted(element: Element | None, name: str) -> Stated | None:
    return stated(first_text(find(element, name), ("FormattedDateTime",), ("DateText",)))


def _person_2020(reading: Reading, person: Element | None) -> None:
    reading.name("first_name", text(person, "PersonName", "GivenName"))
    reading.name("last_name", text(person, "PersonName", "FamilyName"))
    reading.date_of_birth(stated(text(person, "BirthDate")))
    for communication in find_all(person, "Communication"):
        channel = (text(communication, "ChannelCode") or "").lower()
        if channel == "email" and "email" not in reading.scalars:
            reading.email(text(communication, "URI"))
        elif channel in ("telephone", "mobiletelephone") and "phone" not in reading.scalars:
            number = text(communication, "DialNumber")
            dialing = text(communication, "CountryDialing")
            reading.phone(f"+{dialing.lstrip('+')} {number}" if number and dialing else number)
    for code in find_all(person, "NationalityCode"):
        reading.nationality(text(code))
    for code in find_all(person, "PrimaryLanguageCode"):
        reading.language(text(code), MOTHER_TONGUE, mother_tongue=True)


def _languages_2020(reading: Reading, profile: Element | None) -> None:
    for competency in find_all(profile, "PersonQualifications", "PersonCompetency"):
        if (text(competency, "TaxonomyID") or "").lower() != "language":
            continue
        levels = [cefr(text(dimension, "Score", "ScoreText"))
                  for dimension in find_all(competency, "CompetencyDimension")]
        level = overall_level([level for level in levels if level is not None])
        if level is None:
            level = cefr(text(competency, "ProficiencyLevel", "ScoreText"))
        reading.language(text(competency, "CompetencyID"), level, mother_tongue=False)


def _experience_2020(reading: Reading, profile: Element | None) -> None:
    index = 0
    for employer in find_all(profile, "EmploymentHistory", "EmployerHistory"):
        name = text(employer, "OrganizationName")
        employer_country = text(employer, "OrganizationContact", "Communication", "Address",
                                "CountryCode")
        employer_period = find(employer, "EmploymentPeriod")
        positions = find_all(employer, "PositionHistory") or [None]
        for position in positions:
            period = find(position, "EmploymentPeriod")
            if period is None:
                period = employer_period
            reading.experience_entry(
                index, employer=name, position=text(position, "PositionTitle"),
                country=text(position, "Country") or employer_country,
                start=_formatted(period, "StartDate"), end=_formatted(period, "EndDate"),
                current=is_true(text(period, "CurrentIndicator")))
            index += 1


def _education_2020(reading: Reading, profile: Element | None) -> None:
    attendances = find_all(profile, "EducationHistory", "EducationOrganizationAttendance")
    for index, attendance in enumerate(attendances):
        degree = find(attendance, "EducationDegree")
        title = text(attendance, "ProgramName") or text(degree, "DegreeName")
        period = find(attendance, "AttendancePeriod")
        end = _formatted(period, "EndDate") or _formatted(degree, "DegreeDate")
        ongoing_flag = text(period, "Ongoing")
        # The schema: "If the End Date sub-element is not filled, [the candidate] is currently
        # studying" -- unless the CV says outright that the attendance is over.
        ongoing = is_true(ongoing_flag) or (end is None and ongoing_flag is None)
        fields = [_name_of_field(text(field)) for field in find_all(degree, "FieldOfStudy")]
        fields += [_name_of_field(text(major)) for major in find_all(degree, "DegreeMajor")]
        reading.education_entry(
            index, title=title, field=next((f for f in fields if f), None),
            institution=text(attendance, "OrganizationName"),
            codes=[(text(code), attribute(code, "listName"), attribute(code, "listURI"))
                   for code in find_all(attendance, "EducationLevelCode")],
            start=_formatted(period, "StartDate"), end=end, ongoing=ongoing)


def facts_2020(root: Element, *, preferred_language: str | None = None) -> CvFacts:
    """Map ``<Candidate xmlns="http://www.europass.eu/1.0">``."""
    reading = Reading("europass-2020")
    _person_2020(reading, find(root, "CandidatePerson"))
    profile = choose_profile(find_all(root, "CandidateProfile"), preferred_language)
    _languages_2020(reading, profile)
    _experience_2020(reading, profile)
    _education_2020(reading, profile)
    cv_language = language_code(attribute(profile, "languageCode"))
    return reading.facts(cv_language=cv_language.lower() if cv_language else None)


def _v3_date(element: Element | None) -> Stated | None:
    """v3 dates: attributes (``year="2010" month="--03"``) or, in some writers, children."""
    if element is None:
        return None
    parts = [attribute(element, name) or text(element, name.capitalize())
             for name in ("year", "month", "day")]
    if not any(parts):
        return None
    raw = "-".join(part.lstrip("-") for part in parts if part)
    return Stated(raw, v3_partial_date(*parts))


def facts_v3(root: Element) -> CvFacts:
    """Map ``<Europass xmlns="http://europass.cedefop.europa.eu/Europass">`` (schema v3.x)."""
    reading = Reading("europass-v3")
    learner = find(root, "LearnerInfo")
    identification = find(learner, "Identification")
    reading.name("first_name", text(identification, "PersonName", "FirstName"))
    reading.name("last_name", text(identification, "PersonName", "Surname"))
    demographics = find(identification, "Demographics")
    reading.date_of_birth(_v3_date(find(demographics, "Birthdate")))
    contact = find(identification, "ContactInfo")
    reading.email(text(contact, "Email", "Contact"))
    reading.phone(text(contact, "Telephone", "Contact"))
    for nationality in find_all(demographics, "Nationality"):
        reading.nationality(text(nationality, "Code"))

    linguistic = find(learner, "Skills", "Linguistic")
    for tongue in find_all(linguistic, "MotherTongue"):
        reading.language(text(tongue, "Description", "Code"), MOTHER_TONGUE, mother_tongue=True)
    for foreign in find_all(linguistic, "ForeignLanguage"):
        proficiency = find(foreign, "ProficiencyLevel")
        levels = [cefr(text(skill)) for skill in (proficiency if proficiency is not None else [])]
        reading.language(text(foreign, "Description", "Code"),
                         overall_level([level for level in levels if level is not None]),
                         mother_tongue=False)

    works = find_all(learner, "WorkExperienceList", "WorkExperience")
    for index, work in enumerate(works):
        reading.experience_entry(
            index, employer=text(work, "Employer", "Name"),
            position=text(work, "Position", "Label"),
            country=text(work, "Employer", "ContactInfo", "Address", "Contact", "Country",
                         "Code"),
            start=_v3_date(find(work, "Period", "From")),
            end=_v3_date(find(work, "Period", "To")),
            current=is_true(text(work, "Period", "Current")))

    for index, course in enumerate(find_all(learner, "EducationList", "Education")):
        title = text(course, "Title")
        reading.education_entry(
            index, title=title, field=_name_of_field(text(course, "Field", "Label")),
            institution=text(course, "Organisation", "Name"),
            # v3's Level/Code is the EQF level.
            codes=[(text(course, "Level", "Code"), "EQF", None)],
            start=_v3_date(find(course, "Period", "From")),
            end=_v3_date(find(course, "Period", "To")),
            ongoing=is_true(text(course, "Period", "Current")))

    locale = (attribute(root, "lang") or attribute(root, "locale")
              or text(root, "DocumentInfo", "Locale"))
    cv_language = language_code(locale)
    return reading.facts(cv_language=cv_language.lower() if cv_language else None)
