"""Health, readiness, metrics, headers and request ids."""

from __future__ import annotations

import httpx


async def test_healthz_and_readyz_answer(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


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
