"""Anonymous endpoints: published calls, for anyone to read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import Page, PublicCtx
from app.models.calls import CallKind, CallList, CallRead
from app.models.common import ProblemResponses
from app.services import calls as service

router = APIRouter(prefix="/public", tags=["public"], responses=ProblemResponses)


@router.get("/calls", summary="List published calls", response_model=CallList)
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
) -> CallList:
    return await service.list_public_calls(ctx, page=page, kind=kind, unit=unit, place=place,
                                           open_now=open_now, q=q)


@router.get("/calls/{call_id}", summary="Read a published call", response_model=CallRead)
async def get_public_call(call_id: str, ctx: PublicCtx) -> CallRead:
    return await service.get_public_call(ctx, call_id=call_id)
