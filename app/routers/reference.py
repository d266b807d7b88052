"""Reference data (anonymous, cacheable): what the SPA fills its pick-lists with."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.caching import IfNoneMatch, cached_responses, conditional
from app.models.reference import CallKindList, CefrLevelList, CountryList, LanguageList
from app.services import reference as service
from app.services.reference import Published

router = APIRouter(prefix="/reference", tags=["reference"])

CACHE = "public, max-age=86400"
_CACHED = cached_responses(CACHE, "Changes only when the list changes (a new release).")


def _answer(published: Published, if_none_match: str | None) -> Response:
    return conditional(published.body, etag=published.etag, cache_control=CACHE,
                       if_none_match=if_none_match)


@router.get(
    "/languages", summary="Languages: the 24 EU languages, or every ISO 639 language",
    description="The codes profiles, uploads and calls take, in the EU's style (upper-case ISO "
                "639-1, else ISO 639-3), with their English names. By default the 24 official "
                "EU languages; `scope=all` adds every living ISO 639-3 language a CV may "
                "state (~7,000; `eu_official` says which count for eligibility).",
    response_model=LanguageList, responses=_CACHED,
)
async def list_languages(
    if_none_match: IfNoneMatch = None,
    scope: Annotated[Literal["eu", "all"], Query(
        description="`eu` (the 24 official languages) or `all`.")] = "eu",
) -> Response:
    return _answer(service.languages(all_languages=scope == "all"), if_none_match)


@router.get(
    "/cefr-levels", summary="CEFR levels A1–C2 and the notices' words for them",
    description="The six levels with their rank (compare by rank) and the notices' words each "
                "satisfies: \"thorough\" knowledge is C1 or better, \"satisfactory\" B2 or "
                "better.",
    response_model=CefrLevelList, responses=_CACHED,
)
async def list_cefr_levels(if_none_match: IfNoneMatch = None) -> Response:
    return _answer(service.cefr_levels(), if_none_match)


@router.get(
    "/countries", summary="Countries (ISO 3166-1) with the EU's groupings",
    description="Every ISO 3166-1 country with its alpha-2 code (the code the API takes), "
                "whether it is an EU Member State or an EFTA country, and the EU's own code "
                "(`EL` for Greece, whose ISO code `GR` the API uses).",
    response_model=CountryList, responses=_CACHED,
)
async def list_countries(if_none_match: IfNoneMatch = None) -> Response:
    return _answer(service.countries(), if_none_match)


@router.get(
    "/call-kinds", summary="Kinds of call: who applies, through which channel",
    description="`sne` (only through a Permanent Representation), `ca` and `ta` (the "
                "candidate), with the documents each kind of notice asks for.",
    response_model=CallKindList, responses=_CACHED,
)
async def list_call_kinds(if_none_match: IfNoneMatch = None) -> Response:
    return _answer(service.call_kinds(), if_none_match)
