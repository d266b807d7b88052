"""Administration: scheduled jobs' status, running one now, and the outbox's dead letters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.deps import CtxDep, Page, require_roles
from app.models.common import ProblemResponses
from app.models.outbox import DeadLetterList
from app.openapi_errors import NOT_ANSWERED
from app.security.principal import Principal, Role
from app.services import jobs as jobs_service
from app.services import outbox as outbox_service
from app.services.jobs import JobList, JobRun

router = APIRouter(prefix="/admin", tags=["admin"], responses=ProblemResponses)
Admin = Annotated[Principal, Depends(require_roles(Role.admin))]


@router.get("/jobs", summary="Scheduled jobs and their last run", response_model=JobList)
async def list_jobs(admin: Admin, ctx: CtxDep) -> JobList:
    """The scheduled jobs (retention purge, notification outbox…), their schedule and last run.
    Admins only.
    """
    return await jobs_service.list_jobs(ctx)


# A job whose lease another replica holds is reported (`ran: false`), not refused.
@router.post("/jobs/{name}/run", summary="Run a scheduled job now", response_model=JobRun,
             responses={409: NOT_ANSWERED})
async def run_job(name: str, admin: Admin, ctx: CtxDep, request: Request) -> JobRun:
    """Runs one scheduled job now, under its lease, and returns the run's counts. Admins only."""
    return await jobs_service.run_job(ctx, name=name, metrics=request.app.state.metrics)


@router.get("/outbox/dead-letters", summary="Notifications given up after every try",
            description="Messages the outbox failed to deliver on each of its tries, newest "
                        "first; each stays here until it is requeued.",
            response_model=DeadLetterList)
async def list_dead_letters(admin: Admin, ctx: CtxDep, page: Page) -> DeadLetterList:
    return await outbox_service.list_dead_letters(ctx, page=page)


@router.post("/outbox/dead-letters/{message_id}/requeue", status_code=204,
             summary="Give a dead letter a fresh set of tries",
             description="After the mail relay is fixed: the message is delivered on the "
                         "outbox's next run.", response_class=Response,
             responses={409: NOT_ANSWERED})
async def requeue_dead_letter(message_id: str, admin: Admin, ctx: CtxDep) -> Response:
    await outbox_service.requeue_dead_letter(ctx, message_id=message_id)
    return Response(status_code=204)
