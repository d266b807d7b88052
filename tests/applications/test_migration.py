"""The applications migration: validators refuse malformed documents; the indexes exist."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bson import ObjectId
from pymongo.errors import WriteError

from app.db import Mongo


async def test_indexes_exist(mongo: Mongo) -> None:
    applications = await mongo.db.applications.index_information()
    unique = [i for i in applications.values() if i.get("unique")]
    assert [k for k, _ in unique[0]["key"]] == ["call_id", "profile_code", "candidate_key"]
    keys = {tuple(k for k, _ in i["key"]) for i in applications.values()}
    assert {("owner_sub", "_id"), ("permrep_country", "_id"),
            ("call_id", "status", "_id")} <= keys
    needs = await mongo.db.special_needs.index_information()
    assert any(i.get("unique") and i["key"][0][0] == "application_id" for i in needs.values())
    outbox = await mongo.db.outbox.index_information()
    assert {tuple(k for k, _ in i["key"]) for i in outbox.values()} >= {
        ("delivered_at", "deliver_after")}


async def test_validator_refuses_an_unknown_status(mongo: Mongo) -> None:
    now = datetime.now(UTC)
    with pytest.raises(WriteError):
        await mongo.db.applications.insert_one({
            "call_id": ObjectId(), "call_kind": "ca", "profile_code": "p", "channel": "candidate",
            "candidate_key": "c", "owner_sub": "c", "permrep_country": None,
            "status": "hired", "profile": {}, "version": 1, "created_at": now,
            "updated_at": now})


async def test_special_needs_must_be_ciphertext(mongo: Mongo) -> None:
    with pytest.raises(WriteError):
        await mongo.db.special_needs.insert_one({
            "application_id": ObjectId(), "nonce": b"123456789012",
            "ciphertext": "plain text needs", "created_at": datetime.now(UTC)})
