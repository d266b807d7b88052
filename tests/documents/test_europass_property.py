"""Property: whatever Europass XML the schema's element tree allows (valid or junk values, any
repetition, elements left out), the reader answers facts, nothing, or a refusal -- never a
crash (a 500) -- and every fact it answers is in the file, where the schema puts it."""

from __future__ import annotations

import xml.etree.ElementTree as StdET
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models.applications import CandidateProfileDraft
from app.models.europass import CvFacts
from app.services.applications.prefill import suggested_profile
from app.services.documents.europass import EuropassXmlRefused, facts_from_xml
from app.services.documents.xmltools import language_code, local, normalise, partial_date

JUNK = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=24)
SPACE = st.sampled_from(["", " ", "\n\t\t", "  \n"])


def _values(*known: str) -> st.SearchStrategy[str]:
    padded = st.builds(lambda a, v, b: a + v + b, SPACE, st.sampled_from(known), SPACE)
    return st.one_of(padded, padded, padded, JUNK)


def _date(year: int, month: int, day: int, form: int) -> str:
    return [f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}",
            f"{year:04d}-{month:02d}-{day:02d}T10:20:30", f"{day:02d}/{month:02d}/{year}"][form]


NAME = _values("Anna", "Ghent University", "Senior\n\t\tFullstack Web Developer", "x" * 301,
               "http://data.europa.eu/esco/occupation/1", "0542")
VALID_DATE = st.builds(_date, st.integers(1950, 2030), st.integers(1, 12), st.integers(1, 28),
                       st.integers(0, 3))
ODD_DATE = st.builds(_date, st.integers(1890, 2110), st.integers(0, 13), st.integers(0, 32),
                     st.integers(0, 4))
DATE = st.one_of(VALID_DATE, VALID_DATE, VALID_DATE, ODD_DATE, JUNK)
COUNTRY = _values("be", "BE", "BR", "el", "xx", "BEL", "us")
LANGUAGE = _values("en", "eng", "ENG", "ara", "fre", "xx", "und", "en-GB", "gr", "yue")
LEVEL = _values("6", "EQF-5", "ISCED 7", "XYZ", "eqf-2", "http://data.europa.eu/esco/eqf/7")
CEFR = _values("A1", "b2", "C2", "X9")
BOOL = _values("true", "false", "TRUE", "1", "no")
CHANNEL = _values("Email", "Telephone", "MobileTelephone", "Fax")
EMAIL = _values("anna@example.eu", "not-an-email", "mailto:b@example.org")
DIGITS = _values("32", "+49", "15100000000")
TAXONOMY = _values("language", "other", "LANGUAGE")

Tree = tuple[str, Any, int]  # (element name, children or a leaf strategy, most repetitions)
DATED = [("hr:FormattedDateTime", DATE, 1)]
PERIOD = [("eures:StartDate", DATED, 1), ("eures:EndDate", DATED, 1),
          ("hr:CurrentIndicator", BOOL, 1)]
PERSON_NAME = [("oa:GivenName", NAME, 1), ("hr:FamilyName", NAME, 1)]
COMMUNICATION = [("ChannelCode", CHANNEL, 1), ("oa:URI", EMAIL, 1), ("CountryDialing", DIGITS, 1),
                 ("oa:DialNumber", DIGITS, 1)]
TREE_2020: list[Tree] = [
    ("hr:DocumentID", NAME, 1),
    ("CandidateSupplier", [("hr:PartyName", NAME, 1), ("PersonContact", [
        ("PersonName", PERSON_NAME, 1), ("Communication", COMMUNICATION, 2)], 1)], 2),
    ("CandidatePerson", [
        ("PersonLegalID", COUNTRY, 1), ("PersonName", PERSON_NAME, 1),
        ("Communication", COMMUNICATION, 3), ("ResidencyCountryCode", COUNTRY, 1),
        ("NationalityCode", COUNTRY, 7), ("hr:BirthDate", DATE, 1),
        ("PrimaryLanguageCode", LANGUAGE, 2)], 1),
    ("CandidateProfile", [
        ("EmploymentHistory", [("EmployerHistory", [
            ("hr:OrganizationName", NAME, 1),
            ("OrganizationContact", [("Communication", [("Address", [
                ("CountryCode", COUNTRY, 1)], 1)], 1)], 1),
            ("eures:EmploymentPeriod", PERIOD, 1),
            ("PositionHistory", [("PositionTitle", NAME, 1), ("eures:EmploymentPeriod", PERIOD, 1),
                                 ("Country", COUNTRY, 1)], 3)], 4)], 1),
        ("EducationHistory", [("EducationOrganizationAttendance", [
            ("hr:OrganizationName", NAME, 1), ("hr:ProgramName", NAME, 1),
            ("EducationLevelCode", LEVEL, 2),
            ("AttendancePeriod", [("StartDate", DATED, 1), ("EndDate", DATED, 1),
                                  ("Ongoing", BOOL, 1)], 1),
            ("EducationDegree", [("hr:DegreeName", NAME, 1), ("DegreeDate", DATED, 1),
                                 ("FieldOfStudy", NAME, 2)], 1)], 4)], 1),
        ("Licenses", [("License", [("CountryCode", COUNTRY, 1)], 2)], 1),
        ("PersonQualifications", [("PersonCompetency", [
            ("CompetencyID", LANGUAGE, 1), ("hr:TaxonomyID", TAXONOMY, 1),
            ("ProficiencyLevel", [("hr:ScoreText", CEFR, 1)], 1),
            ("eures:CompetencyDimension", [("eures:Score", [("hr:ScoreText", CEFR, 1)], 1)],
             5)], 5)], 1)], 3),
]
V3_DATE = st.builds(lambda y, m: f' year="{y}" month="--{m:02d}"',
                    st.integers(1890, 2110), st.integers(0, 13))
TREE_V3: list[Tree] = [("LearnerInfo", [
    ("Identification", [
        ("PersonName", [("FirstName", NAME, 1), ("Surname", NAME, 1)], 1),
        ("ContactInfo", [("Email", [("Contact", EMAIL, 1)], 1),
                         ("Telephone", [("Contact", DIGITS, 1)], 1)], 1),
        ("Demographics", [("Birthdate", V3_DATE, 1),
                          ("Nationality", [("Code", COUNTRY, 1)], 6)], 1)], 1),
    ("WorkExperienceList", [("WorkExperience", [
        ("Period", [("From", V3_DATE, 1), ("To", V3_DATE, 1), ("Current", BOOL, 1)], 1),
        ("Position", [("Label", NAME, 1)], 1),
        ("Employer", [("Name", NAME, 1)], 1)], 4)], 1),
    ("EducationList", [("Education", [
        ("Period", [("To", V3_DATE, 1), ("Current", BOOL, 1)], 1), ("Title", NAME, 1),
        ("Organisation", [("Name", NAME, 1)], 1), ("Level", [("Code", LEVEL, 1)], 1),
        ("Field", [("Label", NAME, 1)], 1)], 4)], 1),
    ("Skills", [("Linguistic", [
        ("MotherTongue", [("Description", [("Code", LANGUAGE, 1)], 1)], 2),
        ("ForeignLanguage", [("Description", [("Code", LANGUAGE, 1)], 1),
                             ("ProficiencyLevel", [("Listening", CEFR, 1),
                                                   ("Writing", CEFR, 1)], 1)], 3)], 1)], 1),
], 1)]


@st.composite
def _elements(draw: st.DrawFn, tree: list[Tree]) -> str:
    out = []
    for name, content, most in tree:
        # Mostly present, so that deep entries (a position's start date) occur often.
        for _ in range(draw(st.one_of(st.just(1), st.just(1), st.integers(0, most)))):
            if isinstance(content, list):
                out.append(f"<{name}>{draw(_elements(content))}</{name}>")
            elif content is V3_DATE:
                out.append(f"<{name}{draw(V3_DATE)}/>")
            else:
                out.append(f"<{name}>{escape(draw(content))}</{name}>")
    return "".join(out)


NAMESPACES_2020 = ('xmlns="http://www.europass.eu/1.0" xmlns:hr="http://www.hr-xml.org/3" '
                   'xmlns:oa="http://www.openapplications.org/oagis/9" '
                   'xmlns:eures="http://www.europass_eures.eu/1.0"')


@st.composite
def europass_xml(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        body = draw(_elements(TREE_2020))
        # A profile's language attribute, as the schema allows it on CandidateProfile.
        language = quoteattr(draw(LANGUAGE))
        body = body.replace("<CandidateProfile>", f"<CandidateProfile languageCode={language}>")
        return f"<Candidate {NAMESPACES_2020}>{body}</Candidate>".encode()
    locale = quoteattr(draw(LANGUAGE))
    return (f'<Europass xmlns="http://europass.cedefop.europa.eu/Europass" locale={locale}>'
            f"{draw(_elements(TREE_V3))}</Europass>").encode()


def _texts(root: Any, *names: str) -> set[str]:
    """The normalised texts of the elements with these local names."""
    return {value for element in root.iter() if local(element.tag) in names
            if (value := normalise("".join(element.itertext())))}


def _dates(root: Any, *names: str) -> set[str]:
    found = {str(date) for text in _texts(root, *names) if (date := partial_date(text))}
    for element in root.iter():  # v3's attribute dates
        if local(element.tag) in names and element.get("year"):
            found.add(element.get("year", ""))
    return found


def _came_from_the_file(facts: CvFacts, xml: bytes) -> None:
    root = StdET.fromstring(xml)
    candidate = [e for e in root.iter() if local(e.tag) in ("CandidatePerson", "Identification")]
    person_texts = set().union(*(_texts(e, "GivenName", "FamilyName", "FirstName", "Surname",
                                        "URI", "Contact") for e in candidate))
    for value in (facts.first_name, facts.last_name):
        assert value is None or value in person_texts  # never the supplier's
    assert facts.email is None or any(facts.email in text for text in person_texts)
    assert set(facts.nationalities) <= {t.upper() for t in _texts(root, "NationalityCode", "Code")}
    codes = {language_code(t) for t in _texts(root, "PrimaryLanguageCode", "CompetencyID", "Code")}
    levels = {t.upper() for t in _texts(root, "ScoreText", "Listening", "Writing")}
    for skill in facts.languages:
        assert skill.language in codes
        assert skill.level.value in levels or (skill.mother_tongue and skill.level.value == "C2")
    if facts.date_of_birth is not None:
        assert str(facts.date_of_birth).split("-")[0] in {
            d.split("-")[0] for d in _dates(root, "BirthDate", "Birthdate")}
    names = _texts(root, "OrganizationName", "ProgramName", "DegreeName", "FieldOfStudy",
                   "Title", "Name", "Label", "PositionTitle")
    dates = _dates(root, "FormattedDateTime", "From", "To")
    assert len(facts.education) <= len(_texts(root, "OrganizationName", "Name", "Title")) + \
        sum(1 for e in root.iter() if local(e.tag) in ("EducationOrganizationAttendance",
                                                         "Education"))
    for course in facts.education:
        assert {course.field, course.title, course.institution} - {None} <= names
        for when in (course.start, course.completed_on):
            assert when is None or str(when) in dates or str(when.year) in dates
    for job in facts.experience:
        assert {job.employer, job.position} - {None} <= names
        for when in (job.start, job.end):
            assert when is None or str(when) in dates or str(when.year) in dates


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(europass_xml())
def test_the_reader_never_crashes_nor_invents(xml: bytes) -> None:
    try:
        facts = facts_from_xml(xml, preferred_language="EN")
    except EuropassXmlRefused:
        return
    if facts is None:
        return
    _came_from_the_file(facts, xml)
    # And the pre-fill takes what it takes whole: the result is a valid draft profile.
    merged, report = suggested_profile({}, facts)
    CandidateProfileDraft.model_validate(merged)
    assert set(report.taken) <= set(merged)
