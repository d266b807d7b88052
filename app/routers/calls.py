"""Staff endpoints of calls: create, read, list, correct, and move through the lifecycle."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from app.deps import (
    CtxDep,
    IdempotencyKey,
    IfMatch,
    MergePatchMediaType,
    MergePatchOf,
    Page,
    merge_patch_body,
)
from app.i18n import content_language, language_var
from app.models.applications import ApplicationList
from app.models.calls import (
    AnyCallRead,
    CallCreate,
    CallKind,
    CallList,
    CallRead,
    CallStatus,
    CallUpdate,
)
from app.models.common import ProblemResponses, etag
from app.openapi_errors import NOT_ANSWERED
from app.services import calls as service
from app.services.calls.candidates import list_candidates
from app.services.eligibility.localized import with_worded_verdicts

router = APIRouter(prefix="/calls", tags=["calls"], responses=ProblemResponses)


def _with_etag(response: Response, read: AnyCallRead) -> AnyCallRead:
    response.headers["ETag"] = etag(read.version)
    return read


@router.post("", summary="Create a draft call", response_model=CallRead, status_code=201,
             responses={201: {"headers": {"Location": {"schema": {"type": "string"}},
                                          "ETag": {"schema": {"type": "string"}}}}})
async def create_call(payload: CallCreate, ctx: CtxDep, idempotency_key: IdempotencyKey = None
                      ) -> JSONResponse:
    """A new call in status `draft`, transcribed from its notice (kind, reference, deadline,
    profiles, criteria, documents). The body's members depend on `kind` (`sne`, `ca`, `ta`): a
    member of another kind is refused (422). It is invisible to candidates until published.
    """
    return await service.create_call_once(ctx, payload=payload.root,
                                          idempotency_key=idempotency_key)


@router.get("", summary="List the calls you manage", response_model=CallList)
async def list_calls(
    ctx: CtxDep, page: Page,
    status: Annotated[CallStatus | None, Query(description="Only calls in this status.")] = None,
    kind: Annotated[CallKind | None, Query(description="Only calls of this kind.")] = None,
    unit: Annotated[str | None, Query(max_length=40,
                                      description="This unit and the units below it.")] = None,
    q: Annotated[str | None, Query(max_length=100,
                                   description="Text in the title or reference.")] = None,
) -> CallList:
    """The calls of the caller's unit and below (HR: of its DG), in every status, paginated and
    filterable.
    """
    return await service.list_calls(ctx, page=page, status=status, kind=kind, unit=unit, q=q)


# One call: whoever may not see it gets a 404 (app/services/calls/access.py), never a 403.
_ONE_CALL: dict[int | str, dict[str, Any]] = {403: NOT_ANSWERED}


@router.get("/{call_id}", summary="Read a call", response_model=CallRead,
            responses=_ONE_CALL)
async def get_call(call_id: str, ctx: CtxDep, response: Response) -> AnyCallRead:
    """One call as staff see it, with `how_to_apply`; `ETag` is its version, for `If-Match` on
    PATCH. A member of the call's selection panel reads it as published (no history of who
    changed it), also after the deadline; anyone else who may not see it gets 404.
    """
    return _with_etag(response, await service.get_call(ctx, call_id=call_id))


CallPatch = Annotated[dict[str, Any], MergePatchOf(CallUpdate), merge_patch_body(
    {"title": "Policy Officer - AI Act implementation", "contact": {"unit": "CNECT.A.2"},
     "grade_range": None, "corrigendum_reason": "Title corrected."})]


@router.patch("/{call_id}", summary="Change a draft, or correct a published call",
              description="A JSON Merge Patch (RFC 7396) of the call: members left out stay, "
                          "`null` clears an optional one, objects merge. `If-Match` is required "
                          "(428 without it, 412 when stale). A published call changes only by "
                          "corrigendum (`corrigendum_reason`).",
              response_model=CallRead, dependencies=[MergePatchMediaType],
              responses={428: {"description": "If-Match is required"},
                         415: {"description": "Not a JSON Merge Patch"}})
async def update_call(call_id: str, patch: CallPatch, ctx: CtxDep, response: Response,
                      if_match: IfMatch = None) -> AnyCallRead:
    read = await service.update_call(ctx, call_id=call_id, patch=patch, if_match=if_match)
    return _with_etag(response, read)


@router.post("/{call_id}/publish", summary="Publish a draft call", response_model=CallRead,
             responses=_ONE_CALL)
async def publish_call(call_id: str, ctx: CtxDep, response: Response,
                       if_match: IfMatch = None) -> AnyCallRead:
    """Publishes a complete draft call: it appears in the public list and candidates may apply
    until the deadline.
    """
    read = await service.publish_call(ctx, call_id=call_id, if_match=if_match)
    return _with_etag(response, read)


@router.post("/{call_id}/close", summary="Close a published call now", response_model=CallRead,
             responses=_ONE_CALL)
async def close_call(call_id: str, ctx: CtxDep, response: Response,
                     if_match: IfMatch = None) -> AnyCallRead:
    """Closes a published call before its deadline: no new application or submission is accepted."""
    read = await service.close_call(ctx, call_id=call_id, if_match=if_match)
    return _with_etag(response, read)


@router.post("/{call_id}/cancel", summary="Cancel a draft or published call",
             response_model=CallRead, responses=_ONE_CALL)
async def cancel_call(call_id: str, ctx: CtxDep, response: Response,
                      if_match: IfMatch = None) -> AnyCallRead:
    """Cancels a draft or published call; its applications stay readable. Recruiting unit or HR."""
    read = await service.cancel_call(ctx, call_id=call_id, if_match=if_match)
    return _with_etag(response, read)


@router.post("/{call_id}/complete", summary="Mark a closed call completed",
             response_model=CallRead, responses=_ONE_CALL)
async def complete_call(call_id: str, ctx: CtxDep, response: Response,
                        if_match: IfMatch = None) -> AnyCallRead:
    """Marks a closed call completed: its selection is over."""
    read = await service.complete_call(ctx, call_id=call_id, if_match=if_match)
    return _with_etag(response, read)


@router.put("/{call_id}/start-date", summary="Set the actual starting date",
            description="HR (or the unit's recruiter) sets the actual starting date once known; "
                        "SNE criteria are judged \"at the starting date of the secondment\", so "
                        "every stored verdict of the call is re-evaluated at it. Null goes back "
                        "to the first day of the notice's provisional start.",
            response_model=CallRead)
async def set_start_date(call_id: str, payload: service.StartDateIn, ctx: CtxDep,
                         response: Response, if_match: IfMatch = None) -> AnyCallRead:
    read = await service.set_start_date(ctx, call_id=call_id, payload=payload, if_match=if_match)
    return _with_etag(response, read)


@router.get("/{call_id}/candidates", summary="The call's candidates in priority order",
            description="Submitted applications of the call. On a TA call with Article 29 "
                        "priority, Commission officials come first, then officials of other "
                        "institutions, then competition laureates, then the others (an unstated "
                        "status last); each group in order of arrival.",
            response_model=ApplicationList)
async def list_call_candidates(call_id: str, ctx: CtxDep, page: Page, response: Response
                               ) -> ApplicationList:
    found = await list_candidates(ctx, call_id=call_id, page=page)
    response.headers.update(content_language())
    return with_worded_verdicts(found, language=language_var.get())
