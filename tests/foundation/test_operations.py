"""Health, readiness, metrics, headers and request ids."""

from __future__ import annotations

import socket

import httpx
import pytest

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo, make_client
from app.main import create_app


async def test_healthz_and_readyz_answer(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok", "scanner": "not_configured"}


@pytest.mark.parametrize("clamd_up", [True, False], ids=["clamd-up", "clamd-down"])
async def test_readyz_reports_the_scanner_without_failing_on_it(
    clamd_settings: Settings, clock: ManualClock, mongo: Mongo, clamd_up: bool
) -> None:
    # A clamd that is down must not take reads offline: uploads already fail closed (503).
    settings = clamd_settings if clamd_up else clamd_settings.model_copy(
        update={"clamd_port": _closed_port()})
    app = create_app(settings, clock=clock, mongo=mongo)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["scanner"] == ("ok" if clamd_up else "unavailable")


async def test_readyz_is_503_when_the_database_does_not_answer(
    settings: Settings, clock: ManualClock
) -> None:
    client = make_client(f"mongodb://127.0.0.1:{_closed_port()}/?directConnection=true")
    silent = Mongo(client=client, db=client.get_database("nothing"))
    app = create_app(settings, clock=clock, mongo=silent)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        response = await http.get("/readyz")
    await silent.client.close()
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "5"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient, auth) -> None:
    await client.get("/api/v1/admin/jobs", headers=auth("admin"))
    await client.get("/api/v1/admin/jobs", headers=auth("admin"))
    body = (await client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/api/v1/admin/jobs",status="200"} 2.0' in body
    assert "http_request_duration_seconds_bucket" in body


async def test_request_id_is_honoured_or_generated(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces"
    assert len(made.headers["x-request-id"]) == 32


async def test_api_responses_carry_security_headers_and_no_store(
    client: httpx.AsyncClient, auth
) -> None:
    response = await client.get("/api/v1/admin/jobs", headers=auth("admin"))
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_cors_allows_only_configured_origins(client: httpx.AsyncClient) -> None:
    preflight = {"Access-Control-Request-Method": "GET"}
    ok = await client.options("/api/v1/admin/jobs",
                              headers={"Origin": "https://spa.example.eu", **preflight})
    assert ok.headers.get("access-control-allow-origin") == "https://spa.example.eu"
    other = await client.options("/api/v1/admin/jobs",
                                 headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
