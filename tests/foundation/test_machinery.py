"""Migrations, leases and Idempotency-Key storage against the real server."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.errors import Conflict, Unprocessable
from app.migrate import migrate
from app.repositories import leases
from app.security.principal import Principal, Role
from app.services.context import Ctx
from app.services.idempotency import run_once


def _ctx(mongo: Mongo, clock: ManualClock, settings: Settings, sub: str = "pr-be") -> Ctx:
    return Ctx(db=mongo.db, clock=clock, settings=settings,
               actor=Principal(sub=sub, roles=frozenset({Role.permrep})))


async def test_migrations_apply_once_in_order_and_failures_are_not_recorded(
    mongo: Mongo, tmp_path: Path
) -> None:
    db = mongo.client.get_database("ats_migration_test")
    await mongo.client.drop_database("ats_migration_test")
    (tmp_path / "2026-01-01-0001_first.py").write_text(
        "async def up(db):\n    await db.log.insert_one({'step': 1})\n")
    (tmp_path / "2026-01-02-0001_second.py").write_text(
        "async def up(db):\n    await db.log.insert_one({'step': 2})\n")
    assert await migrate(db, directory=tmp_path) == ["2026-01-01-0001_first",
                                                     "2026-01-02-0001_second"]
    assert await migrate(db, directory=tmp_path) == []
    (tmp_path / "2026-01-03-0001_broken.py").write_text("async def up(db):\n    raise ValueError\n")
    with pytest.raises(ValueError):
        await migrate(db, directory=tmp_path)
    assert await db.migrations.count_documents({}) == 2  # the broken one will run again
    steps = [d["step"] async for d in db.log.find().sort("step")]
    assert steps == [1, 2]
    await mongo.client.drop_database("ats_migration_test")


async def test_a_second_migrator_is_refused_while_the_lock_is_held(mongo: Mongo) -> None:
    db = mongo.client.get_database("ats_migration_lock")
    from datetime import UTC, datetime
    assert await leases.acquire(db, name="migrations", owner="other-replica",
                                now=datetime.now(UTC), ttl=timedelta(minutes=5))
    with pytest.raises(RuntimeError, match="another process"):
        await migrate(db)
    await mongo.client.drop_database("ats_migration_lock")


async def test_a_lease_has_one_holder_until_it_expires(mongo: Mongo, clock: ManualClock) -> None:
    ttl = timedelta(seconds=60)
    results = await asyncio.gather(*[
        leases.acquire(mongo.db, name="job:x", owner=f"replica-{i}", now=clock.now(), ttl=ttl)
        for i in range(8)
    ])
    assert results.count(True) == 1
    holder = f"replica-{results.index(True)}"
    assert await leases.acquire(mongo.db, name="job:x", owner=holder, now=clock.now(), ttl=ttl)
    later = clock.now() + timedelta(seconds=61)
    assert await leases.acquire(mongo.db, name="job:x", owner="replica-late", now=later, ttl=ttl)


async def test_idempotency_key_replays_refuses_other_bodies_and_in_flight(
    mongo: Mongo, clock: ManualClock, settings: Settings
) -> None:
    ctx = _ctx(mongo, clock, settings)
    calls = 0
    release = asyncio.Event()

    async def produce() -> tuple[int, Any, dict[str, str]]:
        nonlocal calls
        calls += 1
        await release.wait()
        return 201, {"id": f"made-{calls}"}, {"Location": f"/x/{calls}"}

    first = asyncio.create_task(run_once(ctx, key="k1", scope="POST /x", body={"a": 1},
                                         produce=produce))
    await asyncio.sleep(0.05)
    with pytest.raises(Conflict):  # the first request is still running
        await run_once(ctx, key="k1", scope="POST /x", body={"a": 1}, produce=produce)
    release.set()
    original = await first
    replay = await run_once(ctx, key="k1", scope="POST /x", body={"a": 1}, produce=produce)
    assert calls == 1
    assert replay.status_code == 201 and replay.body == original.body
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.headers["location"] == "/x/1"
    with pytest.raises(Unprocessable):
        await run_once(ctx, key="k1", scope="POST /x", body={"a": 2}, produce=produce)
    # Keys are per caller: another caller's same key is a new request.
    other = await run_once(_ctx(mongo, clock, settings, sub="pr-fr"), key="k1", scope="POST /x",
                           body={"a": 1}, produce=produce)
    assert other.body != original.body
    # And they expire (after at least 24 h).
    clock.advance(timedelta(hours=settings.idempotency_ttl_hours, seconds=1))
    await run_once(ctx, key="k1", scope="POST /x", body={"a": 1}, produce=produce)
    assert calls == 3


async def test_a_failed_request_frees_its_idempotency_key(
    mongo: Mongo, clock: ManualClock, settings: Settings
) -> None:
    ctx = _ctx(mongo, clock, settings)

    async def fail() -> tuple[int, Any, dict[str, str]]:
        raise Conflict("not now")

    async def succeed() -> tuple[int, Any, dict[str, str]]:
        return 201, {"ok": True}, {}

    with pytest.raises(Conflict):
        await run_once(ctx, key="k2", scope="s", body={}, produce=fail)
    assert (await run_once(ctx, key="k2", scope="s", body={}, produce=succeed)).status_code == 201
    index = await mongo.db.idempotency_keys.index_information()
    assert any(spec.get("expireAfterSeconds") == 0 for spec in index.values())
