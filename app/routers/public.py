"""Anonymous endpoints: published calls, for anyone to read (and for any cache to keep)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from app.caching import IfNoneMatch, cached_responses, conditional, etag_of
from app.deps import Page, PublicCtx
from app.models.calls import CallKind, CallRead
from app.models.calls_public import PublicCallList
from app.models.common import ProblemResponses
from app.services import calls as service

router = APIRouter(prefix="/public", tags=["public"], responses=ProblemResponses)

# A minute: a CDN or browser serves most reads, and a corrigendum is seen within a minute.
CACHE = "public, max-age=60"
_CACHED = cached_responses(CACHE, "Changes whenever the answer changes.")


def _cacheable(model: BaseModel, if_none_match: str | None) -> Response:
    """The body serialised once, its hash as the ETag; 304 when the caller already has it."""
    body = model.model_dump_json(by_alias=True).encode()
    return conditional(body, etag=etag_of(body), cache_control=CACHE,
                       if_none_match=if_none_match)


@router.get("/calls", summary="List published calls", response_model=PublicCallList,
            responses=_CACHED)
async def list_public_calls(
    ctx: PublicCtx, page: Page,
    kind: Annotated[CallKind | None, Query(description="Only calls of this kind.")] = None,
    unit: Annotated[str | None, Query(max_length=40,
                                      description="This unit and the units below it.")] = None,
    place: Annotated[str | None, Query(max_length=100,
                                       description="A place of employment, e.g. Brussels.")
                     ] = None,
    open_now: Annotated[bool, Query(description="Only calls whose deadline is ahead.")] = False,
    q: Annotated[str | None, Query(max_length=100,
                                   description="Text in the title or reference.")] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Published vacancy notices and calls for expression of interest, newest first, for anyone:
    each item is a summary (reference, title, kind, unit, places, deadline, status) with a link
    to the full notice. Cacheable for 60 s; send the `ETag` back in `If-None-Match` for a 304."""
    body, etag = await service.public_calls_page(ctx, page=page, kind=kind, unit=unit,
                                                 place=place, open_now=open_now, q=q)
    return conditional(body, etag=etag, cache_control=CACHE, if_none_match=if_none_match)


@router.get("/calls/{call_id}", summary="Read a published call", response_model=CallRead,
            responses=_CACHED)
async def get_public_call(call_id: str, ctx: PublicCtx,
                          if_none_match: IfNoneMatch = None) -> Response:
    """One published notice in full (profiles, criteria, documents, how to apply, deadline as
    printed and as an instant, and its kind's own terms: `sne`, `ca` or `ta`, see `kind`);
    404 for a call that is not published. Cacheable for 60 s; send
    the `ETag` back in `If-None-Match` for a 304."""
    return _cacheable(await service.get_public_call(ctx, call_id=call_id), if_none_match)
