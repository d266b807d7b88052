"""Reference data: EU languages, CEFR levels, countries, employer types.

Countries are ISO 3166 alpha-2 codes known to ``pycountry``; the EU's own conventions come on
top: its texts write ``EL`` for Greece and ``UK`` for the United Kingdom (normalised to ``GR``
and ``GB`` as nationalities), and ``EL`` stays the code of Greek as a language. Which states are
EU Member States and which languages are the EU's 24 official ones is EU law, not ISO data:
those two lists are kept here, each code checked against ``pycountry`` at import.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# "The official languages of the European Union are: BG (Bulgarian), CS (Czech), ... SV
# (Swedish)." (DIGIT and CERT-EU notices, footnote): the EU's codes, ISO 639-1 except EL.
EU_LANGUAGES = frozenset(
    "BG CS DA DE EL EN ES ET FI FR GA HR HU IT LT LV MT NL PL PT RO SK SL SV".split()
)
EU_MEMBER_STATES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
EFTA_COUNTRIES = frozenset({"IS", "LI", "NO", "CH"})
# The EU's country codes that differ from ISO 3166 (Interinstitutional Style Guide).
EU_COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}

assert all(pycountry.countries.get(alpha_2=c) for c in EU_MEMBER_STATES | EFTA_COUNTRIES)
assert all(pycountry.languages.get(alpha_2=c.lower()) for c in EU_LANGUAGES)


class Cefr(StrEnum):
    """CEFR levels, comparable: ``Cefr.C1 >= Cefr.B2``."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return list(Cefr).index(self)

    def at_least(self, other: Cefr) -> bool:
        return self.rank >= other.rank


class EmployerType(StrEnum):
    national_administration = "national_administration"
    regional_administration = "regional_administration"
    local_administration = "local_administration"
    igo = "igo"
    public_sector_body = "public_sector_body"
    university = "university"
    research_institute = "research_institute"
    eu_institution = "eu_institution"
    private_sector = "private_sector"
    other = "other"


class DegreeLevel(StrEnum):
    """Completed education, in increasing order."""

    secondary = "secondary"
    post_secondary = "post_secondary"
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"

    @property
    def rank(self) -> int:
        return list(DegreeLevel).index(self)


class Declaration(StrEnum):
    """What a candidate declares on honour."""

    military_service = "military_service"
    character_references = "character_references"
    physical_fitness = "physical_fitness"
    full_rights_as_citizen = "full_rights_as_citizen"


class FunctionGroup(StrEnum):
    FGI = "FGI"
    FGII = "FGII"
    FGIII = "FGIII"
    FGIV = "FGIV"


@lru_cache(maxsize=1024)
def iso_language(code: str) -> str | None:
    """Any ISO 639 language code (639-1, 639-2/T or /B, 639-3; any case) in the EU's style:
    the upper-case 639-1 code where one exists (``ell``/``gre``/``el`` → ``EL``), else the
    upper-case 639-3 code (``yue`` → ``YUE``); None for an unknown code or a special one
    (``und``, ``mul``, ``zxx``, ``mis``: they name no language)."""
    value = code.strip().lower()
    if not (2 <= len(value) <= 3 and value.isascii() and value.isalpha()):
        return None
    field = "alpha_2" if len(value) == 2 else "alpha_3"
    found = pycountry.languages.get(**{field: value})
    if found is None and len(value) == 3:
        found = pycountry.languages.get(bibliographic=value)
    if found is None or getattr(found, "scope", "") == "S":
        return None
    alpha_2 = getattr(found, "alpha_2", None)
    return str(alpha_2 or found.alpha_3).upper()


def _any_language(code: str) -> str:
    found = iso_language(code)
    if found is None:
        raise ValueError(f"{code!r} is not an ISO 639 language code")
    return found


def _language(code: str) -> str:
    upper = code.upper()
    if upper not in EU_LANGUAGES:
        raise ValueError(f"{code!r} is not one of the 24 official EU languages")
    return upper


def country_code(code: str) -> str | None:
    """The ISO 3166 alpha-2 code of ``code`` (EU conventions: ``EL`` → ``GR``), or None."""
    upper = code.strip().upper()
    upper = EU_COUNTRY_ALIASES.get(upper, upper)
    if len(upper) != 2 or not upper.isascii() or pycountry.countries.get(alpha_2=upper) is None:
        return None
    return upper


def _country(code: str) -> str:
    found = country_code(code)
    if found is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 country code")
    return found


EuLanguage = Annotated[str, AfterValidator(_language)]
# Any language a person may speak (a candidate's languages are theirs); the eligibility rules
# count only the EU's 24 among them.
LanguageCode = Annotated[str, AfterValidator(_any_language)]
CountryCode = Annotated[str, AfterValidator(_country)]


# --- Reference data served to clients (GET /api/v1/reference/...) ---------------------------


class ApplicationChannel(StrEnum):
    """How applications reach a call."""

    candidate = "candidate"  # the candidate fills in the form themselves
    permrep = "permrep"  # only through the Permanent Representation of the candidate's country


class CallKindRule(BaseModel):
    """Who applies to a kind of call, through which channel and with which documents, as the
    notices of that kind say it."""

    code: str = Field(description="`sne`, `ca` or `ta`.", examples=["sne"])
    name: str = Field(description="English name of the kind.")
    channel: ApplicationChannel = Field(description="Through which channel applications come.")
    who_applies: str = Field(description="Who may apply, in the notice's words.")
    documents: str = Field(description="What the notice asks for, in words.")
    cast_registration_required: bool = Field(
        description="Candidates must be registered in EPSO CAST for the call's function group.")
    europass_cv_required: bool = Field(description="Only a Europass CV is accepted.")


CALL_KIND_RULES: dict[str, CallKindRule] = {rule.code: rule for rule in (
    CallKindRule(
        code="sne", name="Seconded National Expert", channel=ApplicationChannel.permrep,
        who_applies="Only through the Permanent Representation (or the EFTA Secretariat) of the "
                    "candidate's country; applications sent by the candidate or the employer "
                    "are not considered.",
        documents="A Europass CV in English, French or German that states the nationality; no "
                  "other documents.",
        cast_registration_required=False, europass_cv_required=True),
    CallKindRule(
        code="ca", name="Contract Agent (call for expression of interest)",
        channel=ApplicationChannel.candidate,
        who_applies="The candidate, through the form; registered in EPSO CAST in the call's "
                    "function group.",
        documents="A CV (and, if the call asks, a motivation letter).",
        cast_registration_required=True, europass_cv_required=False),
    CallKindRule(
        code="ta", name="Temporary Agent (vacancy notice)", channel=ApplicationChannel.candidate,
        who_applies="The candidate, through the form.",
        documents="One PDF holding the CV, the motivation letter and the application form, in "
                  "that order.",
        cast_registration_required=False, europass_cv_required=False),
)}


class LanguageRef(BaseModel):
    """A language as profiles and uploads name it."""

    code: str = Field(description="The code the API takes: upper-case ISO 639-1 where one "
                      "exists, else upper-case ISO 639-3.", examples=["EL"])
    name: str = Field(description="English name (ISO 639).", examples=["Greek"])
    iso_639_3: str = Field(description="ISO 639-3 code.", examples=["ell"])
    eu_official: bool = Field(description="One of the 24 official EU languages (the ones the "
                              "eligibility rules count).")


class LanguageList(BaseModel):
    """Languages by code, the EU's 24 official ones first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        {"code": "EL", "name": "Modern Greek (1453-)", "iso_639_3": "ell", "eu_official": True},
        {"code": "EN", "name": "English", "iso_639_3": "eng", "eu_official": True},
        {"code": "AR", "name": "Arabic", "iso_639_3": "ara", "eu_official": False}]}]})

    items: list[LanguageRef] = Field(description="The 24 official EU languages by code; with "
                                     "`scope=all`, then every living ISO 639-3 language a CV "
                                     "may state.")


class CefrLevelRef(BaseModel):
    """A level of the Common European Framework of Reference for Languages."""

    code: Cefr = Field(description="The level: `A1` (lowest) to `C2` (highest), as profiles "
                       "and calls write it.", examples=["C1"])
    name: str = Field(description="The CEFR's English name of the level.",
                      examples=["Effective operational proficiency"])
    rank: int = Field(description="0 (A1) to 5 (C2): compare levels by rank.")
    notice_words: list[str] = Field(description="The notices' words this level satisfies: "
                                    "`thorough` is C1 or better, `satisfactory` B2 or better.",
                                    examples=[["thorough", "satisfactory"]])


class NoticeWord(BaseModel):
    """A word the notices use for a language level ("a thorough knowledge of one of the
    official EU languages")."""

    word: str = Field(description="The notices' word: `thorough` (one EU language) or "
                      "`satisfactory` (a second one).", examples=["thorough"])
    minimum: Cefr = Field(description="The lowest level that satisfies it.", examples=["C1"])


class CefrLevelList(BaseModel):
    """The six CEFR levels, lowest first, and the notices' words for them."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        {"code": "B2", "name": "Vantage", "rank": 3, "notice_words": ["satisfactory"]},
        {"code": "C1", "name": "Effective operational proficiency", "rank": 4,
         "notice_words": ["thorough", "satisfactory"]}],
        "notice_words": [{"word": "thorough", "minimum": "C1"},
                         {"word": "satisfactory", "minimum": "B2"}]}]})

    items: list[CefrLevelRef] = Field(description="A1 to C2, lowest first.")
    notice_words: list[NoticeWord] = Field(description="How notices word language levels.")


class CountryRef(BaseModel):
    """A country (ISO 3166-1), with the EU's groupings."""

    code: str = Field(description="ISO 3166-1 alpha-2: the code the API takes.", examples=["GR"])
    name: str = Field(description="English short name (ISO 3166-1 common name where there "
                      "is one).", examples=["Greece"])
    eu_code: str = Field(description="The EU's interinstitutional code: the ISO code, except "
                         "`EL` for Greece (shown to people, not accepted by the API).",
                         examples=["EL"])
    eu_member_state: bool = Field(description="One of the 27 Member States (the notices' "
                                  "\"national of a Member State of the European Union\").")
    efta: bool = Field(description="Iceland, Liechtenstein, Norway, Switzerland.")


class CountryList(BaseModel):
    """Every ISO 3166-1 country, by code."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        {"code": "BE", "name": "Belgium", "eu_code": "BE", "eu_member_state": True,
         "efta": False},
        {"code": "GR", "name": "Greece", "eu_code": "EL", "eu_member_state": True,
         "efta": False},
        {"code": "NO", "name": "Norway", "eu_code": "NO", "eu_member_state": False,
         "efta": True}]}]})

    items: list[CountryRef] = Field(description="Every ISO 3166-1 country, by `code`.")


class CallKindList(BaseModel):
    """The three kinds of call and how each is applied to."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        CALL_KIND_RULES["sne"].model_dump(mode="json")]}]})

    items: list[CallKindRule] = Field(description="`sne`, `ca` and `ta`, in that order.")
