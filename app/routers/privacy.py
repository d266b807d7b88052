"""Retention runs, legal holds, erasure requests and the data subject's own export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse

from app.deps import CtxDep, Page, require_roles
from app.models.applications import ApplicationRead
from app.models.common import Problem
from app.models.handover import Handover, HandoverConfirm, HandoverResult
from app.models.privacy import (
    DataExport,
    LegalHoldCreate,
    LegalHoldList,
    LegalHoldRead,
    PrivacyRequestAnswer,
    PrivacyRequestCreate,
    PrivacyRequestList,
    PrivacyRequestRead,
    RequestStatus,
    RetentionRunList,
    RetentionRunRead,
)
from app.security.principal import Principal, Role
from app.services.privacy import erasure, export, handover, holds, retention

router = APIRouter(tags=["privacy"])
Hr = Annotated[Principal, Depends(require_roles(Role.hr))]
Dpo = Annotated[Principal, Depends(require_roles(Role.dpo))]
Overseer = Annotated[Principal, Depends(require_roles(Role.dpo, Role.admin))]


def problems(*codes: tuple[int, str]) -> dict[int | str, dict[str, object]]:
    """The error statuses a route can return, each with its stable ``code``."""
    base = {401: "Missing or invalid token (`unauthorized`)."}
    return {status: {"model": Problem, "description": text}
            for status, text in [*base.items(), *codes]}


FORBIDDEN = (403, "The caller's role may not do this (`forbidden`).")
BAD_CURSOR = (400, "A cursor this service did not issue (`bad-request`).")
NOT_FOUND = (404, "No such resource, or not yours (`not-found`).")
INVALID = (422, "The request does not match the schema (`validation`).")


@router.get("/retention/runs", summary="Purge reports",
            description="Every retention run, newest first: when, the policy version, dry run "
                        "or not, and per call the counts deleted and skipped. No personal data.",
            response_model=RetentionRunList,
            responses=problems(BAD_CURSOR, FORBIDDEN, INVALID))
async def list_retention_runs(caller: Overseer, ctx: CtxDep, page: Page) -> RetentionRunList:
    return await retention.list_runs(ctx, page=page)


@router.get("/retention/runs/{run_id}", summary="One purge report",
            description="One retention run's report.", response_model=RetentionRunRead,
            responses=problems(FORBIDDEN, NOT_FOUND, INVALID))
async def get_retention_run(
    caller: Overseer, ctx: CtxDep,
    run_id: Annotated[str, Path(max_length=64, description="The run's id.")],
) -> RetentionRunRead:
    return await retention.get_run(ctx, run_id=run_id)


@router.post("/retention/runs", summary="Run the purge now",
             description="Runs the retention purge at once and returns its report; with "
                         "`dry_run=true` nothing is deleted and the counts say what would go. "
                         "409 while another run works.",
             status_code=201, response_model=RetentionRunRead,
             responses=problems(FORBIDDEN, (409, "Another retention run is working "
                                                 "(`conflict`)."), INVALID))
async def start_retention_run(
    caller: Overseer, ctx: CtxDep,
    dry_run: Annotated[bool, Query(description="Only count what would be deleted.")] = False,
) -> RetentionRunRead:
    return await retention.start_run(ctx, dry_run=dry_run)


@router.post("/legal-holds", summary="Suspend deletion (legal hold)",
             description="The DPO holds a call's or an application's data (complaint, "
                         "litigation): the purge skips it until the hold is lifted. Audited.",
             status_code=201, response_model=LegalHoldRead,
             responses=problems(FORBIDDEN, (404, "No such call or application (`not-found`)."),
                                INVALID))
async def place_legal_hold(dpo: Dpo, ctx: CtxDep, payload: LegalHoldCreate) -> LegalHoldRead:
    return await holds.place_hold(ctx, payload=payload)


@router.get("/legal-holds", summary="Legal holds",
            description="Holds, newest first; active ones only unless `active=false`.",
            response_model=LegalHoldList, responses=problems(BAD_CURSOR, FORBIDDEN, INVALID))
async def list_legal_holds(
    dpo: Dpo, ctx: CtxDep, page: Page,
    active: Annotated[bool, Query(description="Only holds not lifted yet.")] = True,
) -> LegalHoldList:
    return await holds.list_holds(ctx, active_only=active, page=page)


@router.delete("/legal-holds/{hold_id}", summary="Lift a legal hold",
               description="Deletion resumes at the next purge run. The hold stays on record, "
                           "with who lifted it and when. Audited.",
               response_model=LegalHoldRead,
               responses=problems(FORBIDDEN, (404, "No such legal hold (`not-found`)."),
                                  (409, "The hold was lifted already (`conflict`)."), INVALID))
async def lift_legal_hold(
    dpo: Dpo, ctx: CtxDep,
    hold_id: Annotated[str, Path(max_length=64, description="The hold's id.")],
) -> LegalHoldRead:
    return await holds.lift_hold(ctx, hold_id=hold_id)


@router.get("/me/data-export", summary="Everything held about me",
            description="The caller's profile, applications, decisions, documents (name, type, "
                        "size, SHA-256, download link), special needs and their own audit "
                        "trail, as one JSON document (portability), streamed. Audited.",
            response_class=StreamingResponse,
            responses={200: {"model": DataExport, "description": "The export."},
                       **problems((403, "Not a candidate (`forbidden`)."))})
async def my_data_export(ctx: CtxDep) -> StreamingResponse:
    chunks = await export.data_export(ctx)
    return StreamingResponse(chunks, media_type="application/json", headers={
        "Content-Disposition": 'attachment; filename="my-data.json"',
        "Cache-Control": "no-store"})


RequestId = Annotated[str, Path(max_length=64, description="The request's id.")]


@router.post("/privacy/erasure-requests", summary="Ask for erasure, restriction or objection",
             description="The candidate (or the DPO on their behalf) asks about one "
                         "application. Before it is decided, it is withdrawn and erased at "
                         "once (status `completed`); after, processing is restricted and the "
                         "data erased at retention end (status `restricted`). Audited.",
             status_code=201, response_model=PrivacyRequestRead,
             responses=problems((403, "Neither a candidate nor the DPO (`forbidden`)."),
                                (404, "No such application, or not yours (`not-found`)."),
                                INVALID))
async def file_privacy_request(ctx: CtxDep, payload: PrivacyRequestCreate
                               ) -> PrivacyRequestRead:
    return await erasure.file_request(ctx, payload=payload)


@router.get("/privacy/erasure-requests", summary="Erasure, restriction and objection requests",
            description="The DPO sees every request, a candidate their own; newest first.",
            response_model=PrivacyRequestList,
            responses=problems(BAD_CURSOR, (403, "Neither a candidate nor the DPO "
                                                 "(`forbidden`)."), INVALID))
async def list_privacy_requests(
    ctx: CtxDep, page: Page,
    status: Annotated[RequestStatus | None, Query(description="Only this status.")] = None,
) -> PrivacyRequestList:
    return await erasure.list_requests(ctx, page=page, status=status)


@router.get("/privacy/erasure-requests/{request_id}", summary="One request",
            description="Its status, outcome and dates.", response_model=PrivacyRequestRead,
            responses=problems(NOT_FOUND, INVALID))
async def get_privacy_request(ctx: CtxDep, request_id: RequestId) -> PrivacyRequestRead:
    return await erasure.get_request(ctx, request_id=request_id)


@router.get("/privacy/erasure-requests/{request_id}/application",
            summary="The application a request is about (DPO)",
            description="A restricted application is visible to the DPO only: read it here to "
                        "answer the request. Audited.", response_model=ApplicationRead,
            responses=problems(FORBIDDEN, (404, "No such request, or the application was "
                                                "erased (`not-found`)."), INVALID))
async def read_requested_application(dpo: Dpo, ctx: CtxDep, request_id: RequestId
                                     ) -> ApplicationRead:
    return await erasure.restricted_application(ctx, request_id=request_id)


@router.post("/privacy/erasure-requests/{request_id}/answer", summary="Answer a request",
             description="The DPO records the answer sent to the person; refusing a "
                         "restriction lets processing resume. Audited.",
             response_model=PrivacyRequestRead,
             responses=problems(FORBIDDEN, NOT_FOUND, INVALID))
async def answer_privacy_request(dpo: Dpo, ctx: CtxDep, request_id: RequestId,
                                 answer: PrivacyRequestAnswer) -> PrivacyRequestRead:
    return await erasure.answer_request(ctx, request_id=request_id, answer=answer)


CallId = Annotated[str, Path(max_length=64, description="The call's id.")]


@router.get("/calls/{call_id}/hr-handover", summary="Export for Sysper (HR hand-over)",
            description="The call's interviewed or selected candidates not yet handed over, "
                        "with their documents (base64), in the documented "
                        "`eu-ats/sysper-handover/1` shape, streamed. Each application is "
                        "audited as exported.",
            response_class=StreamingResponse,
            responses={200: {"model": Handover, "description": "The export."},
                       **problems((403, "Not HR (`forbidden`)."),
                                  (404, "No such call (`not-found`)."), INVALID)})
async def export_hr_handover(hr: Hr, ctx: CtxDep, call_id: CallId) -> StreamingResponse:
    chunks = await handover.handover_export(ctx, call_id=call_id)
    return StreamingResponse(chunks, media_type="application/json",
                             headers={"Cache-Control": "no-store"})


@router.post("/calls/{call_id}/hr-handover/confirm", summary="Mark handed-over applications",
             description="After Sysper imported the export: the listed applications become "
                         "`transferred`, read-only here and no longer purged by the one-year "
                         "rule. Audited.",
             response_model=HandoverResult,
             responses=problems((403, "Not HR (`forbidden`)."),
                                (404, "No such call (`not-found`)."), INVALID))
async def confirm_hr_handover(hr: Hr, ctx: CtxDep, call_id: CallId,
                              confirm: HandoverConfirm) -> HandoverResult:
    return await handover.confirm_handover(ctx, call_id=call_id, confirm=confirm)
