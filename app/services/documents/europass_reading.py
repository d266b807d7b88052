"""What both Europass formats share once their elements are found: each entry is checked
whole and either kept or skipped with a reason (``"education[0]: level code 'XYZ' unknown"``);
nothing half-read is kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

import pycountry
from pydantic import EmailStr, TypeAdapter, ValidationError

from app.models.europass import CvEducation, CvExperience, CvFacts, PartialDate
from app.models.profile import LanguageSkill
from app.models.reference import Cefr
from app.services.documents.xmltools import (
    degree_level,
    degree_of_code,
    language_code,
    level_code,
    normalise,
    partial_date,
)

ENTRIES_MAX = 50
NATIONALITIES_MAX = 5
NAME_MAX = 300
# A mother tongue is mastered: C2 on the CEFR scale (the Europass editors give it no level).
MOTHER_TONGUE = Cefr.C2
# Codes the EU writes for countries ISO 3166 reserves otherwise (Greece, United Kingdom, Kosovo).
_EU_COUNTRY_CODES = frozenset({"EL", "UK", "XK"})
_EMAIL: TypeAdapter[str] = TypeAdapter(EmailStr)


@dataclass(frozen=True)
class Stated:
    """A date as written (for the reason when it cannot be read) and as read."""

    raw: str
    value: PartialDate | None


def stated(raw: str | None) -> Stated | None:
    return None if not raw else Stated(raw, partial_date(raw))


def _why(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "entry"
    if first.get("type") == "string_too_long":
        return f"{where} longer than {NAME_MAX} characters"
    return f"{where}: {first.get('msg', 'not valid')}"


def country_code(value: str | None) -> str | None:
    code = (value or "").strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    if code in _EU_COUNTRY_CODES or pycountry.countries.get(alpha_2=code) is not None:
        return code
    return None


class _Person(TypedDict, total=False):
    """The single facts about the person a CV states (``CvFacts``' members of those names)."""

    first_name: str
    last_name: str
    date_of_birth: PartialDate
    email: str
    phone: str


class Reading:
    """The facts of one CV as they are read, and what was skipped on the way."""

    def __init__(self, fmt: Literal["europass-2020", "europass-v3"]) -> None:
        self.format = fmt
        self.skipped: list[str] = []
        self._languages: dict[str, LanguageSkill] = {}
        self._language_count = 0
        self._nationalities: list[str] = []
        self._nationality_count = 0
        self.education: list[CvEducation] = []
        self.experience: list[CvExperience] = []
        self.scalars: _Person = {}

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append(f"{where}: {reason}")

    # -- person -------------------------------------------------------------------------------
    def name(self, field: Literal["first_name", "last_name"], value: str | None) -> None:
        if value is None:
            return
        if len(value) > NAME_MAX:
            self.skip(field, f"longer than {NAME_MAX} characters")
            return
        self.scalars[field] = value

    def date_of_birth(self, raw: Stated | None) -> None:
        if raw is None:
            return
        if raw.value is None:
            self.skip("date_of_birth", f"'{raw.raw}' is none of YYYY-MM-DD, YYYY-MM, YYYY")
            return
        self.scalars["date_of_birth"] = raw.value

    def email(self, value: str | None) -> None:
        if not value:
            return
        address = value.removeprefix("mailto:").strip()
        try:
            self.scalars["email"] = _EMAIL.validate_python(address)
        except ValidationError:
            self.skip("email", "not an e-mail address")

    def phone(self, value: str | None) -> None:
        if not value:
            return
        if len(value) > 40 or not any(c.isdigit() for c in value):
            self.skip("phone", "not a telephone number")
            return
        self.scalars["phone"] = value

    def nationality(self, raw: str | None) -> None:
        index = self._nationality_count
        self._nationality_count += 1
        code = country_code(raw)
        if code is None:
            self.skip(f"nationalities[{index}]", f"'{normalise(raw) or ''}' is not an ISO 3166 "
                      "alpha-2 country code")
        elif code not in self._nationalities:
            if len(self._nationalities) >= NATIONALITIES_MAX:
                self.skip(f"nationalities[{index}]", f"more than {NATIONALITIES_MAX} nationalities")
            else:
                self._nationalities.append(code)

    def language(self, raw_code: str | None, level: Cefr | None, *, mother_tongue: bool) -> None:
        """One skill per language, the best one stated (a mother tongue beats a foreign entry)."""
        where = f"languages[{self._language_count}]"
        self._language_count += 1
        code = language_code(raw_code)
        if code is None:
            self.skip(where, f"language code '{normalise(raw_code) or ''}' unknown")
            return
        if level is None:
            self.skip(where, f"'{code}' has no CEFR level")
            return
        skill = LanguageSkill(language=code, level=level, mother_tongue=mother_tongue)
        known = self._languages.get(code)
        if known is None or skill.level.rank > known.level.rank or (
                skill.mother_tongue and not known.mother_tongue):
            self._languages[code] = skill

    # -- entries ------------------------------------------------------------------------------
    def education_entry(
        self, index: int, *, title: str | None, field: str | None, institution: str | None,
        codes: list[tuple[str | None, str | None, str | None]], start: Stated | None,
        end: Stated | None, ongoing: bool,
    ) -> None:
        """An education entry: ``codes`` are (code, listName, listURI) as written."""
        where = f"education[{index}]"
        if index >= ENTRIES_MAX:
            self.skip(where, f"more than {ENTRIES_MAX} entries: not read")
            return
        if ongoing:
            self.skip(where, "still ongoing: not a completed degree")
            return
        level, code_text, reason = None, None, None
        for code, list_name, list_uri in codes:
            if not code:
                continue
            parsed = level_code(code, list_name=list_name, list_uri=list_uri)
            if parsed is None:
                reason = reason or f"level code '{code}' unknown"
                continue
            level = degree_of_code(parsed)
            if level is None:
                reason = f"level {parsed} is below upper secondary education"
                break
            code_text = str(parsed)
            break
        if level is None and reason is None:
            level = degree_level(title)
            if level is None:
                reason = "no EQF or ISCED level code, and the title names no degree"
        if level is None:
            self.skip(where, reason or "no level")
            return
        for date_name, date in (("start", start), ("end", end)):
            if date is not None and date.value is None:
                self.skip(where, f"{date_name} date '{date.raw}' is none of YYYY-MM-DD, "
                          "YYYY-MM, YYYY")
                return
        if not (field or title):
            self.skip(where, "no programme or degree name")
            return
        try:
            self.education.append(CvEducation(
                level=level, level_code=code_text, title=title, field=field or title,
                institution=institution, start=start.value if start else None,
                completed_on=end.value if end else None))
        except ValidationError as exc:
            self.skip(where, _why(exc))

    def experience_entry(
        self, index: int, *, employer: str | None, position: str | None, country: str | None,
        start: Stated | None, end: Stated | None, current: bool,
    ) -> None:
        where = f"experience[{index}]"
        if index >= ENTRIES_MAX:
            self.skip(where, f"more than {ENTRIES_MAX} entries: not read")
            return
        if not employer:
            self.skip(where, "no employer name")
            return
        if start is None:
            self.skip(where, "no start date")
            return
        for date_name, date in (("start", start), ("end", None if current else end)):
            if date is not None and date.value is None:
                self.skip(where, f"{date_name} date '{date.raw}' is none of YYYY-MM-DD, "
                          "YYYY-MM, YYYY")
                return
        began = start.value
        ended = None if current or end is None else end.value
        if not current and ended is None:
            self.skip(where, "no end date, and not marked as current")
            return
        if began is None:  # checked above; for the type checker
            return
        if ended is not None and ended.latest() < began.earliest():
            self.skip(where, f"ends ({ended}) before it starts ({began})")
            return
        if position and position.lower().startswith(("http://", "https://")):
            self.skip(f"{where}.position", "a URI, not a title")
            position = None
        code = country_code(country)
        if country and code is None:
            self.skip(f"{where}.country", f"'{country}' is not an ISO 3166 alpha-2 country code")
        try:
            self.experience.append(CvExperience(employer=employer, position=position,
                                                country=code, start=began, end=ended))
        except ValidationError as exc:
            self.skip(where, _why(exc))

    def facts(self, *, cv_language: str | None) -> CvFacts:
        return CvFacts(
            format=self.format, cv_language=cv_language, nationalities=self._nationalities,
            languages=list(self._languages.values()), education=self.education,
            experience=self.experience, skipped=self.skipped, **self.scalars)
