"""Administration: scheduled jobs' status, and running one now."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.deps import CtxDep
from app.models.common import ProblemResponses
from app.security.dependencies import require_roles
from app.security.principal import Principal, Role
from app.services import jobs as jobs_service
from app.services.jobs import JobList, JobRun

router = APIRouter(prefix="/admin", tags=["admin"], responses=ProblemResponses)
Admin = Annotated[Principal, Depends(require_roles(Role.admin))]


@router.get("/jobs", summary="Scheduled jobs and their last run", response_model=JobList)
async def list_jobs(admin: Admin, ctx: CtxDep) -> JobList:
    return await jobs_service.list_jobs(ctx)


@router.post("/jobs/{name}/run", summary="Run a scheduled job now", response_model=JobRun)
async def run_job(name: str, admin: Admin, ctx: CtxDep) -> JobRun:
    return await jobs_service.run_job(ctx, name=name)
