"""Reference data for clients: languages, CEFR levels, countries, call kinds. Built once per
process from pycountry and the EU's conventions, and served with a content hash as ETag."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry
from pydantic import BaseModel

from app.caching import etag_of
from app.models.reference import (
    CALL_KIND_RULES,
    EFTA_COUNTRIES,
    EU_LANGUAGES,
    EU_MEMBER_STATES,
    CallKindList,
    Cefr,
    CefrLevelList,
    CefrLevelRef,
    CountryList,
    CountryRef,
    LanguageList,
    LanguageRef,
    NoticeWord,
    iso_language,
)

CEFR_NAMES = {
    Cefr.A1: "Breakthrough", Cefr.A2: "Waystage", Cefr.B1: "Threshold", Cefr.B2: "Vantage",
    Cefr.C1: "Effective operational proficiency", Cefr.C2: "Mastery",
}
# The notices' words for language levels (DOMAIN.md, "Languages and levels").
NOTICE_WORDS = {"thorough": Cefr.C1, "satisfactory": Cefr.B2}
# The EU writes Greece EL (its language code) where ISO 3166 says GR.
EU_COUNTRY_CODES = {"GR": "EL"}


@dataclass(frozen=True)
class Published:
    """A reference list as served: its JSON bytes and their strong ETag."""

    body: bytes
    etag: str


def _publish(model: BaseModel) -> Published:
    body = json.dumps(model.model_dump(mode="json"), ensure_ascii=False,
                      separators=(",", ":")).encode()
    return Published(body=body, etag=etag_of(body))


def _language(record: Any) -> LanguageRef | None:
    code = iso_language(record.alpha_3)
    if code is None:
        return None
    return LanguageRef(code=code, name=record.name, iso_639_3=record.alpha_3,
                       eu_official=code in EU_LANGUAGES)


@cache
def languages(*, all_languages: bool) -> Published:
    """The 24 EU languages (by code); with ``all_languages`` every living ISO 639-3 language
    (individual or macrolanguage, e.g. Arabic) a CV may state, the EU's 24 first."""
    found = [ref for record in pycountry.languages
             if (ref := _language(record)) is not None
             and (ref.eu_official or (all_languages and getattr(record, "type", "") == "L"
                                      and getattr(record, "scope", "") in ("I", "M")))]
    found.sort(key=lambda ref: (not ref.eu_official, ref.code))
    return _publish(LanguageList(items=found))


@cache
def cefr_levels() -> Published:
    """A1…C2 with the notices' words each level satisfies."""
    items = [CefrLevelRef(code=level, name=CEFR_NAMES[level], rank=level.rank,
                          notice_words=[w for w, low in NOTICE_WORDS.items()
                                        if level.at_least(low)])
             for level in Cefr]
    return _publish(CefrLevelList(items=items, notice_words=[
        NoticeWord(word=word, minimum=low) for word, low in NOTICE_WORDS.items()]))


@cache
def countries() -> Published:
    """ISO 3166-1 countries by code, flagged EU Member State / EFTA."""
    items = sorted((CountryRef(code=c.alpha_2, name=getattr(c, "common_name", c.name),
                               eu_code=EU_COUNTRY_CODES.get(c.alpha_2, c.alpha_2),
                               eu_member_state=c.alpha_2 in EU_MEMBER_STATES,
                               efta=c.alpha_2 in EFTA_COUNTRIES)
                    for c in pycountry.countries), key=lambda ref: ref.code)
    return _publish(CountryList(items=items))


@cache
def call_kinds() -> Published:
    """sne, ca, ta: who applies, through which channel, with which documents."""
    return _publish(CallKindList(items=list(CALL_KIND_RULES.values())))
