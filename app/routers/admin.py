"""Administration: scheduled jobs' status, and running one now."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.deps import ClockDep, Db, SettingsDep
from app.errors import NotFound
from app.jobs import registry
from app.jobs.runner import JobRunner
from app.models.common import ProblemResponses
from app.repositories import jobs as jobs_repo
from app.security.dependencies import require_roles
from app.security.principal import Principal, Role

router = APIRouter(prefix="/admin", tags=["admin"], responses=ProblemResponses)
Admin = Annotated[Principal, Depends(require_roles(Role.admin))]


class JobStatus(BaseModel):
    name: str
    description: str
    interval_seconds: int
    running: bool = False
    last_started_at: datetime | None = None
    last_finished_at: datetime | None = None
    last_status: str | None = None
    last_counts: dict[str, int] = {}
    last_error: str | None = None
    runs: int = 0
    failures: int = 0


class JobList(BaseModel):
    items: list[JobStatus]


class JobRun(BaseModel):
    name: str
    ran: bool
    counts: dict[str, int] | None


@router.get("/jobs", summary="Scheduled jobs and their last run", response_model=JobList)
async def list_jobs(admin: Admin, db: Db, settings: SettingsDep) -> JobList:
    stored = {d["_id"]: d for d in await jobs_repo.all_status(db)}
    items = []
    for spec in registry.JOBS:
        doc = stored.get(spec.name, {})
        items.append(JobStatus(
            name=spec.name, description=spec.description,
            interval_seconds=spec.interval_seconds(settings),
            **{k: v for k, v in doc.items() if k in JobStatus.model_fields and k != "name"},
        ))
    return JobList(items=items)


@router.post("/jobs/{name}/run", summary="Run a scheduled job now", response_model=JobRun)
async def run_job(name: str, admin: Admin, db: Db, clock: ClockDep, settings: SettingsDep
                  ) -> JobRun:
    spec = registry.by_name(name)
    if spec is None:
        raise NotFound("No such job.")
    counts = await JobRunner(db=db, clock=clock, settings=settings).run(spec)
    return JobRun(name=name, ran=counts is not None, counts=counts)
