"""The retention purge: delete what the privacy statement promises to delete, and prove it.

One run holds the ``retention:purge`` lease (renewed per batch), so two runs started at once
on the same database cannot both work: the second is refused and reports nothing. It first
finishes applications a killed run left ``purging``, then walks the calls closed longer ago
than the policy's period, in bounded batches, and reports counts per call (never a name).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from bson import ObjectId
from dateutil.relativedelta import relativedelta

from app.errors import Conflict, NotFound
from app.models.common import PageParams, object_id
from app.models.privacy import (
    RetentionPolicy,
    RetentionRunDoc,
    RetentionRunList,
    RetentionRunRead,
    RunStatus,
    build_policy,
)
from app.models.stored import ClaimedDoc, PurgeViewDoc
from app.repositories import leases
from app.repositories import privacy as repo
from app.services import audit
from app.services.context import Ctx
from app.services.privacy import erase, registry

log = logging.getLogger("app.privacy")
LEASE = "retention:purge"


def current_policy(ctx: Ctx) -> RetentionPolicy:
    """The policy the settings define (defaults: the privacy statement)."""
    return build_policy(default_months=ctx.settings.retention_not_selected_months,
                        months_by_kind=ctx.settings.retention_months_by_kind)


class Busy(Exception):
    """Another purge run holds the lease."""


async def run_purge(ctx: Ctx, *, dry_run: bool, trigger: str,
                    step: erase.Step | None = None) -> RetentionRunRead:
    """One purge run (or a dry run that only counts); ``Busy`` if another run is working."""
    run_id = ObjectId()
    owner = f"run:{run_id}"
    ttl = timedelta(seconds=ctx.settings.job_lease_seconds)
    if not await leases.acquire(ctx.db, name=LEASE, owner=owner, now=ctx.clock.now(), ttl=ttl):
        raise Busy
    try:
        policy = current_policy(ctx)
        await repo.insert_run(ctx.db, RetentionRunDoc(
            id=run_id, started_at=ctx.clock.now(), status=RunStatus.running, dry_run=dry_run,
            trigger=trigger, policy_version=policy.version))
        await repo.interrupt_others(ctx.db, run_id=run_id)
        purge = _Purge(ctx, run_id=run_id, owner=owner, policy=policy, dry_run=dry_run,
                       step=step)
        if not dry_run:
            await purge.resume()
        await purge.walk_due_calls()
        await purge.flush_skips()
        await repo.finish_run(ctx.db, run_id=run_id, now=ctx.clock.now())
    finally:
        await leases.release(ctx.db, name=LEASE, owner=owner, now=ctx.clock.now())
    found = await repo.get_run(ctx.db, run_id)
    assert found is not None
    report = RetentionRunRead.of(found)
    # Who ran it (a scheduled job, an admin, the DPO) is on the trail; the report has the rest.
    await audit.record(ctx, action=audit.Action.purge, resource="retention_run",
                       resource_id=report.id,
                       detail=f"{trigger}:{'dry_run' if dry_run else 'purge'}")
    log.info("retention run finished", extra={"run_id": str(run_id), "dry_run": dry_run,
                                              "counts": report.totals.model_dump(
                                                  exclude={"call_id"})})
    return report


class _Purge:
    def __init__(self, ctx: Ctx, *, run_id: ObjectId, owner: str, policy: RetentionPolicy,
                 dry_run: bool, step: erase.Step | None) -> None:
        self.ctx = ctx
        self.run_id = run_id
        self.owner = owner
        self.policy = policy
        self.dry_run = dry_run
        self.step = step
        self.batch = ctx.settings.retention_batch_size
        # Skips and dry-run counts per call; bounded by the number of calls, never applications.
        self.pending: dict[ObjectId, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.processed = 0

    async def renew(self) -> None:
        ttl = timedelta(seconds=self.ctx.settings.job_lease_seconds)
        if not await leases.acquire(self.ctx.db, name=LEASE, owner=self.owner,
                                    now=self.ctx.clock.now(), ttl=ttl):
            raise Busy  # the lease expired and someone else took over: stop, they finish.

    async def resume(self) -> None:
        """Finish the applications a killed run had claimed (they are unreadable already)."""
        while batch := await repo.purging_applications(self.ctx.db, limit=self.batch):
            await erase.finish(self.ctx, batch, run_id=self.run_id, step=self.step)
            await self.renew()
            log.info("retention resumed", extra={"count": len(batch)})

    async def walk_due_calls(self) -> None:
        held_calls, held_apps = await repo.active_hold_targets(self.ctx.db)
        now = self.ctx.clock.now()
        for rule in self.policy.rules:
            cutoff: datetime = now - relativedelta(months=rule.not_selected_months)
            after: ObjectId | None = None
            while calls := await repo.closed_calls_before(self.ctx.db, kind=rule.call_kind,
                                                          cutoff=cutoff, after=after,
                                                          limit=self.batch):
                for call in calls:
                    await self.purge_call(call["_id"], rule.hr_statuses, held_calls, held_apps)
                after = calls[-1]["_id"]

    async def purge_call(self, call_id: ObjectId, hr_statuses: list[str],
                         held_calls: set[ObjectId], held_apps: set[ObjectId]) -> None:
        db = self.ctx.db
        skips = self.pending[call_id]
        if call_id in held_calls:
            skips["skipped_held"] += await repo.count(db, "applications", {"call_id": call_id})
            return
        skips["skipped_transferred"] += await repo.count(
            db, "applications", {"call_id": call_id, "transferred_at": {"$ne": None}})
        skips["skipped_hr_retention"] += await repo.count(db, "applications", {
            "call_id": call_id, "transferred_at": None, "restricted_at": None,
            "$or": [{"status": {"$in": hr_statuses}}, {"status_history.to": {"$in": hr_statuses}}]})
        skips["skipped_held"] += await repo.count(
            db, "applications", {"call_id": call_id, "_id": {"$in": list(held_apps)}})
        query = repo.purgeable_query(call_id=call_id, hr_statuses=hr_statuses, held=held_apps)
        after: ObjectId | None = None
        while batch := await repo.ids_page(db, query=query, after=after, limit=self.batch):
            await self.purge_batch(batch, skips)
            after = batch[-1]["_id"]
            await self.renew()
            log.info("retention progress", extra={"run_id": str(self.run_id),
                                                  "applications": self.processed})
        if not self.dry_run:
            await self.drop_call_reports(call_id, skips)

    async def purge_batch(self, batch: list[PurgeViewDoc], skips: dict[str, int]) -> None:
        if self.dry_run:
            counts, _ = await erase.footprints(self.ctx, [a["_id"] for a in batch])
            for footprint in counts.values():
                for name, n in footprint.items():
                    skips[name] += n
            self.processed += len(batch)
            return
        fresh = [a for a in batch if not a.get("purging")]
        # Claimed by a run killed before it finished: finished now, with that claim.
        held: list[ClaimedDoc] = [{"_id": a["_id"], "call_id": a["call_id"], "purging": claim}
                                  for a in batch if (claim := a.get("purging"))]
        claimed = held + await erase.claim(
            self.ctx, fresh, run_id=self.run_id, reason="retention")
        credited = await erase.finish(self.ctx, claimed, run_id=self.run_id, step=self.step)
        self.processed += len(credited)

    async def drop_call_reports(self, call_id: ObjectId, skips: dict[str, int]) -> None:
        """The signed panel reports name every candidate of the call: they go once no
        application of the call is kept except those handed over to HR (which Sysper holds)."""
        remaining = await repo.count(self.ctx.db, "applications",
                                     {"call_id": call_id, "transferred_at": None})
        if remaining:
            return
        for collection, field in registry.BY_CALL.items():
            skips["panel_reports"] += await repo.delete_linked(self.ctx.db, collection, field,
                                                               call_id)

    async def flush_skips(self) -> None:
        """Record the per-call skips (and dry-run counts) of calls with anything to say."""
        for call_id, counts in self.pending.items():
            nonzero = {k: v for k, v in counts.items() if v}
            await repo.add_counts(self.ctx.db, run_id=self.run_id, call_id=call_id,
                                  counts=nonzero)


async def start_run(ctx: Ctx, *, dry_run: bool) -> RetentionRunRead:
    """Run the purge now (admin, DPO); 409 while another run works."""
    try:
        report = await run_purge(ctx, dry_run=dry_run, trigger="api")
    except Busy:
        raise Conflict("A retention run is already working; its report will be listed.",
                       headers={"Retry-After": "60"}) from None
    return report


async def list_runs(ctx: Ctx, *, page: PageParams) -> RetentionRunList:
    """Purge reports, newest first (counts only: nothing personal to audit)."""
    docs, cursor = await repo.runs_page(ctx.db, page)
    return RetentionRunList(items=[RetentionRunRead.of(d) for d in docs], next_cursor=cursor)


async def get_run(ctx: Ctx, *, run_id: str) -> RetentionRunRead:
    found = await repo.get_run(ctx.db, object_id(run_id, what="retention run"))
    if found is None:
        raise NotFound("No such retention run.")
    return RetentionRunRead.of(found)
