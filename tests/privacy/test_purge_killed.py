"""A purge killed with SIGKILL midway: nothing personal is reachable in between, and the next
run finishes the work with counts that add up."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from bson import ObjectId

from app.clock import ManualClock
from app.db import EmbeddedServer, Mongo
from app.models.stored import ApplicationDoc
from tests.conftest import TEST_DB
from tests.privacy.helpers import closed_call_with_everyone, footprint
from tests.shapes import mismatches

ROOT = Path(__file__).resolve().parents[2]


async def _start_paused_purge(db_server: EmbeddedServer, steps: int
                              ) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ATS_ENV": "test",
           "ATS_MONGODB_URI": db_server.uri, "ATS_MONGODB_DB": TEST_DB,
           "ATS_SCHEDULER_ENABLED": "false"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "purge", "--pause-after-steps", str(steps),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert process.stderr is not None
    async with asyncio.timeout(60):
        while b"purge paused" not in (line := await process.stderr.readline()):
            assert line, "the purge ended before pausing"
    return process


async def test_a_killed_run_leaves_nothing_reachable_and_the_next_run_finishes(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock,
        db_server: EmbeddedServer) -> None:
    db = mongo.db
    scenario = await closed_call_with_everyone(client, auth, db, now=clock.now())
    ana, ben = scenario.people["ana"], scenario.people["ben"]
    before = [await footprint(db, p.application_id) for p in (ana, ben)]
    # The child runs on the wall clock: the call closed more than a year before it.
    real_now = datetime.now(UTC)
    await db.calls.update_one({"_id": ObjectId(scenario.call_id)},
                              {"$set": {"closed_at": real_now - timedelta(days=400)}})

    # Three steps: the trail rewritten, the documents deleted, one more collection emptied.
    process = await _start_paused_purge(db_server, steps=3)
    try:
        half = await db.applications.find_one({"_id": ObjectId(ana.application_id)})
        assert half is not None and half["purging"]  # claimed, parts deleted, not finished
        assert mismatches(half, ApplicationDoc) == []  # the claim as app/models/stored.py has it
        for role, sub in (("candidate", ana.sub), ("hr", "hr-1")):
            headers = auth(role, sub=sub)
            got = await client.get(f"/api/v1/applications/{ana.application_id}",
                                   headers=headers)
            assert got.status_code == 404
            listed = await client.get("/api/v1/applications", headers=headers)
            assert ana.application_id not in listed.text
            doc = await client.get(f"/api/v1/documents/{ana.document_ids[0]}/content",
                                   headers=headers)
            assert doc.status_code == 404
        needs = await client.get(f"/api/v1/applications/{ana.application_id}/special-needs",
                                 headers=auth("hr", sub="hr-1"))
        assert needs.status_code == 404
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()

    # The killed run's lease runs out; the next run takes over and finishes.
    clock.set(real_now + timedelta(minutes=5))
    response = await client.post("/api/v1/retention/runs", headers=auth("admin", sub="adm"))
    assert response.status_code == 201, response.text
    for person in (ana, ben):
        assert set((await footprint(db, person.application_id)).values()) == {0}
    runs = await db.retention_runs.find({}).sort("started_at", 1).to_list()
    assert [r["status"] for r in runs] == ["interrupted", "finished"]
    for name in ("applications", "files", "bytes", "scorecards", "notifications"):
        counted = sum(c.get(name, 0) for r in runs for c in r["calls"].values())
        assert counted == sum(b[name] for b in before), name
