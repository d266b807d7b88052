"""The audit trail, for the data protection officer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.deps import CtxDep, Page
from app.models.audit import AuditEventList
from app.models.common import ProblemResponses
from app.security.dependencies import require_roles
from app.security.principal import Principal, Role
from app.services import audit as audit_service

router = APIRouter(tags=["privacy"], responses=ProblemResponses)
Dpo = Annotated[Principal, Depends(require_roles(Role.dpo))]


@router.get("/audit-events", summary="Who read or changed which personal data",
            response_model=AuditEventList)
async def list_audit_events(
    dpo: Dpo, ctx: CtxDep, page: Page,
    actor: Annotated[str | None, Query(
        max_length=255, description="Who acted: a staff member's sub, or a candidate's or "
                                    "Permanent Representation's id (matched through its "
                                    "pseudonym).")] = None,
    resource: Annotated[str | None, Query(max_length=100,
                                          description="e.g. application, document.")] = None,
    resource_id: Annotated[str | None, Query(max_length=100)] = None,
    subject: Annotated[str | None, Query(
        max_length=320,
        description="The person's id (a candidate's sub, or 'sne:' key): matched through the "
                    "pseudonym the trail stores; the id itself is never stored.")] = None,
    person: Annotated[str | None, Query(
        max_length=320,
        description="A person's id: every event they did (as actor) or that concerned them "
                    "(as subject), for an access request.")] = None,
) -> AuditEventList:
    return await audit_service.list_events(ctx, page=page, actor=actor, resource=resource,
                                           resource_id=resource_id, subject=subject,
                                           person=person)
