"""Factories of REAL files for upload tests: PDFs (with or without an embedded Europass XML),
DOCX, zip bombs, EICAR, and a starlette ``UploadFile`` over a spooled temporary file."""

from __future__ import annotations

import functools
import io
import zipfile
from tempfile import SpooledTemporaryFile
from typing import Literal
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from starlette.datastructures import Headers, UploadFile

# The EICAR test file (68 bytes), assembled so that this source file is not itself "malware".
EICAR = (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + b"$H+H*")
EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f"
EUROPASS_ATTACHMENT = "Europass-XML-Attachment.xml"


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _writer(text: str, pages: int) -> PdfWriter:
    writer = PdfWriter()
    for number in range(pages):
        page = writer.add_blank_page(width=595, height=842)  # A4 in points
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        })
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)}),
        })
        content = DecodedStreamObject()
        line = _pdf_string(f"{text} (page {number + 1})" if pages > 1 else text)
        content.set_data(f"BT /F1 12 Tf 72 770 Td ({line}) Tj ET".encode("latin-1", "replace"))
        page[NameObject("/Contents")] = writer._add_object(content)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_compressed_attachment(writer: PdfWriter, name: str, data: bytes) -> None:
    """An embedded file stored with /FlateDecode (pypdf stores attachments uncompressed)."""
    embedded = writer.add_attachment(name, b"")
    reference = embedded.pdf_object["/EF"].raw_get("/F")
    stream = reference.get_object()
    stream.set_data(data)
    writer._objects[reference.idnum - 1] = stream.flate_encode(level=9)


def pdf_bytes(text: str = "Curriculum vitae", pages: int = 1,
              attachments: dict[str, bytes] | None = None,
              compressed_attachments: dict[str, bytes] | None = None) -> bytes:
    """A small valid PDF with ``text`` on each page, and optional embedded files."""
    writer = _writer(text, pages)
    for name, data in (attachments or {}).items():
        writer.add_attachment(name, data)
    for name, data in (compressed_attachments or {}).items():
        _add_compressed_attachment(writer, name, data)
    return _bytes(writer)


def europass_xml_2020(*, first_name: str = "Anna", last_name: str = "Peeters",
                      nationality: str | list[str] = "BE", language: str = "en") -> bytes:
    """A Europass (2020+) Candidate document, as the Europass editor exports it."""
    nationalities = [nationality] if isinstance(nationality, str) else nationality
    codes = "".join(f"<NationalityCode>{escape(code.lower())}</NationalityCode>"
                    for code in nationalities)
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Candidate xmlns="http://www.europass.eu/1.0" xmlns:oa="http://www.openapplications.org/oagis/9"
  xmlns:eures="http://www.europass_eures.eu/1.0" xmlns:hr="http://www.hr-xml.org/3"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.europass.eu/1.0 Candidate.xsd">
 <hr:DocumentID schemeID="europass-cv" schemeName="DocumentIdentifier" schemeAgencyName="EUROPASS"
   schemeVersionID="4.0"/>
 <CandidateSupplier><hr:PartyID schemeID="europass-cv"/><hr:PartyName>Owner</hr:PartyName>
 </CandidateSupplier>
 <CandidatePerson>
  <PersonName><oa:GivenName>{escape(first_name)}</oa:GivenName>
   <hr:FamilyName>{escape(last_name)}</hr:FamilyName></PersonName>
  <Communication><ChannelCode>Email</ChannelCode><oa:URI>anna@example.eu</oa:URI></Communication>
  {codes}
  <hr:BirthDate>1985-04-12</hr:BirthDate>
  <PrimaryLanguageCode name="NORMAL">nld</PrimaryLanguageCode>
 </CandidatePerson>
 <CandidateProfile languageCode="{escape(language)}">
  <hr:ID schemeID="europass-cv">1</hr:ID>
  <hr:ExecutiveSummary>&lt;p&gt;Policy officer&lt;/p&gt;</hr:ExecutiveSummary>
  <EmploymentHistory>
   <EmployerHistory>
    <hr:OrganizationName>FPS Economy</hr:OrganizationName>
    <OrganizationContact><Communication><Address><CountryCode>be</CountryCode></Address>
    </Communication></OrganizationContact>
    <PositionHistory>
     <PositionTitle typeCode="FREETEXT">Policy officer</PositionTitle>
     <eures:EmploymentPeriod>
      <eures:StartDate><hr:FormattedDateTime>2019-03</hr:FormattedDateTime></eures:StartDate>
      <hr:CurrentIndicator>true</hr:CurrentIndicator>
     </eures:EmploymentPeriod>
    </PositionHistory>
   </EmployerHistory>
   <EmployerHistory>
    <hr:OrganizationName>Ghent University</hr:OrganizationName>
    <PositionHistory>
     <PositionTitle typeCode="FREETEXT">Researcher</PositionTitle>
     <eures:EmploymentPeriod>
      <eures:StartDate><hr:FormattedDateTime>2015-09-01</hr:FormattedDateTime></eures:StartDate>
      <eures:EndDate><hr:FormattedDateTime>2019-02</hr:FormattedDateTime></eures:EndDate>
      <hr:CurrentIndicator>false</hr:CurrentIndicator>
     </eures:EmploymentPeriod>
    </PositionHistory>
   </EmployerHistory>
   <EmployerHistory>
    <hr:OrganizationName>Backwards Ltd</hr:OrganizationName>
    <PositionHistory>
     <PositionTitle typeCode="FREETEXT">Time traveller</PositionTitle>
     <eures:EmploymentPeriod>
      <eures:StartDate><hr:FormattedDateTime>2014-05</hr:FormattedDateTime></eures:StartDate>
      <eures:EndDate><hr:FormattedDateTime>2012-01</hr:FormattedDateTime></eures:EndDate>
     </eures:EmploymentPeriod>
    </PositionHistory>
   </EmployerHistory>
  </EmploymentHistory>
  <EducationHistory>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>KU Leuven</hr:OrganizationName>
    <AttendancePeriod>
     <StartDate><hr:FormattedDateTime>2013-09</hr:FormattedDateTime></StartDate>
     <EndDate><hr:FormattedDateTime>2015-06</hr:FormattedDateTime></EndDate>
     <Ongoing>false</Ongoing>
    </AttendancePeriod>
    <EducationDegree><hr:DegreeName>Master of Science in Economics</hr:DegreeName>
    </EducationDegree>
   </EducationOrganizationAttendance>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>Ghent University</hr:OrganizationName>
    <AttendancePeriod><EndDate><hr:FormattedDateTime>2013</hr:FormattedDateTime></EndDate>
    </AttendancePeriod>
    <EducationDegree><hr:DegreeName>Diploma</hr:DegreeName>
     <FieldOfStudy typeCode="URI"><MainFieldOfStudy><ProgramConcentration>Economics
     </ProgramConcentration></MainFieldOfStudy></FieldOfStudy></EducationDegree>
    <EducationLevelCode>6</EducationLevelCode>
   </EducationOrganizationAttendance>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>Summer school</hr:OrganizationName>
    <EducationDegree><hr:DegreeName>Certificate of attendance</hr:DegreeName></EducationDegree>
   </EducationOrganizationAttendance>
  </EducationHistory>
  <PersonQualifications>
   <PersonCompetency>
    <CompetencyID schemeName="NORMAL">eng</CompetencyID><hr:TaxonomyID>language</hr:TaxonomyID>
    <eures:CompetencyDimension><hr:CompetencyDimensionTypeCode>CEF-Understanding-Listening
     </hr:CompetencyDimensionTypeCode><eures:Score><hr:ScoreText>C2</hr:ScoreText></eures:Score>
    </eures:CompetencyDimension>
    <eures:CompetencyDimension><hr:CompetencyDimensionTypeCode>CEF-Writing-Production
     </hr:CompetencyDimensionTypeCode><eures:Score><hr:ScoreText>C1</hr:ScoreText></eures:Score>
    </eures:CompetencyDimension>
   </PersonCompetency>
   <PersonCompetency>
    <CompetencyID schemeName="NORMAL">fra</CompetencyID><hr:TaxonomyID>language</hr:TaxonomyID>
    <eures:CompetencyDimension><hr:CompetencyDimensionTypeCode>CEF-Speaking-Interaction
     </hr:CompetencyDimensionTypeCode><eures:Score><hr:ScoreText>B2</hr:ScoreText></eures:Score>
    </eures:CompetencyDimension>
   </PersonCompetency>
   <PersonCompetency>
    <CompetencyID schemeName="NORMAL">jpn</CompetencyID><hr:TaxonomyID>language</hr:TaxonomyID>
    <eures:CompetencyDimension><eures:Score><hr:ScoreText>A2</hr:ScoreText></eures:Score>
    </eures:CompetencyDimension>
   </PersonCompetency>
   <PersonCompetency><hr:TaxonomyID>Digital_Skill</hr:TaxonomyID>
    <hr:CompetencyName>Python</hr:CompetencyName></PersonCompetency>
  </PersonQualifications>
 </CandidateProfile>
</Candidate>
""".encode()


def europass_xml_v3(*, first_name: str = "Jan", last_name: str = "Novak",
                    nationality: str | list[str] = "CZ", language: str = "en") -> bytes:
    """An older (schema v3.x) Europass document with LearnerInfo."""
    nationalities = [nationality] if isinstance(nationality, str) else nationality
    codes = "".join(f"<Nationality><Code>{escape(code)}</Code></Nationality>"
                    for code in nationalities)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Europass xmlns="http://europass.cedefop.europa.eu/Europass"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" locale="{escape(language)}"
  xsi:schemaLocation="http://europass.cedefop.europa.eu/Europass EuropassSchema_V3.3.xsd">
 <DocumentInfo><DocumentType>ECV</DocumentType><XSDVersion>V3.3</XSDVersion></DocumentInfo>
 <LearnerInfo>
  <Identification>
   <PersonName><FirstName>{escape(first_name)}</FirstName>
    <Surname>{escape(last_name)}</Surname></PersonName>
   <Demographics><Birthdate year="1980" month="--02" day="---15"/>{codes}</Demographics>
  </Identification>
  <WorkExperienceList>
   <WorkExperience>
    <Period><From year="2012" month="--03"/><Current>true</Current></Period>
    <Position><Label>Lawyer</Label></Position>
    <Employer><Name>Ministry of Justice</Name>
     <ContactInfo><Address><Contact><Country><Code>CZ</Code></Country></Contact></Address>
     </ContactInfo></Employer>
   </WorkExperience>
   <WorkExperience>
    <Period><From><Year>2008</Year><Month>--09</Month></From>
     <To><Year>2012</Year><Month>--02</Month></To></Period>
    <Position><Label>Trainee</Label></Position>
    <Employer><Name>Law firm</Name></Employer>
   </WorkExperience>
  </WorkExperienceList>
  <EducationList>
   <Education>
    <Period><From year="2003"/><To year="2008" month="--06"/></Period>
    <Title>Magister (Mgr.) in Law</Title>
    <Organisation><Name>Charles University</Name></Organisation>
    <Field><Code>0421</Code><Label>Law</Label></Field>
   </Education>
   <Education>
    <Period><To year="2016"/></Period>
    <Title>Doctoral studies</Title>
    <Organisation><Name>Masaryk University</Name></Organisation>
    <Level><Code>8</Code></Level>
   </Education>
  </EducationList>
  <Skills>
   <Linguistic>
    <MotherTongue><Description><Code>cs</Code><Label>Czech</Label></Description></MotherTongue>
    <ForeignLanguage>
     <Description><Code>en</Code><Label>English</Label></Description>
     <ProficiencyLevel><Listening>C2</Listening><Reading>C1</Reading>
      <SpokenInteraction>B2</SpokenInteraction><SpokenProduction>C1</SpokenProduction>
      <Writing>C1</Writing></ProficiencyLevel>
    </ForeignLanguage>
    <ForeignLanguage>
     <Description><Code>de</Code><Label>German</Label></Description>
     <ProficiencyLevel><Listening>B1</Listening><Reading>B2</Reading></ProficiencyLevel>
    </ForeignLanguage>
   </Linguistic>
  </Skills>
 </LearnerInfo>
</Europass>
""".encode()


def europass_pdf(*, nationality: str | list[str] = "BE", language: str = "en",
                 xml_format: Literal["2020", "v3"] = "2020",
                 attachment_name: str = EUROPASS_ATTACHMENT, first_name: str = "Anna",
                 last_name: str = "Peeters", extra_attachments: dict[str, bytes] | None = None
                 ) -> bytes:
    """A PDF CV carrying its Europass XML as an embedded file, like the Europass editor's."""
    build = europass_xml_2020 if xml_format == "2020" else europass_xml_v3
    xml = build(first_name=first_name, last_name=last_name, nationality=nationality,
                language=language)
    attachments = dict(extra_attachments or {})
    attachments[attachment_name] = xml
    return pdf_bytes(f"Europass CV of {first_name} {last_name}", attachments=attachments)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""


def docx_bytes(text: str = "Motivation letter") -> bytes:
    """A minimal real DOCX (opens in Word / LibreOffice)."""
    body = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def many_entries_docx(count: int) -> bytes:
    """A DOCX padded with ``count`` tiny extra parts."""
    entries = {f"word/media/part{n}.xml": b"<x/>" for n in range(count)}
    entries["[Content_Types].xml"] = _CONTENT_TYPES.encode()
    entries["word/document.xml"] = b"<w:document/>"
    return zip_bytes(entries)


@functools.lru_cache(maxsize=4)
def zip_bomb_bytes(megabytes: int = 200) -> bytes:
    """A DOCX-looking zip whose one entry inflates to ``megabytes`` MB of zeros (~200 KB here).

    Built in 1 MB steps with zipfile's streaming writer: the test never holds the expansion.
    """
    out = io.BytesIO()
    zeros = bytes(1_048_576)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w:document/>")
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(zeros)
    return out.getvalue()


def upload_file(data: bytes, filename: str | None = "cv.pdf",
                content_type: str = "application/pdf") -> UploadFile:
    """What starlette hands a route for a multipart file part: a spooled temporary file."""
    spool = SpooledTemporaryFile(max_size=1_048_576)  # noqa: SIM115 - the UploadFile owns it
    spool.write(data)
    spool.seek(0)
    return UploadFile(file=spool, size=len(data), filename=filename,
                      headers=Headers({"content-type": content_type}))
