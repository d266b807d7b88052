"""Facts read from the Europass XML embedded in a PDF CV."""

from __future__ import annotations

import io

import pytest

from app.models.europass import PartialDate
from app.models.reference import Cefr, DegreeLevel
from app.services.documents.europass import (
    EuropassXmlRefused,
    extract_cv_facts,
    facts_from_xml,
)
from app.services.documents.xmltools import degree_level
from tests.files import EICAR, europass_pdf, europass_xml_2020, pdf_bytes


def _facts(data: bytes):  # type: ignore[no-untyped-def]
    return extract_cv_facts(io.BytesIO(data))


def test_a_2020_europass_cv_gives_its_facts() -> None:
    facts = _facts(europass_pdf(nationality=["BE", "fr"], language="fr"))
    assert facts is not None
    assert facts.format == "europass-2020"
    assert facts.cv_language == "fr"
    assert (facts.first_name, facts.last_name) == ("Anna", "Peeters")
    assert facts.nationalities == ["BE", "FR"]
    levels = {skill.language: skill.level for skill in facts.languages}
    # Mother tongue (nld) counts as C2; English C2/C1 → the lowest, C1; Japanese is no EU
    # language but the candidate's all the same.
    assert levels == {"NL": Cefr.C2, "EN": Cefr.C1, "FR": Cefr.B2, "JA": Cefr.A2}
    assert [s.language for s in facts.languages if s.mother_tongue] == ["NL"]
    assert facts.date_of_birth == PartialDate(year=1985, month=4, day=12)
    assert [(e.level, e.institution) for e in facts.education] == [
        (DegreeLevel.master, "KU Leuven"), (DegreeLevel.bachelor, "Ghent University")]
    assert facts.education[0].completed_on == PartialDate(year=2015, month=6)
    assert facts.education[1].field == "Economics"
    current, past = facts.experience  # the entry that ends before it starts is skipped
    assert (current.employer, current.position, current.country) == (
        "FPS Economy", "Policy officer", "BE")
    assert (current.start, current.end) == (PartialDate(year=2019, month=3), None)
    assert (past.start, past.end) == (PartialDate(year=2015, month=9, day=1),
                                      PartialDate(year=2019, month=2))
    assert facts.skipped == ["experience[2]: ends (2012-01) before it starts (2014-05)",
                             "education[2]: still ongoing: not a completed degree"]


def test_a_v3_europass_cv_gives_its_facts() -> None:
    facts = _facts(europass_pdf(xml_format="v3", nationality="CZ", language="de",
                                first_name="Jan", last_name="Novák"))
    assert facts is not None
    assert facts.format == "europass-v3"
    assert facts.cv_language == "de"
    assert (facts.first_name, facts.last_name) == ("Jan", "Novák")
    assert facts.nationalities == ["CZ"]
    levels = {skill.language: skill.level for skill in facts.languages}
    assert levels == {"CS": Cefr.C2, "EN": Cefr.B2, "DE": Cefr.B1}
    assert [e.level for e in facts.education] == [DegreeLevel.master, DegreeLevel.doctorate]
    assert facts.education[0].field == "Law"
    assert [(e.employer, str(e.start), e.end and str(e.end)) for e in facts.experience] == [
        ("Ministry of Justice", "2012-03", None), ("Law firm", "2008-09", "2012-02")]
    assert facts.date_of_birth == PartialDate(year=1980, month=2, day=15)


def test_the_attachment_is_recognised_by_its_root_not_its_name() -> None:
    data = europass_pdf(attachment_name="cv-data.bin",
                        extra_attachments={"notes.xml": b"<notes><n>hello</n></notes>"})
    facts = _facts(data)
    assert facts is not None and facts.nationalities == ["BE"]


def test_a_pdf_without_attachment_gives_none() -> None:
    assert _facts(pdf_bytes("plain CV")) is None


def test_a_non_europass_xml_attachment_gives_none() -> None:
    other = b'<?xml version="1.0"?><Candidate xmlns="urn:other"><x/></Candidate>'
    assert _facts(pdf_bytes(attachments={"Europass-XML-Attachment.xml": other})) is None


def test_xml_with_a_dtd_or_entities_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE Candidate [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Candidate xmlns="http://www.europass.eu/1.0"><CandidatePerson><PersonName>
<GivenName>&b;</GivenName></PersonName></CandidatePerson></Candidate>"""
    with pytest.raises(EuropassXmlRefused, match="DTD or entities"):
        _facts(pdf_bytes(attachments={"Europass-XML-Attachment.xml": bomb}))
    external = b"""<?xml version="1.0"?>
<!DOCTYPE Candidate [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Candidate xmlns="http://www.europass.eu/1.0"><CandidatePerson><PersonName>
<GivenName>&x;</GivenName></PersonName></CandidatePerson></Candidate>"""
    with pytest.raises(EuropassXmlRefused):
        facts_from_xml(external)


def test_broken_files_give_none_rather_than_failing() -> None:
    assert _facts(b"%PDF-1.7\n" + b"garbage" * 100) is None
    assert _facts(EICAR) is None
    assert facts_from_xml(b"<Candidate xmlns='http://www.europass.eu/1.0'><unclosed>") is None
    with pytest.raises(EuropassXmlRefused, match="larger than 4 MB"):
        facts_from_xml(europass_xml_2020() + b" " * (4 * 1_048_576))


def test_invalid_values_are_skipped_not_fatal() -> None:
    xml = europass_xml_2020(nationality=["BEL", "DE"]).replace(b"KU Leuven", b"K" * 400)
    facts = facts_from_xml(xml)
    assert facts is not None
    assert facts.nationalities == ["DE"]  # a three-letter code is no ISO alpha-2 code
    assert [e.institution for e in facts.education] == ["Ghent University"]
    assert "nationalities[0]: 'bel' is not an ISO 3166 alpha-2 country code" in facts.skipped
    assert "education[0]: institution longer than 300 characters" in facts.skipped


def test_degree_names_map_to_levels() -> None:
    assert degree_level("MSc Computer Science") is DegreeLevel.master
    assert degree_level("MA in European Studies") is DegreeLevel.master
    assert degree_level("Licence en droit") is DegreeLevel.bachelor
    assert degree_level("BSc (Hons) Physics") is DegreeLevel.bachelor
    assert degree_level("Bachelor of Arts") is DegreeLevel.bachelor
    assert degree_level("PhD in Chemistry") is DegreeLevel.doctorate
    assert degree_level("Doctor of Laws") is DegreeLevel.doctorate
    assert degree_level("Certificate in first aid") is None
    assert degree_level("Anything", "7") is DegreeLevel.master


def test_a_compressed_attachment_bomb_is_skipped_and_the_cv_still_read() -> None:
    """100 MB of XML deflated to ~100 KB: pypdf stops inflating it; the real CV is found."""
    bomb = b"<a>" + b" " * 100_000_000 + b"</a>"
    data = pdf_bytes(compressed_attachments={"a-bomb.xml": bomb,
                                             "z-cv.xml": europass_xml_2020(nationality="MT")})
    assert len(data) < 1_048_576
    facts = _facts(data)
    assert facts is not None and facts.nationalities == ["MT"]
