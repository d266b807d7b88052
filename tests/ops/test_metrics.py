"""/metrics: the process, the jobs, the database; protected by a bearer token when set."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo, make_client
from app.jobs.runner import JobRunner, JobSpec
from app.main import create_app
from app.services.context import Ctx


async def _metrics(app: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://t") as http:
        return await http.get("/metrics", headers=headers or {})


async def test_process_and_database_metrics(client: httpx.AsyncClient) -> None:
    body = (await client.get("/metrics")).text
    assert "process_resident_memory_bytes" in body
    assert "process_open_fds" in body
    assert 'python_info{' in body
    assert "database_up 1.0" in body
    assert "outbox_depth 0.0" in body and "outbox_dead_letters 0.0" in body


async def test_database_down_is_a_metric_not_an_error(settings: Settings,
                                                      clock: ManualClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(f"mongodb://127.0.0.1:{port}/?directConnection=true"
                         "&serverSelectionTimeoutMS=500")
    silent = Mongo(client=client, db=client.get_database("nothing"))
    app = create_app(settings, clock=clock, mongo=silent)
    async with app.router.lifespan_context(app):
        response = await _metrics(app)
    await client.close()
    assert response.status_code == 200
    assert "database_up 0.0" in response.text


async def test_job_runs_durations_and_failures(app: Any, client: httpx.AsyncClient, auth,
                                               mongo: Mongo, clock: ManualClock,
                                               settings: Settings) -> None:
    ran = await client.post("/api/v1/admin/jobs/close_calls/run", headers=auth("admin"))
    assert ran.json()["ran"] is True

    async def explode(ctx: Ctx) -> dict[str, int]:
        raise RuntimeError("boom")

    failing = JobSpec(name="exploding", interval_seconds=lambda s: 60, run=explode,
                      description="always fails")
    runner = JobRunner(db=mongo.db, clock=clock, settings=settings, metrics=app.state.metrics)
    assert await runner.run(failing) is None

    body = (await client.get("/metrics")).text
    assert 'job_runs_total{job="close_calls",outcome="ok"} 1.0' in body
    assert 'job_duration_seconds_count{job="close_calls"} 1.0' in body
    assert 'job_runs_total{job="exploding",outcome="failed"} 1.0' in body
    assert 'job_failures_total{job="exploding"} 1.0' in body


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"Authorization": "Bearer wrong"}, 401),
    ({"Authorization": "Bearer scrape-token-1"}, 200),
])
async def test_metrics_token(settings: Settings, clock: ManualClock, mongo: Mongo,
                             headers: dict[str, str], status: int) -> None:
    protected = settings.model_copy(update={"metrics_token": SecretStr("scrape-token-1")})
    app = create_app(protected, clock=clock, mongo=mongo)
    async with app.router.lifespan_context(app):
        response = await _metrics(app, headers)
    assert response.status_code == status
    if status == 401:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "http_requests_total" not in response.text
