"""Runs jobs under a MongoDB lease, so one replica at a time runs each job, and records status."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from app.clock import Clock
from app.config import Settings
from app.db import Db
from app.repositories import jobs as jobs_repo
from app.repositories import leases
from app.services.context import Ctx, system_actor
from app.services.subject_key_cache import SubjectKeyCache

if TYPE_CHECKING:
    from app.middleware import Metrics

log = logging.getLogger("app.jobs")

JobFn = Callable[[Ctx], Awaitable[dict[str, int]]]


@dataclass(frozen=True)
class JobSpec:
    """A scheduled job: a name, how often, and an idempotent function that returns counts."""

    name: str
    interval_seconds: Callable[[Settings], int]
    run: JobFn
    description: str


class JobRunner:
    """Runs a job once if this process can take its lease."""

    def __init__(self, *, db: Db, clock: Clock, settings: Settings, owner: str | None = None,
                 metrics: Metrics | None = None, subject_keys: SubjectKeyCache | None = None):
        self.db = db
        self.clock = clock
        self.settings = settings
        self.metrics = metrics
        self.subject_keys = subject_keys  # the app's, so a purge forgets the keys it destroys
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    async def run(self, spec: JobSpec) -> dict[str, int] | None:
        """Run ``spec`` now; ``None`` when another replica holds its lease."""
        lease = f"job:{spec.name}"
        ttl = timedelta(seconds=self.settings.job_lease_seconds)
        if not await leases.acquire(self.db, name=lease, owner=self.owner,
                                    now=self.clock.now(), ttl=ttl):
            if self.metrics is not None:
                self.metrics.job_runs.labels(spec.name, "skipped").inc()
            return None
        ctx = Ctx(db=self.db, clock=self.clock, settings=self.settings,
                  actor=system_actor(spec.name), subject_keys=self.subject_keys)
        await jobs_repo.mark_started(self.db, name=spec.name, owner=self.owner,
                                     now=self.clock.now())
        counts: dict[str, int] = {}
        error: str | None = None
        started = time.perf_counter()
        try:
            counts = await spec.run(ctx)
            return counts
        except Exception as exc:
            # The error's type only: messages may quote documents, and so personal data.
            error = type(exc).__name__
            log.exception("job failed", extra={"job": spec.name})
            return None
        finally:
            if self.metrics is not None:
                self.metrics.job_duration.labels(spec.name).observe(time.perf_counter() - started)
                self.metrics.job_runs.labels(spec.name, "ok" if error is None else "failed").inc()
                if error is not None:
                    self.metrics.job_failures.labels(spec.name).inc()
            await jobs_repo.mark_finished(self.db, name=spec.name, now=self.clock.now(),
                                          ok=error is None, counts=counts, error=error)
            await leases.release(self.db, name=lease, owner=self.owner, now=self.clock.now())
            if error is None:
                log.info("job finished", extra={"job": spec.name, "counts": counts})


def build_scheduler(runner: JobRunner, specs: list[JobSpec]) -> AsyncIOScheduler:
    """An APScheduler that runs each job on its interval, never two at once in this process."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    for spec in specs:
        scheduler.add_job(
            runner.run, IntervalTrigger(seconds=spec.interval_seconds(runner.settings)),
            args=[spec], id=spec.name, name=spec.description,
            max_instances=1, coalesce=True, misfire_grace_time=30,
        )
    return scheduler
