"""Europass XML shaped like the CVs in the wild, and PDFs carrying them.

- ``eures_candidate_xml``: the structure of the Commission's EURES-conformant sample
  (``CandidateSample1``): a document id with scheme attributes, processing information, a
  supplier with its own contact person, two language versions of the profile, EQF and ISCED
  level codes with their ``listName``/``listURI``/``listVersionID``, partial dates.
- ``editor_export_xml``: the shape of a Europass editor export: comments, tabs, values split
  over lines, ESCO-typed titles, date-times, a mother tongue outside the EU's 24.
- ``learner_info_xml``: the older root (schema v3.x ``LearnerInfo``), to the same depth.

Written here element by element after the published element reference; no file is copied.
"""

from __future__ import annotations

from tests.files import EUROPASS_ATTACHMENT, pdf_bytes

NAMESPACES = (
    'xmlns="http://www.europass.eu/1.0" xmlns:oa="http://www.openapplications.org/oagis/9" '
    'xmlns:eures="http://www.europass_eures.eu/1.0" xmlns:hr="http://www.hr-xml.org/3" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.europass.eu/1.0 Candidate.xsd"')
EQF_LIST = ('listName="EURES_EQF" listVersionID="2008/C11/01" '
            'listURI="http://ec.europa.eu/esco/ConceptScheme/EQF2012/ConceptScheme"')
ISCED_LIST = ('listName="EURES_ISCEDIEducationLevel" listVersionID="2011" '
              'listURI="https://ec.europa.eu/eures"')


def _period(start: str | None, end: str | None = None, *, current: bool | None = None,
            prefix: str = "eures:") -> str:
    parts = []
    if start:
        parts.append(f"<{prefix}StartDate><hr:FormattedDateTime>{start}</hr:FormattedDateTime>"
                     f"</{prefix}StartDate>")
    if end:
        parts.append(f"<{prefix}EndDate><hr:FormattedDateTime>{end}</hr:FormattedDateTime>"
                     f"</{prefix}EndDate>")
    if current is not None:
        parts.append(f"<hr:CurrentIndicator>{str(current).lower()}</hr:CurrentIndicator>")
    return f"<eures:EmploymentPeriod>{''.join(parts)}</eures:EmploymentPeriod>"


def _language(code: str, *scores: str, overall: str | None = None) -> str:
    dimensions = "".join(
        f"<eures:CompetencyDimension><hr:CompetencyDimensionTypeCode>{kind}"
        f"</hr:CompetencyDimensionTypeCode><eures:Score><hr:ScoreText>{score}</hr:ScoreText>"
        f"</eures:Score></eures:CompetencyDimension>"
        for kind, score in zip(("CEF-Understanding-Listening", "CEF-Understanding-Reading",
                                "CEF-Speaking-Interaction", "CEF-Speaking-Production",
                                "CEF-Writing-Production"), scores, strict=False))
    level = (f"<ProficiencyLevel><hr:ScoreText>{overall}</hr:ScoreText></ProficiencyLevel>"
             if overall else "")
    return (f'<PersonCompetency><CompetencyID schemeName="NORMAL">{code}</CompetencyID>'
            f"<hr:TaxonomyID>language</hr:TaxonomyID>{level}{dimensions}</PersonCompetency>")


def _profile_2020(language: str, *, position: str) -> str:
    """One language version of the profile (the same facts, titles in that language)."""
    return f"""
 <CandidateProfile languageCode="{language}">
  <hr:ID schemeID="CandidateProfileID" schemeAgencyName="EURES" schemeVersionID="1.0">1</hr:ID>
  <CandidatePositionPreferences><PreferredLocation><ReferenceLocation>
   <CountryCode>ch</CountryCode></ReferenceLocation></PreferredLocation>
  </CandidatePositionPreferences>
  <EmploymentHistory>
   <EmployerHistory>
    <hr:OrganizationName>Instituto Nacional de Estatística</hr:OrganizationName>
    <OrganizationContact><Communication><Address type="business">
     <oa:CityName>Lisboa</oa:CityName><CountryCode>pt</CountryCode></Address></Communication>
    </OrganizationContact>
    <hr:IndustryCode listName="NACE">O84</hr:IndustryCode>
    <PositionHistory>
     <PositionTitle typeCode="FREETEXT">{position}</PositionTitle>
     {_period("2018-02", current=True)}
     <City>Lisboa</City>
    </PositionHistory>
    <PositionHistory>
     <PositionTitle typeCode="FREETEXT">Statistician</PositionTitle>
     {_period("2014", "2018-01", current=False)}
    </PositionHistory>
   </EmployerHistory>
   <EmployerHistory>
    <hr:OrganizationName>Banco de Portugal</hr:OrganizationName>
    {_period("2012-09", "2013-06", current=False)}
    <PositionHistory><PositionTitle typeCode="FREETEXT">Trainee</PositionTitle>
     <Country>PT</Country></PositionHistory>
   </EmployerHistory>
   <EmployerHistory>
    <hr:OrganizationName>Summer café</hr:OrganizationName>
    <PositionHistory><PositionTitle typeCode="FREETEXT">Waiter</PositionTitle>
     {_period("2011-07")}</PositionHistory>
   </EmployerHistory>
  </EmploymentHistory>
  <EducationHistory>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>Instituto Politécnico de Lisboa</hr:OrganizationName>
    <hr:ProgramName>Higher Technical Professional Course in Data Analysis</hr:ProgramName>
    <EducationLevelCode {EQF_LIST}>EQF-5</EducationLevelCode>
    <AttendancePeriod>
     <StartDate><hr:FormattedDateTime>2008-09</hr:FormattedDateTime></StartDate>
     <EndDate><hr:FormattedDateTime>2010-06</hr:FormattedDateTime></EndDate>
    </AttendancePeriod>
   </EducationOrganizationAttendance>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>Universidade NOVA de Lisboa</hr:OrganizationName>
    <hr:ProgramName>Mestrado em Estatística</hr:ProgramName>
    <EducationLevelCode {ISCED_LIST}>7</EducationLevelCode>
    <AttendancePeriod><EndDate><hr:FormattedDateTime>2014</hr:FormattedDateTime></EndDate>
     <Ongoing>false</Ongoing></AttendancePeriod>
    <EducationDegree><hr:DegreeName>MSc Statistics</hr:DegreeName>
     <FieldOfStudy typeCode="URI"><MainFieldOfStudy><ProgramConcentration>0542
     </ProgramConcentration></MainFieldOfStudy></FieldOfStudy></EducationDegree>
   </EducationOrganizationAttendance>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>Escola de Artes</hr:OrganizationName>
    <hr:ProgramName>Curso livre de fotografia</hr:ProgramName>
    <EducationLevelCode listName="LOCAL">XYZ</EducationLevelCode>
    <AttendancePeriod><EndDate><hr:FormattedDateTime>2016-05-14</hr:FormattedDateTime>
     </EndDate></AttendancePeriod>
   </EducationOrganizationAttendance>
   <EducationOrganizationAttendance>
    <hr:OrganizationName>Universidade de Lisboa</hr:OrganizationName>
    <hr:ProgramName>PhD in Official Statistics</hr:ProgramName>
    <EducationLevelCode {EQF_LIST}>8</EducationLevelCode>
    <AttendancePeriod><StartDate><hr:FormattedDateTime>2021-10</hr:FormattedDateTime>
     </StartDate><Ongoing>true</Ongoing></AttendancePeriod>
   </EducationOrganizationAttendance>
  </EducationHistory>
  <Licenses><License><hr:LicenseTypeCode>Visa</hr:LicenseTypeCode>
   <hr:LicenseName>Work visa</hr:LicenseName><CountryCode>us</CountryCode></License></Licenses>
  <PersonQualifications>
   {_language("ENG", "C1", "C2", "B2", "C1", "C1")}
   {_language("fr", "B2", "B2", "B1", "B2", "B2")}
   {_language("deu", overall="A2")}
   {_language("spa")}
   <PersonCompetency><CompetencyID>R</CompetencyID><hr:TaxonomyID>other</hr:TaxonomyID>
   </PersonCompetency>
  </PersonQualifications>
 </CandidateProfile>"""


def eures_candidate_xml(*, profile_languages: tuple[str, ...] = ("pt", "en")) -> bytes:
    """A CV shaped like the Commission's EURES-conformant sample."""
    profiles = "".join(
        _profile_2020(language, position="Técnico superior" if language == "pt"
                      else f"Senior statistician ({language})")
        for language in profile_languages)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Candidate {NAMESPACES}>
 <hr:DocumentID schemeID="2b1f0a3e-6c0d-4d0e-9a51-7e1f3a9c2d40" schemeName="DocumentIdentifier"
   schemeAgencyName="EURES" schemeVersionID="4.0"/>
 <eures:ProcessingInformation><eures:Visibility>true</eures:Visibility>
 </eures:ProcessingInformation>
 <CandidateSupplier>
  <hr:PartyID schemeID="SUP-34833" schemeName="PartnerID" schemeAgencyName="EURES"/>
  <hr:PartyName>Public Employment Service</hr:PartyName>
  <PersonContact>
   <PersonName><oa:GivenName>Paula</oa:GivenName><hr:FamilyName>Adviser</hr:FamilyName>
   </PersonName>
   <Communication><ChannelCode>Email</ChannelCode><oa:URI>adviser@pes.example.eu</oa:URI>
   </Communication>
   <Communication><ChannelCode>Telephone</ChannelCode><CountryDialing>351</CountryDialing>
    <oa:DialNumber>210000000</oa:DialNumber></Communication>
  </PersonContact>
  <hr:PrecedenceCode>1</hr:PrecedenceCode>
 </CandidateSupplier>
 <hr:PositionSeekingStatusCode>Active</hr:PositionSeekingStatusCode>
 <CandidatePerson>
  <PersonLegalID schemeID="Visa" schemeAgencyName="US">H1B-0000</PersonLegalID>
  <PersonName><oa:GivenName>Maria João</oa:GivenName>
   <hr:FamilyName>Costa Silva</hr:FamilyName></PersonName>
  <Communication><UseCode>home</UseCode><Address type="home">
   <oa:AddressLine>Rua Augusta 1</oa:AddressLine><oa:CityName>Lisboa</oa:CityName>
   <CountryCode>pt</CountryCode></Address></Communication>
  <ResidencyCountryCode>LU</ResidencyCountryCode>
  <NationalityCode>pt</NationalityCode>
  <NationalityCode>BR</NationalityCode>
  <hr:BirthDate>1984-07</hr:BirthDate>
  <hr:GenderCode>Female</hr:GenderCode>
  <PrimaryLanguageCode name="Portuguese" listName="ECV06">por</PrimaryLanguageCode>
 </CandidatePerson>{profiles}
</Candidate>
""".encode()


def editor_export_xml() -> bytes:
    """A CV shaped like a Europass editor export (tabs, comments, wrapped values)."""
    return b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- Europass CV, exported by the Europass editor -->
<Candidate xmlns="http://www.europass.eu/1.0" xmlns:oa="http://www.openapplications.org/oagis/9"
\txmlns:eures="http://www.europass_eures.eu/1.0" xmlns:hr="http://www.hr-xml.org/3">
\t<hr:DocumentID schemeID="Test-0001" schemeName="DocumentIdentifier" schemeAgencyName="EURES"
\t\tschemeVersionID="4.0"/>
\t<CandidateSupplier>
\t\t<hr:PartyID schemeID="Test-0001" schemeName="PartnerID" schemeAgencyName="EURES"/>
\t\t<hr:PartyName>Owner</hr:PartyName>
\t\t<PersonContact><PersonName><oa:GivenName>Omar</oa:GivenName>
\t\t\t<hr:FamilyName>Haddad</hr:FamilyName></PersonName>
\t\t\t<Communication><ChannelCode>Email</ChannelCode><oa:URI>omar@example.org</oa:URI>
\t\t\t</Communication></PersonContact>
\t\t<hr:PrecedenceCode>1</hr:PrecedenceCode>
\t</CandidateSupplier>
\t<CandidatePerson>
\t\t<PersonName>
\t\t\t<oa:GivenName>
\t\t\t\tOmar
\t\t\t</oa:GivenName>
\t\t\t<hr:FamilyName>Haddad</hr:FamilyName>
\t\t</PersonName>
\t\t<Communication>
\t\t\t<ChannelCode>MobileTelephone</ChannelCode>
\t\t\t<UseCode>personal</UseCode>
\t\t\t<CountryDialing>+49</CountryDialing>
\t\t\t<oa:DialNumber>15100000000</oa:DialNumber>
\t\t</Communication>
\t\t<Communication>
\t\t\t<ChannelCode>Email</ChannelCode>
\t\t\t<oa:URI>omar.haddad@example.org</oa:URI>
\t\t</Communication>
\t\t<NationalityCode>SY</NationalityCode>
\t\t<NationalityCode>de</NationalityCode>
\t\t<hr:BirthDate>1990-02-28</hr:BirthDate>
\t\t<PrimaryLanguageCode name="NORMAL">ara</PrimaryLanguageCode>
\t</CandidatePerson>
\t<CandidateProfile languageCode="de">
\t\t<hr:ID schemeID="Test-0001" schemeName="CandidateProfileID" schemeAgencyName="EURES"
\t\t\tschemeVersionID="1.0"/>
\t\t<!-- Work experience -->
\t\t<EmploymentHistory>
\t\t\t<EmployerHistory>
\t\t\t\t<hr:OrganizationName>Webagentur
\t\t\t\t\tBerlin GmbH</hr:OrganizationName>
\t\t\t\t<PositionHistory>
\t\t\t\t\t<PositionTitle typeCode="URI" languageID="de">Senior
\t\t\t\t\t\tFullstack Web Developer</PositionTitle>
\t\t\t\t\t<eures:EmploymentPeriod>
\t\t\t\t\t\t<eures:StartDate>
\t\t\t\t\t\t\t<hr:FormattedDateTime>2019-04-01T00:00:00</hr:FormattedDateTime>
\t\t\t\t\t\t</eures:StartDate>
\t\t\t\t\t\t<eures:EndDate>
\t\t\t\t\t\t\t<hr:FormattedDateTime>2024-03-31T00:00:00</hr:FormattedDateTime>
\t\t\t\t\t\t</eures:EndDate>
\t\t\t\t\t\t<hr:CurrentIndicator>false</hr:CurrentIndicator>
\t\t\t\t\t</eures:EmploymentPeriod>
\t\t\t\t\t<oa:Description>&lt;p&gt;Built &lt;b&gt;things&lt;/b&gt;&lt;/p&gt;</oa:Description>
\t\t\t\t\t<City>Berlin</City>
\t\t\t\t\t<Country>de</Country>
\t\t\t\t</PositionHistory>
\t\t\t</EmployerHistory>
\t\t\t<EmployerHistory>
\t\t\t\t<hr:OrganizationName>Freelance</hr:OrganizationName>
\t\t\t\t<PositionHistory>
\t\t\t\t\t<PositionTitle typeCode="URI">http://data.europa.eu/esco/occupation/f2b15a0e</PositionTitle>
\t\t\t\t\t<eures:EmploymentPeriod>
\t\t\t\t\t\t<eures:StartDate><hr:FormattedDateTime>2024-04</hr:FormattedDateTime></eures:StartDate>
\t\t\t\t\t\t<hr:CurrentIndicator>true</hr:CurrentIndicator>
\t\t\t\t\t</eures:EmploymentPeriod>
\t\t\t\t\t<Country>XX</Country>
\t\t\t\t</PositionHistory>
\t\t\t</EmployerHistory>
\t\t</EmploymentHistory>
\t\t<EducationHistory>
\t\t\t<EducationOrganizationAttendance>
\t\t\t\t<hr:OrganizationName>Damascus University</hr:OrganizationName>
\t\t\t\t<EducationLevelCode>6</EducationLevelCode>
\t\t\t\t<AttendancePeriod>
\t\t\t\t\t<StartDate><hr:FormattedDateTime>2008-09-01</hr:FormattedDateTime></StartDate>
\t\t\t\t\t<EndDate><hr:FormattedDateTime>2012-07-15T00:00:00</hr:FormattedDateTime></EndDate>
\t\t\t\t</AttendancePeriod>
\t\t\t\t<EducationDegree>
\t\t\t\t\t<hr:DegreeName>Bachelor of
\t\t\t\t\t\tInformatics Engineering</hr:DegreeName>
\t\t\t\t</EducationDegree>
\t\t\t</EducationOrganizationAttendance>
\t\t\t<EducationOrganizationAttendance>
\t\t\t\t<hr:OrganizationName>Goethe-Institut</hr:OrganizationName>
\t\t\t\t<hr:ProgramName>Deutschkurs</hr:ProgramName>
\t\t\t\t<EducationLevelCode listName="EURES_EQF">eqf-2</EducationLevelCode>
\t\t\t\t<AttendancePeriod><EndDate><hr:FormattedDateTime>2016</hr:FormattedDateTime>
\t\t\t\t</EndDate></AttendancePeriod>
\t\t\t</EducationOrganizationAttendance>
\t\t</EducationHistory>
\t\t<PersonQualifications>
\t\t\t<PersonCompetency>
\t\t\t\t<CompetencyID>deu</CompetencyID>
\t\t\t\t<hr:TaxonomyID>language</hr:TaxonomyID>
\t\t\t\t<eures:CompetencyDimension>
\t\t\t\t\t<hr:CompetencyDimensionTypeCode>CEF-Understanding-Listening</hr:CompetencyDimensionTypeCode>
\t\t\t\t\t<eures:Score><hr:ScoreText>c1</hr:ScoreText></eures:Score>
\t\t\t\t</eures:CompetencyDimension>
\t\t\t</PersonCompetency>
\t\t\t<PersonCompetency>
\t\t\t\t<CompetencyID>xqz</CompetencyID>
\t\t\t\t<hr:TaxonomyID>language</hr:TaxonomyID>
\t\t\t\t<ProficiencyLevel><hr:ScoreText>B1</hr:ScoreText></ProficiencyLevel>
\t\t\t</PersonCompetency>
\t\t</PersonQualifications>
\t</CandidateProfile>
</Candidate>
"""


def learner_info_xml() -> bytes:
    """The older root, ``Europass`` with ``LearnerInfo`` (schema v3.x), to the same depth."""
    return """<?xml version="1.0" encoding="UTF-8"?>
<Europass xmlns="http://europass.cedefop.europa.eu/Europass"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" locale="fr"
  xsi:schemaLocation="http://europass.cedefop.europa.eu/Europass EuropassSchema_V3.4.xsd">
 <DocumentInfo><DocumentType>ECV</DocumentType><Bundle/><XSDVersion>V3.4</XSDVersion>
  <Generator>EWA</Generator></DocumentInfo>
 <LearnerInfo>
  <Identification>
   <PersonName><Title><Code>mr</Code></Title><FirstName>Karim</FirstName>
    <Surname>Benali
      Dupont</Surname></PersonName>
   <ContactInfo>
    <Address><Contact><AddressLine>1 rue de la Loi</AddressLine><Municipality>Bruxelles
     </Municipality><Country><Code>BE</Code></Country></Contact></Address>
    <Email><Contact>karim@example.be</Contact></Email>
    <Telephone><Contact>+32 2 000 00 00</Contact><Use><Code>work</Code></Use></Telephone>
   </ContactInfo>
   <Demographics><Birthdate year="1979" month="--11"/><Gender><Code>M</Code></Gender>
    <Nationality><Code>FR</Code><Label>French</Label></Nationality>
    <Nationality><Code>ma</Code><Label>Moroccan</Label></Nationality>
   </Demographics>
  </Identification>
  <Headline><Type><Code>position</Code></Type><Description><Label>Jurist</Label></Description>
  </Headline>
  <WorkExperienceList>
   <WorkExperience>
    <Period><From year="2010" month="--01"/><Current>true</Current></Period>
    <Position><Code>2611</Code><Label>Juriste
      principal</Label></Position>
    <Activities>&lt;p&gt;Droit européen&lt;/p&gt;</Activities>
    <Employer><Name>SPF Justice</Name><ContactInfo><Address><Contact>
     <Country><Code>BE</Code></Country></Contact></Address></ContactInfo></Employer>
   </WorkExperience>
   <WorkExperience>
    <Period><From year="2005"/><To year="2009" month="--12" day="---31"/></Period>
    <Position><Label>Avocat</Label></Position>
    <Employer><Name>Cabinet Martin</Name></Employer>
   </WorkExperience>
   <WorkExperience>
    <Period><From year="2004" month="--13"/><To year="2005"/></Period>
    <Employer><Name>Stage</Name></Employer>
   </WorkExperience>
  </WorkExperienceList>
  <EducationList>
   <Education>
    <Period><From year="1998"/><To year="2003" month="--06"/></Period>
    <Title>Master en droit</Title>
    <Organisation><Name>Université Paris 1</Name></Organisation>
    <Level><Code>7</Code></Level>
    <Field><Code>0421</Code><Label>Droit</Label></Field>
   </Education>
   <Education>
    <Period><From year="2022" month="--09"/><Current>true</Current></Period>
    <Title>Certificat en médiation</Title>
    <Organisation><Name>UCLouvain</Name></Organisation>
   </Education>
  </EducationList>
  <Skills>
   <Linguistic>
    <MotherTongue><Description><Code>fr</Code><Label>français</Label></Description>
    </MotherTongue>
    <MotherTongue><Description><Code>ar</Code><Label>arabe</Label></Description>
    </MotherTongue>
    <ForeignLanguage>
     <Description><Code>nl</Code><Label>néerlandais</Label></Description>
     <ProficiencyLevel><Listening>B2</Listening><Reading>C1</Reading>
      <SpokenInteraction>B2</SpokenInteraction><SpokenProduction>B2</SpokenProduction>
      <Writing>B2</Writing></ProficiencyLevel>
    </ForeignLanguage>
    <ForeignLanguage><Description><Code>en</Code></Description></ForeignLanguage>
   </Linguistic>
  </Skills>
 </LearnerInfo>
</Europass>
""".encode()


def europass_pdf_of(xml: bytes, *, name: str = EUROPASS_ATTACHMENT,
                    text: str = "Europass CV") -> bytes:
    """A PDF carrying ``xml`` as an embedded file, the way the Europass editor ships it."""
    return pdf_bytes(text, attachments={name: xml})
