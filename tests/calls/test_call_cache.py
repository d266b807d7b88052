"""Calls read recently are answered from memory (``ATS_CALL_CACHE_SECONDS``): every application
read, list, create and submit names its call; the public list's pages likewise
(``ATS_PUBLIC_LIST_CACHE_SECONDS``). This replica's own changes show at once; another
replica's within the setting's seconds; 0 turns the memory off."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from bson import ObjectId

from app.config import Settings
from app.db import Mongo
from tests.applications.factories import apply, candidate, draft, hr, open_call


async def _call_title(client: httpx.AsyncClient, headers: dict[str, str], app_id: str) -> Any:
    response = await client.get(f"/api/v1/applications/{app_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["call"]


async def test_this_replicas_own_change_shows_at_once(client: httpx.AsyncClient, auth: Any) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"])
    assert (await _call_title(client, me, application["id"]))["status"] == "published"

    closed = await client.post(f"/api/v1/calls/{call['id']}/close", headers=hr(auth))
    assert closed.status_code == 200, closed.text

    assert (await _call_title(client, me, application["id"]))["status"] == "closed"
    late = await apply(client, candidate(auth, sub="cand-late"), call["id"])
    assert late.status_code == 409, late.text


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    return base_settings.model_copy(update={"call_cache_seconds": 0.5,
                                            "public_list_cache_seconds": 0.5})


async def test_another_replicas_change_shows_within_the_setting(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"])
    before = (await _call_title(client, me, application["id"]))["title"]

    # What another replica's correction looks like from here: the document changed under us.
    await mongo.db["calls"].update_one({"_id": ObjectId(call["id"])},
                                       {"$set": {"title": "Corrected title"}})
    assert (await _call_title(client, me, application["id"]))["title"] == before
    await asyncio.sleep(0.6)
    assert (await _call_title(client, me, application["id"]))["title"] == "Corrected title"


async def _public_titles(client: httpx.AsyncClient) -> list[str]:
    response = await client.get("/api/v1/public/calls")
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_the_public_list_shows_this_replicas_changes_at_once_and_others_within_seconds(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    first = await open_call(client, auth, kind="ca")
    assert len(await _public_titles(client)) == 1
    second = await open_call(client, auth, kind="ta", unit="CNECT.B.1")  # published here
    assert len(await _public_titles(client)) == 2
    closed = await client.post(f"/api/v1/calls/{first['id']}/close", headers=hr(auth))
    assert closed.status_code == 200, closed.text
    assert len(await _public_titles(client)) == 1

    await mongo.db["calls"].update_one({"_id": ObjectId(second["id"])},
                                       {"$set": {"title": "Corrected title"}})
    assert await _public_titles(client) != ["Corrected title"]  # the rendered page, still
    await asyncio.sleep(0.6)
    assert await _public_titles(client) == ["Corrected title"]
