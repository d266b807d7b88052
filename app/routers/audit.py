"""The audit trail, for the data protection officer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from app.deps import CtxDep, Page, require_roles
from app.models.audit import AuditEventList
from app.models.common import Problem
from app.security.principal import Principal, Role
from app.services import audit as audit_service

router = APIRouter(tags=["privacy"])
Dpo = Annotated[Principal, Depends(require_roles(Role.dpo))]
ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Missing or invalid token (`unauthorized`)."},
    403: {"model": Problem, "description": "Not the DPO (`forbidden`)."},
    422: {"model": Problem, "description": "A filter of the wrong shape (`validation`)."},
}


def _filters(
    actor: Annotated[str | None, Query(
        max_length=255, description="Who acted: a staff member's sub, or a candidate's or "
                                    "Permanent Representation's id (matched through its "
                                    "pseudonym).")] = None,
    resource: Annotated[str | None, Query(max_length=100,
                                          description="e.g. application, document.")] = None,
    resource_id: Annotated[str | None, Query(max_length=100,
                                             description="The resource's id.")] = None,
    subject: Annotated[str | None, Query(
        max_length=320,
        description="The person's id (a candidate's sub, or 'sne:' key): matched through the "
                    "pseudonym the trail stores; the id itself is never stored.")] = None,
    person: Annotated[str | None, Query(
        max_length=320,
        description="A person's id: every event they did (as actor) or that concerned them "
                    "(as subject), for an access request.")] = None,
    pseudonym: Annotated[str | None, Query(
        max_length=64, description="A stored pseudonym (as actor or subject), as it appears "
                                   "in events.")] = None,
    action: Annotated[audit_service.Action | None, Query(description="What was done.")] = None,
    since: Annotated[datetime | None, Query(description="Events at or after (ISO 8601).")] = None,
    until: Annotated[datetime | None, Query(description="Events before (ISO 8601).")] = None,
) -> audit_service.EventFilters:
    return audit_service.EventFilters(
        actor=actor, resource=resource, resource_id=resource_id, subject=subject, person=person,
        pseudonym=pseudonym, action=action.value if action else None, since=since, until=until)


Filters = Annotated[audit_service.EventFilters, Depends(_filters)]


@router.get("/audit-events", summary="Who read or changed which personal data",
            description="The audit trail, newest first, filtered; the DPO's reading is itself "
                        "recorded. Candidates and Permanent Representations appear only as "
                        "pseudonyms.",
            response_model=AuditEventList, responses={**ERRORS, 400: {
                "model": Problem,
                "description": "A cursor this service did not issue (`bad-request`)."}})
async def list_audit_events(dpo: Dpo, ctx: CtxDep, page: Page, filters: Filters
                            ) -> AuditEventList:
    return await audit_service.list_events(ctx, page=page, filters=filters)


@router.get("/audit-events.csv", summary="The audit trail as CSV",
            description="Every event matching the filters, streamed as CSV (one header row); "
                        "the export is itself recorded.",
            response_class=StreamingResponse, responses={
                **ERRORS, 200: {"content": {"text/csv": {}},
                                "description": "CSV, columns as in the JSON list."}})
async def export_audit_events(dpo: Dpo, ctx: CtxDep, filters: Filters) -> StreamingResponse:
    rows = await audit_service.export_csv(ctx, filters=filters)
    return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="audit-events.csv"'})
