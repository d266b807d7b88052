"""The one MongoDB client, and the embedded SecantusDB server started when no URI is configured."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any, TypeAlias

from pymongo import AsyncMongoClient, WriteConcern
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from app.config import Settings
from app.embedded import EmbeddedServer, free_port

__all__ = ["Collection", "Db", "Document", "EmbeddedServer", "Filter", "Mongo", "Update",
           "connect", "make_client"]

log = logging.getLogger("app.db")

Document: TypeAlias = dict[str, Any]
# MongoDB's own operator documents, which services build and repositories send. Their shape is
# the query language's, not ours: stored documents are typed (models/stored*.py), these are not.
Filter: TypeAlias = dict[str, Any]  # {"call_id": ..., "status": {"$in": [...]}}
Update: TypeAlias = dict[str, Any]  # {"$set": {...}}, or the members a $set takes
Db: TypeAlias = AsyncDatabase[Document]
Collection: TypeAlias = AsyncCollection[Document]

# Acknowledged means durable: on a replica set, written to a majority and to their journals (j
# spelled out, so a set with writeConcernMajorityJournalDefault=false is no weaker); on the
# embedded server, j makes each single write fsync its journal before the reply.
WRITE_CONCERN = WriteConcern(w="majority", j=True)
DEFAULT_TIMEOUT_SECONDS = 2.0


@dataclass
class Mongo:
    """The client, the database, and the embedded server (and its supervisor) when there is one."""

    client: AsyncMongoClient[Document]
    db: Db
    embedded: EmbeddedServer | None = None
    supervisor: asyncio.Task[None] | None = None

    async def close(self) -> None:
        """Stop supervising, close the client while the server still answers, then stop it."""
        if self.supervisor is not None:
            self.supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.supervisor
        await self.client.close()
        if self.embedded is not None:
            await self.embedded.aclose()


def make_client(
    uri: str, *, app_name: str = "eu-ats", timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
) -> AsyncMongoClient[Document]:
    """A client with the service's defaults (majority journaled writes, UTC-aware datetimes).

    ``timeout_seconds`` bounds server selection: a database that cannot be reached (refused,
    unroutable, no primary) fails the request (503) after that long instead of pymongo's 30 s.
    connectTimeoutMS stays pymongo's: the monitor uses it to read ``hello`` replies too, and a
    short one would mark a merely slow server unknown."""
    return AsyncMongoClient(
        uri, w="majority", journal=True, appname=app_name, tz_aware=True,
        serverSelectionTimeoutMS=int(timeout_seconds * 1000),
    )


async def connect(settings: Settings) -> Mongo:
    """Connect to the configured MongoDB, starting (and supervising) the embedded server when no
    URI is set."""
    embedded = None
    supervisor = None
    uri = settings.mongodb_uri
    if uri is None:
        if settings.is_production:
            raise RuntimeError("the embedded database is not for production")
        embedded = EmbeddedServer(
            storage_path=settings.embedded_db_path.resolve(),
            port=settings.embedded_db_port or free_port(),
            cache_size=settings.embedded_db_cache_size,
            test_commands=settings.embedded_db_test_commands,
        )
        embedded.start()
        try:
            await embedded.wait_ready()
        except BaseException:
            embedded.stop()
            raise
        uri = embedded.uri
        assert embedded.process is not None
        log.info("embedded database started",
                 extra={"port": embedded.port, "db_pid": embedded.process.pid})
        supervisor = asyncio.create_task(embedded.supervise(), name="embedded-db-supervisor")
    client = make_client(uri, timeout_seconds=settings.mongodb_timeout_seconds)
    db = client.get_database(settings.mongodb_db, write_concern=WRITE_CONCERN)
    return Mongo(client=client, db=db, embedded=embedded, supervisor=supervisor)
