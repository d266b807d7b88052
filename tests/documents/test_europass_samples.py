"""CVs as they are in the wild: every field the reader takes, and every one it skips, with why."""

from __future__ import annotations

import io
from typing import Any

import pytest

from app.services.documents.europass import EuropassXmlRefused, extract_cv_facts
from tests.europass_samples import (
    editor_export_xml,
    eures_candidate_xml,
    europass_pdf_of,
    learner_info_xml,
)
from tests.files import pdf_bytes


def _read(xml: bytes, language: str | None = None) -> dict[str, Any]:
    facts = extract_cv_facts(io.BytesIO(europass_pdf_of(xml)), preferred_language=language)
    assert facts is not None
    return facts.model_dump(mode="json", exclude={"date_of_birth"}) | {
        "date_of_birth": str(facts.date_of_birth) if facts.date_of_birth else None}


def _d(text: str | None) -> dict[str, Any] | None:
    """A partial date as the facts show it: ``"2019-03"`` → year 2019, month 3, precision."""
    if text is None:
        return None
    parts = [int(part) for part in text.split("-")]
    year, month, day = [*parts, None, None][:3]
    precision = ["year", "month", "day"][len(parts) - 1]
    return {"year": year, "month": month, "day": day, "precision": precision}


def _job(employer: str, position: str | None, country: str | None, start: str,
         end: str | None) -> dict[str, Any]:
    return {"employer": employer, "position": position, "country": country,
            "start": _d(start), "end": _d(end)}


def _course(level: str, code: str | None, title: str | None, field: str, institution: str,
            start: str | None, completed: str | None) -> dict[str, Any]:
    return {"level": level, "level_code": code, "title": title, "field": field,
            "institution": institution, "start": _d(start), "completed_on": _d(completed)}


def _skill(language: str, level: str, mother_tongue: bool = False) -> dict[str, Any]:
    return {"language": language, "level": level, "mother_tongue": mother_tongue}


EURES_EDUCATION = [
    _course("post_secondary", "EQF 5", "Higher Technical Professional Course in Data Analysis",
            "Higher Technical Professional Course in Data Analysis",
            "Instituto Politécnico de Lisboa", "2008-09", "2010-06"),
    _course("master", "ISCED 7", "Mestrado em Estatística", "Mestrado em Estatística",
            "Universidade NOVA de Lisboa", None, "2014"),
]
EURES_SKIPPED = [
    "languages[4]: 'ES' has no CEFR level",
    "experience[3]: no end date, and not marked as current",
    "education[2]: level code 'XYZ' unknown",
    "education[3]: still ongoing: not a completed degree",
]


@pytest.mark.parametrize(("declared", "profile_language", "title"), [
    pytest.param("EN", "en", "Senior statistician (en)", id="declared-english"),
    pytest.param("PT", "pt", "Técnico superior", id="declared-portuguese"),
    pytest.param(None, "en", "Senior statistician (en)", id="undeclared-takes-english"),
    pytest.param("DE", "en", "Senior statistician (en)", id="no-german-takes-english"),
])
def test_the_commission_sample_shape_is_read_whole(declared: str | None,
                                                   profile_language: str, title: str) -> None:
    assert _read(eures_candidate_xml(), declared) == {
        "format": "europass-2020",
        "cv_language": profile_language,
        "first_name": "Maria João", "last_name": "Costa Silva",
        "date_of_birth": "1984-07",  # kept to the month: no invented 1st of July
        # The supplier's adviser (and her e-mail and phone) is not the candidate.
        "email": None, "phone": None,
        # Dual nationality with a non-EU one; residence and a US visa are not nationalities.
        "nationalities": ["PT", "BR"],
        "languages": [_skill("PT", "C2", mother_tongue=True), _skill("EN", "B2"),
                      _skill("FR", "B1"), _skill("DE", "A2")],
        "education": EURES_EDUCATION,
        "experience": [
            _job("Instituto Nacional de Estatística", title, "PT", "2018-02", None),
            _job("Instituto Nacional de Estatística", "Statistician", "PT", "2014", "2018-01"),
            _job("Banco de Portugal", "Trainee", "PT", "2012-09", "2013-06"),
        ],
        "skipped": EURES_SKIPPED,
    }


def test_the_first_profile_when_none_is_english_nor_declared() -> None:
    assert _read(eures_candidate_xml(profile_languages=("pt", "fr")), "DE")["cv_language"] == "pt"


def test_an_editor_export_is_read_whole() -> None:
    assert _read(editor_export_xml(), "DE") == {
        "format": "europass-2020", "cv_language": "de",
        "first_name": "Omar", "last_name": "Haddad",  # tabs and newlines gone
        "date_of_birth": "1990-02-28",
        "email": "omar.haddad@example.org", "phone": "+49 15100000000",
        "nationalities": ["SY", "DE"],
        # Arabic, outside the EU's 24, is the candidate's mother tongue all the same.
        "languages": [_skill("AR", "C2", mother_tongue=True), _skill("DE", "C1")],
        "education": [_course("bachelor", "EQF 6", "Bachelor of Informatics Engineering",
                              "Bachelor of Informatics Engineering", "Damascus University",
                              "2008-09-01", "2012-07-15")],
        "experience": [
            _job("Webagentur Berlin GmbH", "Senior Fullstack Web Developer", "DE",
                 "2019-04-01", "2024-03-31"),
            _job("Freelance", None, None, "2024-04", None),
        ],
        "skipped": [
            "languages[2]: language code 'xqz' unknown",
            "experience[1].position: a URI, not a title",
            "experience[1].country: 'XX' is not an ISO 3166 alpha-2 country code",
            "education[1]: level EQF 2 is below upper secondary education",
        ],
    }


def test_an_older_learner_info_cv_is_read_to_the_same_depth() -> None:
    assert _read(learner_info_xml(), "FR") == {
        "format": "europass-v3", "cv_language": "fr",
        "first_name": "Karim", "last_name": "Benali Dupont",
        "date_of_birth": "1979-11",
        "email": "karim@example.be", "phone": "+32 2 000 00 00",
        "nationalities": ["FR", "MA"],
        "languages": [_skill("FR", "C2", mother_tongue=True),
                      _skill("AR", "C2", mother_tongue=True), _skill("NL", "B2")],
        "education": [_course("master", "EQF 7", "Master en droit", "Droit",
                              "Université Paris 1", "1998", "2003-06")],
        "experience": [
            _job("SPF Justice", "Juriste principal", "BE", "2010-01", None),
            _job("Cabinet Martin", "Avocat", None, "2005", "2009-12-31"),
        ],
        "skipped": [
            "languages[3]: 'EN' has no CEFR level",
            "experience[2]: start date '2004-13' is none of YYYY-MM-DD, YYYY-MM, YYYY",
            "education[1]: still ongoing: not a completed degree",
        ],
    }


@pytest.mark.parametrize(("written", "level", "code"), [
    ("6", "bachelor", "EQF 6"), ("EQF-5", "post_secondary", "EQF 5"),
    ("eqf5", "post_secondary", "EQF 5"), ("EQF 8", "doctorate", "EQF 8"),
    ("ISCED-4", "post_secondary", "ISCED 4"), ("isced 3", "secondary", "ISCED 3"),
    ("http://data.europa.eu/esco/eqf/7", "master", "EQF 7"),
])
def test_level_codes_in_their_listed_forms(written: str, level: str, code: str) -> None:
    xml = editor_export_xml().replace(b"<EducationLevelCode>6</EducationLevelCode>",
                                      f"<EducationLevelCode>{written}</EducationLevelCode>"
                                      .encode())
    first = _read(xml)["education"][0]
    assert (first["level"], first["level_code"]) == (level, code)


@pytest.mark.parametrize(("written", "stated"), [
    ("2019", "2019"), ("2019-03", "2019-03"), ("2019-03-04", "2019-03-04"),
    ("2019-03-04T10:20:30", "2019-03-04"), ("2019-03-04T10:20:30Z", "2019-03-04"),
])
def test_every_br_com_06_date_form_keeps_its_precision(written: str, stated: str) -> None:
    xml = editor_export_xml().replace(b"1990-02-28", written.encode())
    assert _read(xml)["date_of_birth"] == stated


@pytest.mark.parametrize("written", ["19-03-2019", "2019-3", "2019-02-30", "March 2019", "0999"])
def test_a_date_outside_br_com_06_is_skipped_with_its_reason(written: str) -> None:
    facts = _read(editor_export_xml().replace(b"1990-02-28", written.encode()))
    assert facts["date_of_birth"] is None
    assert f"date_of_birth: '{written}' is none of YYYY-MM-DD, YYYY-MM, YYYY" in facts["skipped"]


HOSTILE = {
    "billion-laughs": b"""<?xml version="1.0"?>
<!DOCTYPE Candidate [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<Candidate xmlns="http://www.europass.eu/1.0"><CandidatePerson><PersonName>
<GivenName>&d;</GivenName></PersonName></CandidatePerson></Candidate>""",
    "external-entity": b"""<?xml version="1.0"?>
<!DOCTYPE Europass [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Europass xmlns="http://europass.cedefop.europa.eu/Europass"><LearnerInfo><Identification>
<PersonName><FirstName>&x;</FirstName></PersonName></Identification></LearnerInfo></Europass>""",
    "bare-dtd": b"""<?xml version="1.0"?><!DOCTYPE Candidate SYSTEM "http://example.org/c.dtd">
<Candidate xmlns="http://www.europass.eu/1.0"/>""",
    "ten-mb-text-node": (b'<Candidate xmlns="http://www.europass.eu/1.0"><CandidatePerson>'
                         b"<PersonName><GivenName>" + b"A" * 10_000_000
                         + b"</GivenName></PersonName></CandidatePerson></Candidate>"),
    "deep-nesting": (b'<Candidate xmlns="http://www.europass.eu/1.0">' + b"<a>" * 5000
                     + b"</a>" * 5000 + b"</Candidate>"),
}


@pytest.mark.parametrize("xml", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_europass_xml_is_refused(xml: bytes) -> None:
    with pytest.raises(EuropassXmlRefused) as refused:
        extract_cv_facts(io.BytesIO(pdf_bytes(attachments={"Europass-XML-Attachment.xml": xml})))
    assert refused.value.code == "europass-xml-refused"
    assert "Export the CV again" in refused.value.detail
