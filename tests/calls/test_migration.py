"""The calls collection's validator and indexes (migration 2026-11-22-0002)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pymongo.errors import DuplicateKeyError, WriteError


def _doc(**overrides) -> dict:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    doc = {"kind": "ca", "reference": "EC/M/1", "status": "draft", "title": "t", "unit": "X.A",
           "deadline": {"local": "2027-01-15T12:00:00", "zone": "Europe/Brussels", "utc": now},
           "version": 1, "created_at": now, "updated_at": now}
    doc.update(overrides)
    return doc


@pytest.mark.parametrize("bad", [
    {"status": "archived"},
    {"kind": "consultant"},
    {"version": "1"},
    {"deadline": {"local": "2027-01-15T12:00:00", "zone": "Europe/Brussels",
                  "utc": "2027-01-15T11:00:00Z"}},
    {"title": None},
])
async def test_validator_refuses_malformed_calls(mongo, bad) -> None:
    with pytest.raises(WriteError):
        await mongo.db.calls.insert_one(_doc(**bad))


async def test_validator_requires_the_core_fields(mongo) -> None:
    doc = _doc()
    del doc["deadline"]
    with pytest.raises(WriteError):
        await mongo.db.calls.insert_one(doc)


async def test_reference_is_unique_and_the_job_has_its_index(mongo) -> None:
    await mongo.db.calls.insert_one(_doc())
    with pytest.raises(DuplicateKeyError):
        await mongo.db.calls.insert_one(_doc())
    keys = [list(ix["key"].items()) async for ix in await mongo.db.calls.list_indexes()]
    assert [("status", 1), ("deadline.utc", 1)] in keys
    assert [("unit", 1), ("_id", -1)] in keys
    assert [("status", 1), ("kind", 1), ("_id", -1)] in keys
