"""Scheduled jobs as the administrator sees them: status, and running one now."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.errors import NotFound
from app.jobs import registry
from app.jobs.runner import JobRunner
from app.repositories import jobs as jobs_repo
from app.services.context import Ctx

if TYPE_CHECKING:
    from app.middleware import Metrics


_PURGE_STATUS: JsonDict = {
    "name": "retention_purge",
    "description": "Delete non-selected candidates' data one year after the call's closure.",
    "interval_seconds": 86400, "running": False, "last_started_at": "2024-06-01T02:00:00Z",
    "last_finished_at": "2024-06-01T02:03:41Z", "last_status": "ok",
    "last_counts": {"applications": 41, "files": 118}, "last_error": None, "runs": 152,
    "failures": 1}


class JobStatus(BaseModel):
    """A scheduled job and its last recorded run (on any replica)."""

    name: str = Field(description="The job's name, as in "
                                  "`POST /api/v1/admin/jobs/{name}/run`.",
                      examples=["retention_purge"])
    description: str = Field(description="What the job does.")
    interval_seconds: int = Field(description="How often it runs, in seconds (from the "
                                              "settings).", examples=[86400])
    running: bool = Field(False, description="True while a replica runs it now.")
    last_started_at: datetime | None = Field(None, description="When the last run started "
                                                               "(UTC); null if it never ran.")
    last_finished_at: datetime | None = Field(None, description="When the last run ended "
                                                                "(UTC); null if it never "
                                                                "finished.")
    last_status: str | None = Field(None, description="`ok` or `failed`; null if it never "
                                                      "finished.", examples=["ok"])
    last_counts: dict[str, int] = Field({}, description="What the last run did, by count "
                                                        "name (e.g. `closed`, `delivered`, "
                                                        "`dead_lettered`); empty if it failed.")
    last_error: str | None = Field(None, description="The last failure's exception type (never "
                                                     "its message); null after a success.",
                                   examples=["ServerSelectionTimeoutError"])
    runs: int = Field(0, description="Runs finished since the job was first recorded.")
    failures: int = Field(0, description="How many of those runs failed.")


class JobList(BaseModel):
    """Every scheduled job of the service."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_PURGE_STATUS]}]})

    items: list[JobStatus] = Field(description="One entry per registered job, in the order "
                                               "they are registered.")


class JobRun(BaseModel):
    """The outcome of running a job now."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "close_calls", "ran": True, "counts": {"closed": 2}}]})

    name: str = Field(description="The job asked to run.", examples=["close_calls"])
    ran: bool = Field(description="False when another replica holds the job's lease (it is "
                                  "running there), or the run failed (see "
                                  "`GET /api/v1/admin/jobs`).")
    counts: dict[str, int] | None = Field(description="What the run did, by count name; null "
                                                      "when it did not run or failed.")


async def list_jobs(ctx: Ctx) -> JobList:
    """Every registered job with its last recorded run."""
    stored = {d["_id"]: d for d in await jobs_repo.all_status(ctx.db)}
    items = []
    for spec in registry.JOBS:
        doc = stored.get(spec.name)
        recorded = {k: v for k, v in doc.items()
                    if k in JobStatus.model_fields and k != "name"} if doc else {}
        items.append(JobStatus.model_validate({
            "name": spec.name, "description": spec.description,
            "interval_seconds": spec.interval_seconds(ctx.settings), **recorded}))
    return JobList(items=items)


async def run_job(ctx: Ctx, *, name: str, metrics: Metrics | None = None) -> JobRun:
    """Run a job now (under its lease: ``ran`` is false when another replica holds it)."""
    spec = registry.by_name(name)
    if spec is None:
        raise NotFound("No such job.")
    counts = await JobRunner(db=ctx.db, clock=ctx.clock, settings=ctx.settings,
                             metrics=metrics, subject_keys=ctx.subject_keys).run(spec)
    return JobRun(name=name, ran=counts is not None, counts=counts)
