"""What the public listing and the retention purge read of calls (projections) has the shape
``PublicCallViewDoc`` and ``CallKindDoc`` declare (app/models/stored_more.py)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from bson import ObjectId

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.models.common import PageParams
from app.models.stored_more import CallKindDoc, PublicCallViewDoc
from app.repositories import calls as calls_repo
from app.repositories import privacy as privacy_repo
from app.services.calls.public import PUBLISHED
from app.services.demo import seed_demo_data
from tests.calls.helpers import published_call
from tests.shapes import mismatches


async def test_a_public_listing_reads_its_declared_shape(
    mongo: Mongo, clock: ManualClock, settings: Settings
) -> None:
    await seed_demo_data(mongo.db, clock=clock, settings=settings)
    found = await calls_repo.public_summaries_page(mongo.db, query=PUBLISHED,
                                                   page=PageParams(limit=50))
    assert found.docs and any("demo" in call for call in found.docs)
    assert [m for call in found.docs for m in mismatches(call, PublicCallViewDoc)] == []


async def test_the_purge_reads_closed_calls_in_their_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock
) -> None:
    call = await published_call(client, auth("hr", sub="hr-7"), notice="ca",
                                reference="SHAPE/CLOSED", unit="CNECT.A.2")
    clock.advance(timedelta(days=400))
    run = await client.post("/api/v1/admin/jobs/close_calls/run", headers=auth("admin"))
    assert run.json()["counts"]["closed"] == 1, run.text
    closed = await privacy_repo.closed_calls_before(mongo.db, kind="ca", cutoff=clock.now(),
                                                    after=None, limit=10)
    assert [c["_id"] for c in closed] == [ObjectId(call["id"])]
    assert [m for c in closed for m in mismatches(c, CallKindDoc)] == []
