"""Versioned updates (submit, decide, withdraw) as the applications collection grows.

Fills a throw-away embedded database with N applications (default 1,000 then 20,000), then
times versioned changes of random applications three ways, alternately:

- ``bulkWrite``: what submit, withdraw and every decision do (``status_change``): the
  versioned update and its audit event as one client ``bulkWrite`` in a transaction, then the
  commit (no read back: the answer is computed from the change);
- ``update+read``: ``update_one({_id, version})`` then ``find_one({_id})``
  (``app/repositories/applications.update_versioned``, what a draft's edit does);
- ``findAndModify``: one ``find_one_and_update({_id, version})`` (one round trip fewer).

Passes when each of the service's two ways at the largest size keeps at least 80 % of its
throughput at the smallest.

    .venv/bin/python bench/versioned_update.py --sizes 1000 20000 --ops 200
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import WRITE_CONCERN, Db, EmbeddedServer, make_client  # noqa: E402
from app.migrate import migrate  # noqa: E402
from app.models.stored import ApplicationChangeDoc  # noqa: E402
from app.repositories import applications as repo  # noqa: E402
from app.repositories import together  # noqa: E402

BATCH = 2_000
WAYS = ("bulkWrite", "update+read", "findAndModify")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def application(i: int, call_id: ObjectId, now: datetime) -> dict[str, Any]:
    return {"_id": ObjectId(), "call_id": call_id, "call_kind": "ca", "profile_code": "p",
            "channel": "candidate", "candidate_key": f"cand-{i}", "owner_sub": f"cand-{i}",
            "permrep_country": None, "status": "draft", "left_draft": False,
            "version": 1,
            "profile": {"first_name": f"First{i}", "last_name": f"Last{i}",
                        "summary": "x" * 2_000},  # a realistic weight per document
            "status_history": [], "created_at": now, "updated_at": now}


async def grow(db: Db, ids: list[ObjectId], to: int) -> None:
    now, call_id = datetime.now(UTC), ObjectId()
    while len(ids) < to:
        docs = [application(len(ids) + k, call_id, now)
                for k in range(min(BATCH, to - len(ids)))]
        await db["applications"].insert_many(docs, ordered=False)
        ids += [d["_id"] for d in docs]


async def timed(db: Db, ids: list[ObjectId], ops: int, way: str, rng: random.Random) -> float:
    """Versioned changes per second."""
    started = time.perf_counter()
    for _ in range(ops):
        app_id = rng.choice(ids)
        doc = await db["applications"].find_one({"_id": app_id}, {"version": 1})
        assert doc is not None
        change: ApplicationChangeDoc = {"updated_at": datetime.now(UTC)}
        found: object
        if way == "bulkWrite":
            query, update = repo.versioned_change(application_id=app_id, version=doc["version"],
                                                  set_fields=change)
            event = {"at": change["updated_at"], "actor": "hr-1", "actor_pseudonymous": False,
                     "actor_roles": ["hr"], "action": "decide", "resource": "application",
                     "resource_id": str(app_id), "subject_id": "s" * 32, "request_id": None,
                     "detail": "submitted->eligible"}

            async def store(session: Any, query: Any = query, update: Any = update,
                            event: Any = event) -> int:
                outcome = await together.write_together(db, [
                    together.Update("applications", query, update),
                    together.Insert("audit_events", event)], session=session)
                return outcome.counts[0]

            found = await repo.in_transaction(db, store) or None
        elif way == "update+read":
            found = await repo.update_versioned(db, application_id=app_id,
                                                version=doc["version"], set_fields=change)
        else:
            found = await db["applications"].find_one_and_update(
                {"_id": app_id, "version": doc["version"]},
                {"$set": change, "$inc": {"version": 1}}, return_document=ReturnDocument.AFTER)
        assert found is not None
    return ops / (time.perf_counter() - started)


async def main(sizes: list[int], ops: int) -> int:
    rng = random.Random(7)
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="ats-bench-versioned-") as tmp:
        server = EmbeddedServer(storage_path=Path(tmp) / "db", port=free_port(),
                                cache_size="256M")
        server.start()
        try:
            await server.wait_ready()
            client = make_client(server.uri)
            db = client.get_database("bench", write_concern=WRITE_CONCERN)
            await migrate(db)
            ids: list[ObjectId] = []
            for size in sorted(sizes):
                await grow(db, ids, size)
                row = {way: await timed(db, ids, ops, way, rng) for way in WAYS}
                results[size] = row
                print(f"{size:>7,} applications: " + ", ".join(
                    f"{way} {row[way]:7.1f}/s" for way in WAYS))
            await client.close()
        finally:
            server.stop()
    small, large = min(results), max(results)
    failed = False
    for way in ("bulkWrite", "update+read"):
        kept = results[large][way] / results[small][way]
        verdict = "PASS" if kept >= 0.8 else "FAIL"
        failed = failed or verdict == "FAIL"
        print(f"{verdict}: {way} at {large:,} keeps {kept:.0%} of its throughput at "
              f"{small:,} (target ≥ 80 %)")
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 20_000])
    parser.add_argument("--ops", type=int, default=100)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.sizes, args.ops)))
