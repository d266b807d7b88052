"""Writes to several collections in one command: MongoDB 8.0's client-level ``bulkWrite``.

A change and its records (the application and its audit event; a status change, its webhook
event and its audit event) are sent as one ordered command instead of one command each: the
request waits for one round trip, and a failing operation (a duplicate) stops the ones after it,
so a refused change leaves no record behind. Inside a transaction they commit or abort together.

Servers before 8.0 (wire version < 25) have no such command: the same operations are then sent
one by one, in order, with the same results and errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import ClientBulkWriteException, DuplicateKeyError, InvalidOperation
from pymongo.operations import InsertOne, UpdateOne

from app.db import Db, Document

DUPLICATE_KEY = 11000
_unsupported: set[int] = set()  # clients (by id) whose server refused client-level bulkWrite


@dataclass(frozen=True)
class Insert:
    collection: str
    document: Mapping[str, Any]  # any stored shape (an ApplicationDoc, an event...)


@dataclass(frozen=True)
class Update:
    """Update one document matching ``filter`` (no upsert); its match count is reported."""

    collection: str
    filter: Document
    update: Document


Write = Insert | Update


@dataclass(frozen=True)
class Outcome:
    """What each operation did, in order: inserted (1) or matched (0 or 1) documents."""

    counts: list[int]


class DuplicateAt(DuplicateKeyError):
    """Operation ``index`` met a unique index; the operations after it were not attempted."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message, DUPLICATE_KEY)
        self.index = index


def _model(db: Db, op: Write) -> Any:
    namespace = f"{db.name}.{op.collection}"
    if isinstance(op, Update):
        return UpdateOne(op.filter, op.update, namespace=namespace)
    return InsertOne(op.document, namespace=namespace)


async def write_together(db: Db, ops: Sequence[Write], *,
                         session: AsyncClientSession | None = None) -> Outcome:
    """Apply ``ops`` in order, in one command where the server can; stop at a duplicate."""
    client = db.client
    if id(client) not in _unsupported:
        try:
            # In a transaction the write concern is the transaction's (given at commit). A long
            # list (a panel's decisions on a stage: four operations an application) is split by
            # the driver past the server's maxWriteBatchSize or message size, in the same
            # session, and the results keep the list's indexes.
            result = await client.bulk_write(
                [_model(db, op) for op in ops], session=session, ordered=True,
                verbose_results=True, write_concern=None if session else db.write_concern)
        except ClientBulkWriteException as exc:
            errors: list[Any] = list(exc.write_errors or [])  # plain dicts at run time
            for error in errors:
                if error.get("code") == DUPLICATE_KEY:
                    raise DuplicateAt(int(error["idx"]), str(error.get("errmsg"))) from None
            raise
        except InvalidOperation as exc:
            if "8.0" not in str(exc):
                raise
            _unsupported.add(id(client))
        else:
            return Outcome([result.update_results[index].matched_count
                            if isinstance(op, Update) else 1 for index, op in enumerate(ops)])
    return await one_by_one(db, ops, session=session)


async def one_by_one(db: Db, ops: Sequence[Write], *,
                     session: AsyncClientSession | None = None) -> Outcome:
    """The same operations, one command each (servers before MongoDB 8.0)."""
    counts: list[int] = []
    for index, op in enumerate(ops):
        try:
            if isinstance(op, Update):
                updated = await db[op.collection].update_one(op.filter, op.update,
                                                             session=session)
                counts.append(updated.matched_count)
            else:
                # A mutable mapping in fact: the driver gives it its _id when it has none.
                await db[op.collection].insert_one(cast(Document, op.document),
                                                   session=session)
                counts.append(1)
        except DuplicateKeyError as exc:
            raise DuplicateAt(index, str(exc)) from None
    return Outcome(counts)
