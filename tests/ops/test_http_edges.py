"""Errors raised before the app (413, 415, 400) and unexpected ones (500) reach the SPA with
CORS headers; a 500 is logged once, with its request id; operational routes are not cached."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi.responses import StreamingResponse

from app.logging import JsonFormatter

ORIGIN = "https://spa.example.eu"


@pytest.mark.parametrize(("headers", "status"), [
    ({"Content-Length": str(10 * 1_048_576), "Content-Type": "application/json"}, 413),
    ({"Content-Type": "text/plain"}, 415),
    ({"Content-Length": "twelve", "Content-Type": "application/json"}, 400),
], ids=["413", "415", "400"])
async def test_errors_of_the_service_middleware_carry_cors_headers(
    client: httpx.AsyncClient, auth, headers: dict[str, str], status: int
) -> None:
    request = client.build_request("POST", "/api/v1/calls", content=b"{}",
                                   headers={**auth("hr"), "Origin": ORIGIN})
    request.headers.update(headers)
    response = await client.send(request)
    assert response.status_code == status
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """What the service writes to stderr, as JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


async def test_an_unexpected_error_is_logged_once_with_its_request_id_and_cors(
    app: Any, json_logs: io.StringIO
) -> None:
    async def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/explode", explode, methods=["GET"])
    # raise_app_exceptions stays on: an exception escaping the app is what makes uvicorn log
    # the same error a second time ("Exception in ASGI application").
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as http:
        response = await http.get("/api/v1/explode",
                                  headers={"Origin": ORIGIN, "X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["x-request-id"] == "req-500"
    assert response.headers["access-control-allow-origin"] == ORIGIN
    errors = [line for line in _lines(json_logs) if line["level"] == "ERROR"]
    assert len(errors) == 1, errors
    assert errors[0]["request_id"] == "req-500"
    assert errors[0]["error_id"] in response.json()["detail"]
    access = [line for line in _lines(json_logs) if line["msg"] == "request"]
    assert [(a["status"], a["request_id"]) for a in access] == [(500, "req-500")]


def test_uvicorns_colour_copy_of_a_message_is_not_logged() -> None:
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1,
                               "Started server process [%d]", (42,), None)
    record.color_message = "Started server process [\x1b[36m%d\x1b[0m]"
    line = JsonFormatter().format(record)
    assert "\\u001b" not in line and "\x1b" not in line
    assert json.loads(line)["msg"] == "Started server process [42]"


@pytest.mark.parametrize("path", ["/readyz", "/metrics", "/healthz"])
async def test_operational_routes_are_never_cached(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


async def test_an_error_after_the_response_started_is_logged_once_with_its_request_id(
    app: Any, json_logs: io.StringIO
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first part"
        raise RuntimeError("the stream broke")

    async def stream() -> StreamingResponse:
        return StreamingResponse(chunks(), media_type="application/octet-stream")

    app.add_api_route("/api/v1/stream", stream, methods=["GET"])
    # Straight ASGI (httpx's test transport cannot show a cut-off response): the app must end
    # without completing the body, so that the server aborts the connection, and without
    # raising, so that the server does not log the same trace again.
    sent: list[dict[str, Any]] = []

    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if requested:  # the client stays connected
            await asyncio.Event().wait()
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": "/api/v1/stream", "raw_path": b"",
             "root_path": "", "query_string": b"", "server": ("testserver", 80),
             "client": ("127.0.0.1", 1234), "headers": [(b"x-request-id", b"req-cut")],
             "state": {}}
    await asyncio.wait_for(app(scope, receive, send), timeout=10)
    assert sent[0]["status"] == 200
    assert [m.get("more_body", False) for m in sent[1:]][-1] is True  # never completed
    errors = [line for line in _lines(json_logs) if line["level"] == "ERROR"]
    assert [e["request_id"] for e in errors] == ["req-cut"]
