"""Rate limits per caller and per anonymous IP: 429 problem+json with Retry-After, shared
through the database, reset by the next window."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from tests.applications.factories import Auth
from tests.integrations.helpers import register_client, request_token


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rate_limit_caller": "5/minute",
                                       "rate_limit_anonymous": "3/minute"})


async def test_a_caller_beyond_its_limit_gets_429_until_the_window_turns(
        client: httpx.AsyncClient, auth: Auth, clock: ManualClock, mongo: Mongo) -> None:
    clock.set(clock.now().replace(second=10, microsecond=0))
    machine = auth("permrep", sub="pr-pt-system", country="PT")
    answers = [await client.get("/api/v1/applications", headers=machine) for _ in range(6)]
    assert [r.status_code for r in answers] == [200] * 5 + [429]
    refused = answers[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/rate-limited")
    assert refused.headers["retry-after"] == "51"
    other = await client.get("/api/v1/applications", headers=auth("permrep", sub="pr-be",
                                                                  country="BE"))
    assert other.status_code == 200  # counted per caller
    stored = await mongo.db.rate_limits.find_one({})
    assert stored is not None and "pr-pt-system" not in stored["_id"]
    clock.advance(timedelta(seconds=51))
    assert (await client.get("/api/v1/applications", headers=machine)).status_code == 200


async def test_anonymous_callers_and_the_token_endpoint_are_limited_per_address(
        client: httpx.AsyncClient, auth: Auth) -> None:
    answers = [await client.get("/api/v1/public/calls") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert (await client.get("/api/v1/public/calls")).status_code == 429
    machine = await register_client(client, auth)
    token = await request_token(client, machine)
    assert token.status_code == 429 and "retry-after" in token.headers
