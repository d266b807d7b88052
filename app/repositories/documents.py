"""The ``documents`` collection and its GridFS bucket ``document_files`` (the bytes)."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator, Mapping
from contextlib import suppress
from datetime import datetime
from typing import Any, cast

from bson import Binary, ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db, Filter
from app.models.common import PageParams
from app.models.stored_more import DocumentMetaDoc
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "documents"
BUCKET = "document_files"
FILES = f"{BUCKET}.files"
CHUNKS = f"{BUCKET}.chunks"
GRIDFS_CHUNK = 255 * 1024


def documents(db: Db) -> AsyncCollection[DocumentMetaDoc]:
    """The documents' metadata, typed (their validator guarantees the shape: the one cast)."""
    return cast("AsyncCollection[DocumentMetaDoc]", db[COLLECTION])


def bucket(db: Db) -> AsyncGridFSBucket:
    return AsyncGridFSBucket(db, bucket_name=BUCKET, chunk_size_bytes=GRIDFS_CHUNK)


class ChunkedUpload:
    """A GridFS upload stream that inserts each chunk as soon as it is full.

    PyMongo's AsyncGridIn keeps chunk documents in memory until 48 MB have accumulated, so a
    15 MB upload would sit whole in RAM (and again as BSON). This writes the same GridFS layout
    (``files`` + ``chunks``) with at most one chunk buffered; the ``files`` document is written
    last, so a file is visible to readers only once it is complete.
    """

    def __init__(self, db: Db, *, file_id: ObjectId, filename: str,
                 metadata: Mapping[str, Any], uploaded_at: datetime,
                 chunk_size: int = GRIDFS_CHUNK) -> None:
        self._db = db
        self.file_id = file_id
        self._filename = filename
        self._metadata = dict(metadata)
        self._uploaded_at = uploaded_at
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._n = 0
        self._length = 0

    async def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= self._chunk_size:
            await self._flush(bytes(self._buffer[: self._chunk_size]))
            del self._buffer[: self._chunk_size]

    async def _flush(self, data: bytes) -> None:
        await self._db[f"{BUCKET}.chunks"].insert_one(
            {"files_id": self.file_id, "n": self._n, "data": Binary(data)})
        self._n += 1
        self._length += len(data)

    async def close(self) -> None:
        """Write the last chunk and the ``files`` document."""
        if self._buffer:
            await self._flush(bytes(self._buffer))
            self._buffer.clear()
        await self._db[f"{BUCKET}.files"].insert_one({
            "_id": self.file_id, "length": self._length, "chunkSize": self._chunk_size,
            "uploadDate": self._uploaded_at, "filename": self._filename,
            "metadata": self._metadata,
        })

    async def abort(self) -> None:
        """Remove whatever chunks were written."""
        self._buffer.clear()
        await self._db[f"{BUCKET}.chunks"].delete_many({"files_id": self.file_id})


def new_file_id(at: datetime) -> ObjectId:
    """A GridFS file id whose timestamp is ``at``, the service clock's: chunks carry no date,
    so the orphan sweep dates an upload by its id. The other 8 bytes of a fresh ObjectId
    (random + counter) keep it unique."""
    return ObjectId(struct.pack(">I", int(at.timestamp())) + ObjectId().binary[4:])


def open_upload(db: Db, *, file_id: ObjectId, filename: str, metadata: Mapping[str, Any],
                uploaded_at: datetime) -> ChunkedUpload:
    """A GridFS upload stream; ``abort()`` it on failure, ``close()`` it when complete."""
    return ChunkedUpload(db, file_id=file_id, filename=filename, metadata=metadata,
                         uploaded_at=uploaded_at)


async def delete_file(db: Db, gridfs_id: ObjectId) -> None:
    """Remove a GridFS file and its chunks (no error if it is already gone)."""
    with suppress(NoFile):
        await bucket(db).delete(gridfs_id)


async def file_exists(db: Db, gridfs_id: ObjectId) -> bool:
    return await db[f"{BUCKET}.files"].find_one({"_id": gridfs_id}, {"_id": 1}) is not None


async def insert(db: Db, document: DocumentMetaDoc) -> None:
    await documents(db).insert_one(document)


async def get_document(db: Db, document_id: ObjectId) -> DocumentMetaDoc | None:
    """One document's metadata (access is the service's business)."""
    return await documents(db).find_one({"_id": document_id})


async def all_for_application(db: Db, application_id: ObjectId, *, cap: int
                              ) -> list[DocumentMetaDoc]:
    """An application's documents, newest first, at most ``cap`` (never an unbounded read)."""
    query = {"application_id": application_id}
    return await documents(db).find(query).sort("_id", -1).limit(cap).to_list()


async def list_for_application(db: Db, application_id: ObjectId, page: PageParams
                               ) -> PageSlice[DocumentMetaDoc]:
    """A page of an application's documents, newest first."""
    return await newest_first(documents(db), {"application_id": application_id}, page)


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


# The orphan sweep: GridFS content that no document record will ever point at.

async def chunked_file_ids(db: Db, *, created_before: datetime, after: ObjectId | None,
                           limit: int) -> list[ObjectId]:
    """Distinct ``files_id`` of chunks whose upload began before ``created_before``, in id
    order after ``after`` (a page of at most ``limit``)."""
    bound: dict[str, ObjectId] = {"$lt": ObjectId.from_datetime(created_before)}
    if after is not None:
        bound["$gt"] = after
    pipeline: list[dict[str, Any]] = [
        {"$match": {"files_id": bound}}, {"$group": {"_id": "$files_id"}},
        {"$sort": {"_id": 1}}, {"$limit": limit},
    ]
    cursor = await db[CHUNKS].aggregate(pipeline)
    return [doc["_id"] async for doc in cursor]


async def existing_file_ids(db: Db, file_ids: list[ObjectId]) -> set[ObjectId]:
    """Which of ``file_ids`` have their ``files`` document."""
    return {doc["_id"] async for doc in db[FILES].find({"_id": {"$in": file_ids}}, {"_id": 1})}


async def delete_chunks_of(db: Db, file_ids: list[ObjectId]) -> int:
    """Delete every chunk of ``file_ids``; return how many."""
    result = await db[CHUNKS].delete_many({"files_id": {"$in": file_ids}})
    return result.deleted_count


async def files_uploaded_before(db: Db, *, before: datetime, after: ObjectId | None,
                                limit: int) -> list[ObjectId]:
    """Ids of GridFS files uploaded before ``before``, a page in id order after ``after``."""
    query: Filter = {"uploadDate": {"$lt": before}}
    if after is not None:
        query["_id"] = {"$gt": after}
    cursor = db[FILES].find(query, {"_id": 1}).sort("_id", 1).limit(limit)
    return [doc["_id"] async for doc in cursor]


async def referenced_file_ids(db: Db, file_ids: list[ObjectId]) -> set[ObjectId]:
    """Which of ``file_ids`` a document record points at."""
    cursor = db[COLLECTION].find({"gridfs_id": {"$in": file_ids}}, {"gridfs_id": 1})
    return {doc["gridfs_id"] async for doc in cursor}


async def delete_files(db: Db, file_ids: list[ObjectId]) -> int:
    """Delete GridFS files: the ``files`` documents first, so that a crash in between leaves
    chunks without a file, which the sweep's other pass removes. Returns files deleted."""
    result = await db[FILES].delete_many({"_id": {"$in": file_ids}})
    await db[CHUNKS].delete_many({"files_id": {"$in": file_ids}})
    return result.deleted_count
