"""The orphan sweep: a real API process killed mid-upload leaves chunks without a file; the
scheduled job (run under its lease) removes them, and what is young or referenced stays."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime, timedelta

import httpx
from bson import ObjectId

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.jobs import registry
from app.jobs.runner import JobRunner, JobSpec
from app.models.calls import DocumentKind
from app.repositories import documents as documents_repo
from app.services.context import Ctx
from app.services.documents.scanning import make_scanner
from app.services.documents.storage import store_upload
from tests.documents_api.helpers import ALL_KINDS, apply, call_of_kind
from tests.files import pdf_bytes, upload_file
from tests.uploads.live import LiveApi, live_api, multipart_head, request_head

__all__ = ["live_api"]
FILES, CHUNKS = "document_files.files", "document_files.chunks"


def _job() -> JobSpec:
    spec = registry.by_name("clean_orphan_files")
    assert spec is not None, "the orphan sweep is not a registered job"
    return spec


async def _sweep(mongo: Mongo, clock: ManualClock, settings: Settings) -> dict[str, int]:
    counts = await JobRunner(db=mongo.db, clock=clock, settings=settings).run(_job())
    assert counts is not None, "the job did not run (lease held?)"
    return counts


async def _count(mongo: Mongo, name: str) -> int:
    return await mongo.db[name].count_documents({})


async def _settled_count(mongo: Mongo, name: str) -> int:
    """The count once the database has finished the writes the killed API had in flight (a
    chunk insert sent just before the kill still lands after it)."""
    count, stable_since = await _count(mongo, name), time.monotonic()
    while time.monotonic() - stable_since < 0.5:
        await asyncio.sleep(0.05)
        now = await _count(mongo, name)
        if now != count:
            count, stable_since = now, time.monotonic()
    return count


async def _upload_and_kill(live: LiveApi, mongo: Mongo, headers: dict[str, str],
                           application_id: str) -> bool:
    """Send a 12 MiB upload and kill -9 the API once its chunks are being written; True when
    the kill landed before the upload's ``files`` document was written."""
    boundary = "eu-ats-kill-boundary"
    body = (multipart_head(boundary, kind="other", filename="annex.pdf")
            + pdf_bytes() + b"%" + os.urandom(12 * 1_048_576) + f"\r\n--{boundary}--\r\n".encode())
    _reader, writer = await asyncio.open_connection("127.0.0.1", live.port)
    writer.write(request_head(path=f"/api/v1/applications/{application_id}/documents",
                              port=live.port, boundary=boundary, length=len(body),
                              headers=headers))
    writer.write(body)
    await writer.drain()
    deadline = time.monotonic() + 60
    while await _count(mongo, CHUNKS) == 0:
        assert time.monotonic() < deadline, "the upload never reached GridFS"
        await asyncio.sleep(0.005)
    live.kill()  # SIGKILL: no exception handler, no abort(), no shutdown
    writer.close()
    return await _count(mongo, FILES) == 0


async def test_the_api_killed_mid_upload_leaves_no_orphans_after_the_job(
        live_api: LiveApi, auth, mongo: Mongo, clock: ManualClock, settings: Settings) -> None:
    async with httpx.AsyncClient(base_url=live_api.url) as http:
        call = await call_of_kind(http, auth, "ca", documents=ALL_KINDS)
        candidate = auth("candidate", sub="cand-1")
        application_id = (await apply(http, candidate, call["id"]))["id"]
    assert await _upload_and_kill(live_api, mongo, candidate, application_id), \
        "the upload finished before the kill"
    orphan_chunks = await _settled_count(mongo, CHUNKS)
    assert orphan_chunks > 0
    assert await _count(mongo, "documents") == 0

    # The server's clock is the real one; the job's runs a grace period later.
    clock.set(datetime.now(UTC))
    assert await _sweep(mongo, clock, settings) == {
        "unreferenced_files": 0, "orphan_uploads": 0, "orphan_chunks": 0}
    assert await _count(mongo, CHUNKS) == orphan_chunks  # too young: may still be writing

    clock.advance(timedelta(minutes=settings.orphan_grace_minutes, seconds=61))
    counts = await _sweep(mongo, clock, settings)
    assert counts == {"unreferenced_files": 0, "orphan_uploads": 1,
                      "orphan_chunks": orphan_chunks}
    assert await _count(mongo, CHUNKS) == 0
    assert await _count(mongo, FILES) == 0
    status = await mongo.db.job_status.find_one({"_id": "clean_orphan_files"})
    assert status is not None and status["last_counts"] == counts  # what the admin sees


async def test_the_api_killed_while_the_body_arrives_stores_nothing(
        live_api: LiveApi, auth, mongo: Mongo) -> None:
    async with httpx.AsyncClient(base_url=live_api.url) as http:
        call = await call_of_kind(http, auth, "ca", documents=ALL_KINDS)
        candidate = auth("candidate", sub="cand-1")
        application_id = (await apply(http, candidate, call["id"]))["id"]
    boundary = "eu-ats-kill-boundary"
    head = multipart_head(boundary, kind="other", filename="annex.pdf")
    _reader, writer = await asyncio.open_connection("127.0.0.1", live_api.port)
    writer.write(request_head(path=f"/api/v1/applications/{application_id}/documents",
                              port=live_api.port, boundary=boundary,
                              length=len(head) + 8 * 1_048_576, headers=candidate))
    writer.write(head + pdf_bytes() + os.urandom(2 * 1_048_576))  # a quarter of the body
    await writer.drain()
    await asyncio.sleep(0.5)
    live_api.kill()
    writer.close()
    # The form is spooled (an unlinked temporary file past 1 MiB) until its last byte.
    for name in ("documents", FILES, CHUNKS):
        assert await _count(mongo, name) == 0, name


async def _orphan_chunks(ctx: Ctx, *, closed: bool) -> ObjectId:
    """What a crash leaves: chunks written (and, if ``closed``, the files document) but no
    document record."""
    file_id = documents_repo.new_file_id(ctx.clock.now())
    upload = documents_repo.open_upload(ctx.db, file_id=file_id, filename=str(ObjectId()),
                                        metadata={"application_id": ObjectId()},
                                        uploaded_at=ctx.clock.now())
    await upload.write(os.urandom(600_000))  # two full chunks written, one buffered
    if closed:
        await upload.close()
    return file_id


async def test_the_sweep_keeps_what_is_young_or_referenced(
        ctx: Ctx, mongo: Mongo, clock: ManualClock) -> None:
    stored = await store_upload(ctx, source=upload_file(pdf_bytes("CV")),
                                application_id=ObjectId(), kind=DocumentKind.cv, language=None,
                                owner_subject="candidate-1", scanner=make_scanner(ctx.settings))
    await _orphan_chunks(ctx, closed=False)
    unreferenced = await _orphan_chunks(ctx, closed=True)
    assert await _count(mongo, FILES) == 2

    clock.advance(timedelta(minutes=ctx.settings.orphan_grace_minutes - 1))
    assert await _sweep(mongo, clock, ctx.settings) == {
        "unreferenced_files": 0, "orphan_uploads": 0, "orphan_chunks": 0}

    clock.advance(timedelta(minutes=2))
    young = await _orphan_chunks(ctx, closed=False)  # began just now: kept
    assert await _sweep(mongo, clock, ctx.settings) == {
        "unreferenced_files": 1, "orphan_uploads": 1, "orphan_chunks": 2}
    assert not await documents_repo.file_exists(mongo.db, unreferenced)
    assert await mongo.db[CHUNKS].count_documents({"files_id": unreferenced}) == 0
    assert await mongo.db[CHUNKS].count_documents({"files_id": young}) == 2
    # The accepted document is untouched and reads back whole.
    content = b"".join([c async for c in documents_repo.open_content(mongo.db, stored.gridfs_id)])
    assert content == pdf_bytes("CV")
    # Idempotent: a second run finds nothing more.
    assert await _sweep(mongo, clock, ctx.settings) == {
        "unreferenced_files": 0, "orphan_uploads": 0, "orphan_chunks": 0}


async def test_the_sweep_pages_through_more_than_one_batch(
        ctx: Ctx, mongo: Mongo, clock: ManualClock, monkeypatch) -> None:
    from app.services.documents import cleanup

    monkeypatch.setattr(cleanup, "BATCH", 2)
    for _ in range(5):
        await _orphan_chunks(ctx, closed=False)
    clock.advance(timedelta(minutes=ctx.settings.orphan_grace_minutes + 1))
    counts = await _sweep(mongo, clock, ctx.settings)
    assert counts["orphan_uploads"] == 5 and counts["orphan_chunks"] == 10
    assert await _count(mongo, CHUNKS) == 0
