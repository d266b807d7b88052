"""Factories of REAL files for upload tests: PDFs (with or without an embedded Europass XML),
DOCX, zip bombs, EICAR, and a starlette ``UploadFile`` over a spooled temporary file."""

from __future__ import annotations

import dataclasses
import functools
import io
import struct
import zipfile
import zlib
from tempfile import SpooledTemporaryFile
from typing import Any, Literal
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


# --- Hostile archives and PDFs (hand-built zips whose headers may lie) -------------------------

def _deflate_zeros(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate of ``megabytes`` MiB of zeros, built 1 MiB at a time; (data, crc32)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1_048_576)
    parts, crc = [], 0
    for _ in range(megabytes):
        parts.append(compressor.compress(zeros))
        crc = zlib.crc32(zeros, crc)
    parts.append(compressor.flush())
    return b"".join(parts), crc


@dataclasses.dataclass(frozen=True)
class RawEntry:
    """One zip entry as written: compressed bytes plus what its headers declare."""

    name: str
    data: bytes  # already compressed (method 8) or stored as is (method 0)
    crc: int
    declared_size: int  # the uncompressed size both headers claim
    method: int = 8


def raw_entry(name: str, content: bytes, *, declared_size: int | None = None) -> RawEntry:
    """An honest deflated entry (unless ``declared_size`` says otherwise)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return RawEntry(name, data, zlib.crc32(content),
                    len(content) if declared_size is None else declared_size)


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip written by hand, so that local and central headers say what we choose."""
    out = io.BytesIO()
    central = io.BytesIO()
    for entry in entries:
        offset = out.tell()
        name = entry.name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, entry.method, 0, 0x21,
                              entry.crc, len(entry.data), entry.declared_size, len(name), 0))
        out.write(name + entry.data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800,
                                  entry.method, 0, 0x21, entry.crc, len(entry.data),
                                  entry.declared_size, len(name), 0, 0, 0, 0, 0, offset))
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          len(directory), start, 0))
    return out.getvalue()


def _docx_entries(text: str = "Motivation letter") -> list[RawEntry]:
    body = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f'{escape(text)}</w:t></w:r></w:p></w:body></w:document>').encode()
    return [raw_entry("[Content_Types].xml", _CONTENT_TYPES.encode()),
            raw_entry("_rels/.rels", _RELS.encode()),
            raw_entry("word/document.xml", body)]


@functools.lru_cache(maxsize=4)
def lying_zip_bomb_docx(megabytes: int = 120, declared: int = 4096) -> bytes:
    """A DOCX whose media entry declares ``declared`` bytes (local AND central headers) but
    inflates to ``megabytes`` MiB of zeros: about 120 KiB on the wire for 120 MiB."""
    data, crc = _deflate_zeros(megabytes)
    return raw_zip([*_docx_entries(), RawEntry("word/media/image1.png", data, crc, declared)])


def docx_with(*, extra: dict[str, bytes] | None = None, content_types: str | None = None,
              without: tuple[str, ...] = (), raw: list[RawEntry] | None = None) -> bytes:
    """A real DOCX with added parts, a different ``[Content_Types].xml``, or parts removed."""
    entries = [e for e in _docx_entries() if e.name not in without]
    if content_types is not None:
        entries = [raw_entry("[Content_Types].xml", content_types.encode())
                   if e.name == "[Content_Types].xml" else e for e in entries]
    entries += [raw_entry(name, data) for name, data in (extra or {}).items()]
    return raw_zip(entries + (raw or []))


MACRO_CONTENT_TYPES = _CONTENT_TYPES.replace(
    "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")


def nested_bomb_docx(megabytes: int = 60) -> bytes:
    """A DOCX embedding a zip (like an embedded workbook) whose own entry lies about its size:
    each level alone is under the caps, the inner archive inflated is not."""
    data, crc = _deflate_zeros(megabytes)
    inner = raw_zip([RawEntry("xl/media/big.bin", data, crc, 4096)])
    return docx_with(extra={"word/embeddings/Workbook1.xlsx": inner})


def overlapping_entries_docx(copies: int = 40) -> bytes:
    """A DOCX whose central directory points ``copies`` entries at the same 1 MiB-inflating
    data (a non-recursive bomb): every entry is honest about its size, the sum is not small."""
    data, crc = _deflate_zeros(1)
    body = raw_zip([*_docx_entries(), RawEntry("word/media/a.bin", data, crc, 1_048_576)])
    # Rewrite the central directory with ``copies`` records of the last entry.
    eocd = body.rfind(b"PK\x05\x06")
    count, size, start = struct.unpack("<HII", body[eocd + 10:eocd + 20])
    directory = body[start:start + size]
    last = directory.rfind(b"PK\x01\x02")
    record = directory[last:]
    copies_made = b"".join(record.replace(b"a.bin", f"{n:05d}"[:5].encode()) for n in
                           range(copies))
    directory = directory[:last] + copies_made
    total = count - 1 + copies
    return (body[:start] + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, total, total,
                                                   len(directory), start, 0))


def fake_pdf() -> bytes:
    """Starts like a PDF, is not one."""
    return b"%PDF-1.7\n" + b"this is a renamed text file, not a document\n" * 200


def encrypted_pdf(password: str = "secret") -> bytes:
    """A real PDF protected by a password (AES-256)."""
    writer = _writer("Curriculum vitae", 1)
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    return _bytes(writer)


class _Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.written = io.BytesIO()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self.written.write(data)


def streamed_docx() -> bytes:
    """A DOCX as streaming writers make it: data descriptors (sizes zero in the local headers),
    a zip64 extra field, and a stored (uncompressed) image."""
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(b'<w:document xmlns:w="urn:w"><w:body/></w:document>')
        archive.writestr(zipfile.ZipInfo("word/media/image1.png"), b"\x89PNG" + bytes(5000),
                         compress_type=zipfile.ZIP_STORED)
    return sink.written.getvalue()
