"""The supervisor backs off while the embedded database keeps failing, then brings it back."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.config import Settings
from app.db import connect

GUARD_SECONDS = 60.0


async def _until(condition: Callable[[], bool], within: float = GUARD_SECONDS) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_database_that_cannot_restart_is_retried_with_growing_delays(
    tmp_path: Path, base_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.db")
    settings = base_settings.model_copy(update={
        "mongodb_uri": None, "embedded_db_path": tmp_path / "db", "mongodb_db": "backoff"})
    mongo = await connect(settings)
    squatter = socket.socket()
    try:
        embedded = mongo.embedded
        assert embedded is not None and embedded.process is not None
        await mongo.db.marks.insert_one({"kept": True})
        embedded.process.kill()
        embedded.process.wait()
        # Another program takes the port: every restart fails until it lets go.
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", embedded.port))
        squatter.listen()

        def delays() -> list[float]:
            return [float(r.__dict__["restart_in_seconds"]) for r in caplog.records
                    if r.getMessage() == "embedded database exited; restarting it"]

        assert await _until(lambda: len(delays()) >= 3), delays()
        assert delays()[:3] == sorted(delays()[:3]) and delays()[0] < delays()[2]
        assert any(r.getMessage() == "embedded database failed to restart"
                   for r in caplog.records)
        squatter.close()

        assert await _until(lambda: embedded.restarts == 1)
        assert await mongo.db.marks.count_documents({"kept": True}) == 1  # same storage
    finally:
        squatter.close()
        await mongo.close()
