"""Upload tests run against the session's real clamd (EICAR-only signatures) and the real DB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.main import create_app
from tests.clamd import clamd  # noqa: F401 - the session fixture, used below
from tests.reachability import record

ClientFactory = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def settings(base_settings: Settings, clamd: tuple[str, int]) -> Settings:  # noqa: F811
    """Every upload in these tests is scanned by the real clamd."""
    host, port = clamd
    return base_settings.model_copy(update={"clamd_host": host, "clamd_port": port})


@pytest.fixture
def client_with(settings: Settings, clock: ManualClock, mongo: Mongo) -> ClientFactory:
    """``async with client_with(max_upload_bytes=...) as http``: a client on an app with
    changed settings (same database, clock and signing key)."""

    @asynccontextmanager
    async def make(**changes: Any) -> AsyncIterator[httpx.AsyncClient]:
        application = record(create_app(settings.model_copy(update=changes), clock=clock,
                                        mongo=mongo))
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                yield http

    return make
