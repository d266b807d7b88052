"""The documents migration: a validator that refuses malformed records, and the indexes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bson import ObjectId
from pymongo.errors import WriteError

from app.db import Mongo


def _record(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "_id": ObjectId(), "application_id": ObjectId(), "kind": "cv", "language": "EN",
        "filename": "cv.pdf", "content_type": "application/pdf", "size": 10,
        "sha256": "a" * 64, "gridfs_id": ObjectId(),
        "scan": {"scanned": True, "engine": "clamd", "at": datetime.now(UTC)},
        "europass": None, "uploaded_by": "candidate-1", "uploaded_at": datetime.now(UTC),
        "version": 1,
    }
    record.update(changes)
    return record


async def test_the_validator_accepts_a_well_formed_record(mongo: Mongo) -> None:
    await mongo.db.documents.insert_one(_record())
    assert await mongo.db.documents.count_documents({}) == 1


@pytest.mark.parametrize("changes", [
    {"kind": "passport"},
    {"content_type": "text/html"},
    {"sha256": "not-a-hash"},
    {"gridfs_id": "abc"},
    {"scan": {"scanned": "yes", "at": datetime.now(UTC)}},
])
async def test_the_validator_refuses_malformed_records(mongo: Mongo,
                                                      changes: dict[str, object]) -> None:
    with pytest.raises(WriteError):
        await mongo.db.documents.insert_one(_record(**changes))


async def test_the_indexes_exist(mongo: Mongo) -> None:
    documents = {tuple(i["key"]) for i in
                 (await mongo.db.documents.index_information()).values()}
    assert (("application_id", 1), ("_id", -1)) in documents
    assert (("sha256", 1),) in documents
    chunks = await mongo.db["document_files.chunks"].index_information()
    unique = [i for i in chunks.values() if list(i["key"]) == [("files_id", 1), ("n", 1)]]
    assert unique and unique[0].get("unique") is True
    files = {tuple(i["key"]) for i in
             (await mongo.db["document_files.files"].index_information()).values()}
    assert (("filename", 1), ("uploadDate", 1)) in files
