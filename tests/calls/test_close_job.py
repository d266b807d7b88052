"""The scheduled closure: calls close at their deadline, exactly once, however many schedulers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from app.jobs import registry
from app.jobs.runner import JobRunner, build_scheduler
from app.models.calls import CallCreate
from app.security.principal import Principal, Role
from app.services import calls as calls_service
from app.services.context import Ctx, system_actor
from tests.calls.helpers import call_payload

DEADLINE_UTC = datetime(2027, 1, 15, 11, 0, tzinfo=UTC)  # 2027-01-15 12:00 Brussels


async def _published(mongo, clock, settings, reference: str = "EC/TEST/CLOSE") -> str:
    hr = Ctx(db=mongo.db, clock=clock, settings=settings,
             actor=Principal(sub="hr-1", roles=frozenset({Role.hr}), unit="CNECT"))
    call = await calls_service.create_call(
        hr, payload=CallCreate.model_validate(call_payload(reference=reference)))
    await calls_service.publish_call(hr, call_id=call.id)
    return call.id


async def _closures(mongo) -> list[dict]:
    return await mongo.db.audit_events.find({"detail": "close:deadline"}).to_list()


async def test_two_runners_racing_close_a_call_exactly_once(mongo, clock, settings) -> None:
    await _published(mongo, clock, settings)
    clock.set(DEADLINE_UTC + timedelta(seconds=1))
    spec = registry.by_name("close_calls")
    assert spec is not None
    runners = [JobRunner(db=mongo.db, clock=clock, settings=settings, owner=f"replica-{n}")
               for n in (1, 2)]
    results = await asyncio.gather(*(r.run(spec) for r in runners))
    assert sum((r or {}).get("closed", 0) for r in results) == 1
    stored = await mongo.db.calls.find_one({"reference": "EC/TEST/CLOSE"})
    assert stored["status"] == "closed"
    assert stored["closed_reason"] == "deadline"
    assert stored["closed_at"] == DEADLINE_UTC + timedelta(seconds=1)
    assert [h["to"] for h in stored["history"]] == ["published", "closed"]
    assert len(await _closures(mongo)) == 1


async def test_the_conditional_update_alone_closes_once_without_leases(
    mongo, clock, settings
) -> None:
    for n in range(3):
        await _published(mongo, clock, settings, reference=f"EC/TEST/{n}")
    clock.set(DEADLINE_UTC)  # at the deadline instant the call is due
    ctx = Ctx(db=mongo.db, clock=clock, settings=settings, actor=system_actor("close_calls"))
    counts = await asyncio.gather(*(calls_service.close_due_calls(ctx) for _ in range(4)))
    assert sum(counts) == 3
    assert await mongo.db.calls.count_documents({"status": "closed"}) == 3
    assert len(await _closures(mongo)) == 3


async def test_the_job_does_nothing_before_the_deadline(mongo, clock, settings) -> None:
    await _published(mongo, clock, settings)
    clock.set(DEADLINE_UTC - timedelta(seconds=1))
    spec = registry.by_name("close_calls")
    assert spec is not None
    counts = await JobRunner(db=mongo.db, clock=clock, settings=settings).run(spec)
    assert counts == {"closed": 0}
    stored = await mongo.db.calls.find_one({"reference": "EC/TEST/CLOSE"})
    assert stored["status"] == "published"
    assert stored["closed_at"] is None


async def test_the_job_leaves_drafts_and_cancelled_calls_alone(mongo, clock, settings,
                                                               client: httpx.AsyncClient,
                                                               auth) -> None:
    hr = auth("hr")
    await client.post("/api/v1/calls", headers=hr, json=call_payload(reference="EC/T/draft"))
    cancelled = (await client.post("/api/v1/calls", headers=hr,
                                   json=call_payload(reference="EC/T/cancel"))).json()
    await client.post(f"/api/v1/calls/{cancelled['id']}/publish", headers=hr)
    await client.post(f"/api/v1/calls/{cancelled['id']}/cancel", headers=hr)
    clock.set(DEADLINE_UTC + timedelta(days=1))
    ctx = Ctx(db=mongo.db, clock=clock, settings=settings, actor=system_actor("close_calls"))
    assert await calls_service.close_due_calls(ctx) == 0
    statuses = {d["reference"]: d["status"] async for d in mongo.db.calls.find({})}
    assert statuses == {"EC/T/draft": "draft", "EC/T/cancel": "cancelled"}


async def test_two_real_schedulers_close_a_call_once(mongo, clock, settings) -> None:
    await _published(mongo, clock, settings)
    clock.set(DEADLINE_UTC + timedelta(minutes=1))
    fast = settings.model_copy(update={"close_calls_interval_seconds": 1})
    schedulers = [
        build_scheduler(JobRunner(db=mongo.db, clock=clock, settings=fast, owner=f"node-{n}"),
                        registry.JOBS)
        for n in (1, 2)
    ]
    for scheduler in schedulers:
        scheduler.start()
    try:
        await asyncio.sleep(2.5)
    finally:
        for scheduler in schedulers:
            scheduler.shutdown(wait=False)
    stored = await mongo.db.calls.find_one({"reference": "EC/TEST/CLOSE"})
    assert stored["status"] == "closed"
    assert [h["to"] for h in stored["history"]].count("closed") == 1
    assert len(await _closures(mongo)) == 1
    status = await mongo.db.job_status.find_one({"_id": "close_calls"})
    assert status["runs"] >= 2  # both ran (in turns); only one found the call open


async def test_admin_sees_the_job_and_its_last_counts(client: httpx.AsyncClient, auth,
                                                      mongo, clock, settings) -> None:
    await _published(mongo, clock, settings)
    listed = await client.get("/api/v1/admin/jobs", headers=auth("admin"))
    job = next(j for j in listed.json()["items"] if j["name"] == "close_calls")
    assert job["interval_seconds"] == settings.close_calls_interval_seconds
    assert job["runs"] == 0
    clock.set(DEADLINE_UTC + timedelta(hours=1))
    run = await client.post("/api/v1/admin/jobs/close_calls/run", headers=auth("admin"))
    assert run.json() == {"name": "close_calls", "ran": True, "counts": {"closed": 1}}
    listed = await client.get("/api/v1/admin/jobs", headers=auth("admin"))
    job = next(j for j in listed.json()["items"] if j["name"] == "close_calls")
    assert job["last_counts"] == {"closed": 1}
    assert job["last_status"] == "ok"
    assert job["runs"] == 1
    assert (await client.post("/api/v1/admin/jobs/nope/run", headers=auth("admin"))
            ).status_code == 404
    assert (await client.get("/api/v1/admin/jobs", headers=auth("hr"))).status_code == 403
