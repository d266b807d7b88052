"""A client that hangs up in the middle of its upload, against the real server process."""

from __future__ import annotations

import asyncio
import os
import uuid

import httpx

from app.db import Mongo
from tests.documents_api.helpers import ALL_KINDS, apply, call_of_kind
from tests.uploads.live import LiveApi, live_api, multipart_head, request_head

__all__ = ["live_api"]
UPLOAD_ROUTE = "/api/v1/applications/{application_id}/documents"


async def test_a_client_that_disconnects_mid_upload_is_a_client_abort(
        live_api: LiveApi, auth, mongo: Mongo) -> None:
    async with httpx.AsyncClient(base_url=live_api.url) as http:
        call = await call_of_kind(http, auth, "ca", documents=ALL_KINDS)
        candidate = auth("candidate", sub="cand-1")
        application_id = (await apply(http, candidate, call["id"]))["id"]

    request_id = f"abort-{uuid.uuid4().hex[:12]}"
    boundary = "eu-ats-test-boundary"
    head = multipart_head(boundary, kind="cv", filename="cv.pdf")
    _reader, writer = await asyncio.open_connection("127.0.0.1", live_api.port)
    writer.write(request_head(
        path=f"/api/v1/applications/{application_id}/documents", port=live_api.port,
        boundary=boundary, length=len(head) + 4 * 1_048_576,
        headers={**candidate, "X-Request-ID": request_id}))
    writer.write(head + b"%PDF-1.7\n" + os.urandom(512 * 1024))  # an eighth of what it promised
    await writer.drain()
    await asyncio.sleep(0.5)  # the server is reading the body now
    writer.close()  # ... and the client is gone
    await writer.wait_closed()

    access = await live_api.wait_for_log(
        lambda e: e.get("msg") == "request" and e.get("request_id") == request_id)
    assert access["status"] == 499
    assert access["route"] == UPLOAD_ROUTE
    errors = [e for e in live_api.logs() if e.get("level") in ("ERROR", "CRITICAL")]
    assert errors == [], errors
    abort = [e for e in live_api.logs() if e.get("msg") == "client closed the request"]
    assert [e["request_id"] for e in abort] == [request_id]

    metrics = httpx.get(f"{live_api.url}/metrics").text
    upload_lines = [line for line in metrics.splitlines()
                    if line.startswith("http_requests_total{") and UPLOAD_ROUTE in line]
    assert any('status="499"' in line for line in upload_lines), upload_lines
    assert not any('status="5' in line for line in upload_lines), upload_lines

    for name in ("documents", "document_files.files", "document_files.chunks"):
        assert await mongo.db[name].count_documents({}) == 0, name


async def test_a_client_that_disconnects_mid_json_body_is_a_client_abort(
        live_api: LiveApi, auth) -> None:
    request_id = f"abort-{uuid.uuid4().hex[:12]}"
    _reader, writer = await asyncio.open_connection("127.0.0.1", live_api.port)
    headers = {**auth("hr", sub="hr-1"), "X-Request-ID": request_id}
    head = "\r\n".join(["POST /api/v1/calls HTTP/1.1", f"Host: 127.0.0.1:{live_api.port}",
                        "Content-Type: application/json", "Content-Length: 4000",
                        *(f"{k}: {v}" for k, v in headers.items())])
    writer.write(head.encode() + b"\r\n\r\n" + b'{"title": "half a call')
    await writer.drain()
    await asyncio.sleep(0.3)
    writer.close()
    await writer.wait_closed()
    access = await live_api.wait_for_log(
        lambda e: e.get("msg") == "request" and e.get("request_id") == request_id)
    assert access["status"] == 499
