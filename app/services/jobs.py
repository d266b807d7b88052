"""Scheduled jobs as the administrator sees them: status, and running one now."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from app.errors import NotFound
from app.jobs import registry
from app.jobs.runner import JobRunner
from app.repositories import jobs as jobs_repo
from app.services.context import Ctx

if TYPE_CHECKING:
    from app.middleware import Metrics


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


async def list_jobs(ctx: Ctx) -> JobList:
    """Every registered job with its last recorded run."""
    stored = {d["_id"]: d for d in await jobs_repo.all_status(ctx.db)}
    items = []
    for spec in registry.JOBS:
        doc = stored.get(spec.name, {})
        items.append(JobStatus(
            name=spec.name, description=spec.description,
            interval_seconds=spec.interval_seconds(ctx.settings),
            **{k: v for k, v in doc.items() if k in JobStatus.model_fields and k != "name"},
        ))
    return JobList(items=items)


async def run_job(ctx: Ctx, *, name: str, metrics: Metrics | None = None) -> JobRun:
    """Run a job now (under its lease: ``ran`` is false when another replica holds it)."""
    spec = registry.by_name(name)
    if spec is None:
        raise NotFound("No such job.")
    counts = await JobRunner(db=ctx.db, clock=ctx.clock, settings=ctx.settings,
                             metrics=metrics, subject_keys=ctx.subject_keys).run(spec)
    return JobRun(name=name, ran=counts is not None, counts=counts)
