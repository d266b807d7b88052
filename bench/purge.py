"""The retention purge at scale: N expired applications with two documents each.

Starts a throw-away embedded database, seeds N not-selected applications of a call closed 400
days ago (profile, two GridFS documents, special needs, a notification, an idempotency copy,
audit events under per-subject pseudonyms), runs the REAL purge (``python -m app purge``) in a
child process while a thread samples its RSS every 20 ms, then verifies that no personal
record is left anywhere.

    PYTHONPATH=. .venv/bin/python bench/purge.py --count 10000
    PYTHONPATH=. .venv/bin/python bench/purge.py --count 1000 --count 10000   # flat RSS?

Peak RSS should not grow with N: the purge works in batches (``ATS_RETENTION_BATCH_SIZE``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
from bson import Binary, ObjectId

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import EmbeddedServer, make_client  # noqa: E402
from app.migrate import migrate  # noqa: E402
from app.services.audit import pseudonym, subject_key_id  # noqa: E402
from app.services.privacy import registry  # noqa: E402

DB = "bench_purge"
DOC_BYTES = 16 * 1024
BATCH = 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def seed(db: Any, settings: Settings, count: int) -> ObjectId:
    """A closed call and ``count`` expired applications with every kind of copy."""
    now = datetime.now(UTC)
    call_id = ObjectId()
    closed = now - timedelta(days=400)
    await db.calls.insert_one({
        "_id": call_id, "kind": "ca", "status": "closed", "reference": "BENCH/CA/1",
        "title": "Bench call", "unit": "CNECT.A.2", "version": 3, "created_at": closed,
        "updated_at": closed, "closed_at": closed, "closed_reason": "deadline",
        "deadline": {"local": closed.strftime("%Y-%m-%dT%H:%M:%S"), "zone": "Europe/Brussels",
                     "utc": closed}})
    for start in range(0, count, BATCH):
        apps, docs, files, chunks, needs, outbox, idem, keys, events = ([] for _ in range(9))
        for i in range(start, min(start + BATCH, count)):
            app_id, sub = ObjectId(), f"bench-cand-{i}"
            apps.append({
                "_id": app_id, "call_id": call_id, "call_kind": "ca", "profile_code": "fg4",
                "channel": "candidate", "candidate_key": sub, "owner_sub": sub,
                "permrep_country": None, "status": "not_selected", "left_draft": True,
                "profile": {"first_name": f"First{i}", "last_name": f"Last{i}",
                            "contact": {"email": f"person{i}@bench.example"}},
                "status_history": [], "version": 3, "created_at": now, "updated_at": now})
            for kind in ("cv", "motivation_letter"):
                doc_id, file_id = ObjectId(), ObjectId()
                docs.append({"_id": doc_id, "application_id": app_id, "kind": kind,
                             "filename": f"{kind}.pdf", "content_type": "application/pdf",
                             "size": DOC_BYTES, "sha256": secrets.token_hex(32),
                             "gridfs_id": file_id, "scan": {"scanned": False, "at": now},
                             "uploaded_by": sub, "uploaded_at": now, "version": 1})
                files.append({"_id": file_id, "length": DOC_BYTES, "chunkSize": 261120,
                              "uploadDate": now, "filename": f"{kind}.pdf",
                              "metadata": {"application_id": app_id}})
                chunks.append({"files_id": file_id, "n": 0,
                               "data": Binary(os.urandom(DOC_BYTES))})
            needs.append({"application_id": app_id, "nonce": Binary(os.urandom(12)),
                          "ciphertext": Binary(os.urandom(64)), "created_at": now})
            outbox.append({"application_id": app_id, "template": "not_selected",
                           "created_at": now, "deliver_after": now, "attempts": 0,
                           "delivered_at": now, "last_error": None, "claimed_until": None})
            idem.append({"_id": secrets.token_hex(32), "body_hash": "x", "state": "done",
                         "created_at": now, "expires_at": now + timedelta(days=2),
                         "application_id": app_id, "body": {"profile": apps[-1]["profile"]}})
            key = os.urandom(32)
            keys.append({"_id": subject_key_id(settings, sub), "key": Binary(key),
                         "created_at": now})
            alias = pseudonym(key, sub)
            events.append({"at": now, "actor": alias, "actor_pseudonymous": True,
                           "actor_roles": ["candidate"], "action": "create",
                           "resource": "application", "resource_id": str(app_id),
                           "subject_id": alias, "request_id": None, "detail": None})
        for name, rows in (("applications", apps), ("documents", docs),
                           ("document_files.files", files), ("document_files.chunks", chunks),
                           ("special_needs", needs), ("outbox", outbox),
                           ("idempotency_keys", idem), ("subject_keys", keys),
                           ("audit_events", events)):
            await db[name].insert_many(rows, ordered=False)
    return call_id


def run_purge(uri: str) -> tuple[float, float, float, str]:
    """(seconds, peak RSS MB, RSS MB after start-up, report) of one purge in a child."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ATS_MONGODB_URI": uri, "ATS_MONGODB_DB": DB,
           "ATS_ENV": "development", "ATS_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "app", "purge"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc = psutil.Process(child.pid)
    samples: list[float] = []

    def sample() -> None:
        while child.poll() is None:
            try:
                samples.append(proc.memory_info().rss / 1_048_576)
            except psutil.Error:
                return
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = child.communicate()
    sampler.join()
    elapsed = time.perf_counter() - started
    early = samples[min(len(samples) - 1, 50)] if samples else 0.0  # ~1 s in: imports done
    return elapsed, max(samples, default=0.0), early, out.decode()


async def verify(db: Any, settings: Settings, call_id: ObjectId, count: int) -> dict[str, int]:
    """Count every personal record left: the answer must be all zeros."""
    left = {"applications": await db.applications.count_documents({"call_id": call_id})}
    for name, field in {**registry.BY_APPLICATION, "documents": "application_id",
                        "document_files.files": "metadata.application_id"}.items():
        left[name] = await db[name].count_documents({field: {"$exists": True, "$ne": None}})
    left["document_files.chunks"] = await db["document_files.chunks"].count_documents({})
    subjects = [subject_key_id(settings, f"bench-cand-{i}") for i in range(count)]
    left["subject_keys"] = 0
    for start in range(0, count, BATCH):
        left["subject_keys"] += await db.subject_keys.count_documents(
            {"_id": {"$in": subjects[start:start + BATCH]}})
    # Every event about an application names it no more (the purge's own record of its run
    # names the run, not a person).
    left["audit_events naming an application"] = await db.audit_events.count_documents(
        {"resource": {"$regex": "^application"}, "resource_id": {"$not": {"$regex": "^erased:"}}})
    left["e-mails anywhere"] = 0
    for name in await db.list_collection_names():
        left["e-mails anywhere"] += await db[name].count_documents(
            {"$or": [{"profile.contact.email": {"$regex": "@bench\\.example$"}},
                     {"body.profile.contact.email": {"$regex": "@bench\\.example$"}}]})
    return left


async def bench(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedServer(storage_path=Path(tmp) / "db", port=free_port(),
                                cache_size="256M")
        server.start()
        try:
            await server.wait_ready()
            client = make_client(server.uri)
            db = client[DB]
            settings = Settings(_env_file=None, env="development")
            await migrate(db)
            t0 = time.perf_counter()
            call_id = await seed(db, settings, count)
            print(f"seeded {count} applications x 2 documents in "
                  f"{time.perf_counter() - t0:.1f} s")
            elapsed, peak, early, report = run_purge(server.uri)
            left = await verify(db, settings, call_id, count)
            await client.close()
        finally:
            server.stop()
    deleted = report.count('"applications": ')
    print(f"purge of {count}: {elapsed:.1f} s ({count / elapsed:,.0f} applications/s), "
          f"peak RSS {peak:.0f} MB (after start-up {early:.0f} MB)")
    print(f"verification: {sum(left.values())} personal records left "
          f"{'(OK)' if not any(left.values()) else left}")
    if deleted == 0 or any(left.values()):
        print(report)
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append",
                        help="Applications to seed (repeat to compare; default 10000).")
    for count in parser.parse_args().count or [10_000]:
        asyncio.run(bench(count))


if __name__ == "__main__":
    main()
