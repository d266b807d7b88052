"""``ATS_CALL_CACHE_SECONDS=0``: every request reads the call again."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bson import ObjectId

from app.config import Settings
from app.db import Mongo
from tests.applications.factories import candidate, draft, open_call


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    return base_settings.model_copy(update={"call_cache_seconds": 0})


async def test_without_memory_a_change_shows_at_once(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"])
    await mongo.db["calls"].update_one({"_id": ObjectId(call["id"])},
                                       {"$set": {"title": "Corrected title"}})
    response = await client.get(f"/api/v1/applications/{application['id']}", headers=me)
    assert response.json()["call"]["title"] == "Corrected title"
