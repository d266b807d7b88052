"""The ``documents`` collection and its GridFS bucket ``document_files`` (the bytes)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import suppress
from typing import Any

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.asynchronous.grid_file import AsyncGridIn
from gridfs.errors import NoFile

from app.db import Db, Document

COLLECTION = "documents"
BUCKET = "document_files"
GRIDFS_CHUNK = 255 * 1024


def bucket(db: Db) -> AsyncGridFSBucket:
    return AsyncGridFSBucket(db, bucket_name=BUCKET, chunk_size_bytes=GRIDFS_CHUNK)


def open_upload(db: Db, *, file_id: ObjectId, filename: str,
                metadata: Mapping[str, Any]) -> AsyncGridIn:
    """A GridFS upload stream; ``abort()`` it on failure, ``close()`` it when complete."""
    return bucket(db).open_upload_stream_with_id(file_id, filename, metadata=metadata)


async def delete_file(db: Db, gridfs_id: ObjectId) -> None:
    """Remove a GridFS file and its chunks (no error if it is already gone)."""
    with suppress(NoFile):
        await bucket(db).delete(gridfs_id)


async def file_exists(db: Db, gridfs_id: ObjectId) -> bool:
    return await db[f"{BUCKET}.files"].find_one({"_id": gridfs_id}, {"_id": 1}) is not None


async def insert(db: Db, document: Document) -> None:
    await db[COLLECTION].insert_one(document)


async def get_document(db: Db, document_id: ObjectId) -> Document | None:
    """One document's metadata (access is the service's business)."""
    return await db[COLLECTION].find_one({"_id": document_id})


async def list_for_application(db: Db, application_id: ObjectId, after: ObjectId | None,
                               limit: int) -> list[Document]:
    """A page of an application's documents, newest first, after the cursor id."""
    query: dict[str, Any] = {"application_id": application_id}
    if after is not None:
        query["_id"] = {"$lt": after}
    cursor = db[COLLECTION].find(query).sort("_id", -1).limit(limit)
    return [doc async for doc in cursor]


async def delete_for_application(db: Db, application_id: ObjectId) -> int:
    """Delete every document of an application, metadata and bytes; return how many.

    GridFS files tagged with the application but without metadata (an upload cut short by a
    crash) go too: the purge must leave no copy.
    """
    gridfs_ids = {doc["gridfs_id"] async for doc in
                  db[COLLECTION].find({"application_id": application_id}, {"gridfs_id": 1})}
    async for grid_file in db[f"{BUCKET}.files"].find(
            {"metadata.application_id": application_id}, {"_id": 1}):
        gridfs_ids.add(grid_file["_id"])
    for gridfs_id in gridfs_ids:
        await delete_file(db, gridfs_id)
    # Chunks of an upload that never wrote its files record.
    await db[f"{BUCKET}.chunks"].delete_many({"files_id": {"$in": list(gridfs_ids)}})
    result = await db[COLLECTION].delete_many({"application_id": application_id})
    return result.deleted_count


async def delete_for_document(db: Db, document_id: ObjectId) -> None:
    """Remove one document's metadata (its GridFS file is deleted with ``delete_file``)."""
    await db[COLLECTION].delete_one({"_id": document_id})


async def open_content(db: Db, gridfs_id: ObjectId) -> AsyncIterator[bytes]:
    """Stream a stored file chunk by chunk (never the whole file in memory)."""
    grid_out = await bucket(db).open_download_stream(gridfs_id)
    try:
        while chunk := await grid_out.readchunk():
            yield chunk
    finally:
        await grid_out.close()
