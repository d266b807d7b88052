"""Rate-limit counts held between syncs: exact on one replica, bounded overshoot across two,
and every hit reaches the shared counter in the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.db import Mongo
from app.repositories import rate_limits as repo
from app.services.integrations.rate_counts import STEP_FRACTION, RateCounts

START = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
END = START + timedelta(minutes=1)


def _sender(mongo: Mongo, key: str):  # type: ignore[no-untyped-def]
    async def send(by: int) -> int:
        return await repo.hit(mongo.db, key=key, window_start=START, expires_at=END, by=by)
    return send


async def test_one_replica_judges_every_request_exactly(mongo: Mongo) -> None:
    counts = RateCounts()
    judged = [await counts.hit(key="k", start=START, amount=100, send=_sender(mongo, "k"))
              for _ in range(150)]
    assert judged == list(range(1, 151))
    stored = await mongo.db.rate_limits.find_one({})
    # At most one step of hits is still held locally, and none is lost.
    assert stored is not None and 150 - 100 // STEP_FRACTION <= stored["count"] <= 150


async def test_two_replicas_share_the_limit_within_a_step_each(mongo: Mongo) -> None:
    replicas = [RateCounts(), RateCounts()]
    send = _sender(mongo, "shared")
    admitted = 0
    for n in range(300):
        count = await replicas[n % 2].hit(key="shared", start=START, amount=100, send=send)
        admitted += count <= 100
        # A server's loop runs the syncs it started between requests (a round trip each).
        await replicas[n % 2].settled()
    step = 100 // STEP_FRACTION
    assert 100 <= admitted <= 100 + 2 * step


async def test_small_limits_are_synced_on_every_request(mongo: Mongo) -> None:
    replicas = [RateCounts(), RateCounts()]
    send = _sender(mongo, "small")
    judged = [await replicas[n % 2].hit(key="small", start=START, amount=5, send=send)
              for n in range(7)]
    assert judged == [1, 2, 3, 4, 5, 6, 7]


async def test_well_below_the_limit_a_sync_does_not_hold_the_answer(mongo: Mongo) -> None:
    """A sync due far from the limit goes on in the background; near the limit the answer waits
    for the shared count. A failed background sync loses no hit: the next one sends it."""
    import asyncio

    released = asyncio.Event()
    sent: list[int] = []
    fail_next = [True]

    async def slow_send(by: int) -> int:
        await released.wait()
        if fail_next[0]:
            fail_next[0] = False
            raise ConnectionError("database away")
        sent.append(by)
        return sum(sent)

    counts = RateCounts()
    step = 100 // STEP_FRACTION
    for expected in range(1, step + 1):  # the step-th hit is due: its sync starts, unawaited
        judged = await asyncio.wait_for(
            counts.hit(key="k", start=START, amount=100, send=slow_send), timeout=1)
        assert judged == expected
    released.set()
    await counts.settled()
    assert sent == []  # that sync failed: its hits wait for the next one
    for _ in range(step):  # the first is due and sends with the failed ones
        await counts.hit(key="k", start=START, amount=100, send=slow_send)
        await counts.settled()
    await counts.hit(key="k", start=START, amount=100, send=slow_send)  # due again
    await counts.settled()
    assert sum(sent) == 2 * step + 1  # nothing lost

    near = RateCounts()
    blocked = asyncio.Event()

    async def blocked_send(by: int) -> int:
        await blocked.wait()
        return 99 + by

    for _ in range(step - 1):
        await near.hit(key="n", start=START, amount=100, send=blocked_send)
    near._windows["n"].shared = 90  # another replica brought the count near the limit
    waiting = asyncio.ensure_future(near.hit(key="n", start=START, amount=100,
                                             send=blocked_send))
    await asyncio.sleep(0.05)
    assert not waiting.done()  # near the limit: judged by the shared count, so it waits
    blocked.set()
    assert await waiting > 100


async def test_a_caller_far_below_the_limit_costs_the_database_nothing(mongo: Mongo) -> None:
    """A person who sends a request now and then (the usual user) never waits for, nor causes,
    a write of the shared counter: a replica tells it of hits a step at a time, not on a timer."""
    import asyncio

    sent: list[int] = []
    send = _sender(mongo, "sparse")

    async def counting(by: int) -> int:
        sent.append(by)
        return await send(by)

    counts = RateCounts()
    step = 1200 // STEP_FRACTION
    for n in range(1, 4):
        assert await counts.hit(key="sparse", start=START, amount=1200, send=counting) == n
        await asyncio.sleep(1.1)  # seconds apart, as a person reads a page
        await counts.settled()
    assert sent == [] and await mongo.db.rate_limits.count_documents({}) == 0
    for _ in range(step - 3):  # then a burst: the step-th hit sends them all, none lost
        await counts.hit(key="sparse", start=START, amount=1200, send=counting)
    await counts.settled()
    assert sent == [step]
