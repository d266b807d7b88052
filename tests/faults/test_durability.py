"""An acknowledged write survives a kill -9 of the embedded database."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from pymongo.asynchronous.client_session import AsyncClientSession

from app.config import Settings
from app.db import connect
from app.repositories.applications import in_transaction

SINGLE_WRITES = 150
TRANSACTIONS = 20
GUARD_SECONDS = 60.0


async def test_acknowledged_writes_and_transactions_survive_a_kill_9(
    tmp_path: Path, base_settings: Settings
) -> None:
    # The app's own connect(): its write concern and the daemon options it starts with.
    settings = base_settings.model_copy(update={
        "mongodb_uri": None, "embedded_db_path": tmp_path / "db", "mongodb_db": "durability"})
    mongo = await connect(settings)
    try:
        db = mongo.db
        for n in range(SINGLE_WRITES // 2):
            await db.single.insert_one({"n": n})
        for n in range(TRANSACTIONS):
            async def work(session: AsyncClientSession, n: int = n) -> None:
                await db.together.insert_one({"n": n}, session=session)
                await db.single.update_one({"n": 0}, {"$inc": {"touched": 1}}, session=session)
            await in_transaction(db, work)
        for n in range(SINGLE_WRITES // 2, SINGLE_WRITES):  # the last writes are lost first
            await db.single.insert_one({"n": n})

        assert mongo.embedded is not None and mongo.embedded.process is not None
        mongo.embedded.process.kill()  # every write above was acknowledged before this line

        deadline = time.monotonic() + GUARD_SECONDS
        while mongo.embedded.restarts == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert mongo.embedded.restarts == 1, "the supervisor did not restart the database"
        assert await db.single.count_documents({}) == SINGLE_WRITES
        assert await db.together.count_documents({}) == TRANSACTIONS
        first = await db.single.find_one({"n": 0})
        assert first is not None and first["touched"] == TRANSACTIONS
    finally:
        await mongo.close()
