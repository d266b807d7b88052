"""Cursor pages over any collection: newest first, one extra document fetched to know if more."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic

from pymongo.asynchronous.collection import AsyncCollection
from typing_extensions import TypeVar

from app.db import Filter
from app.models.common import PageParams, encode_cursor

# What a page holds: a repository's stored type (``PageSlice[CallDoc]``); a bare ``PageSlice``
# is a page of documents of no declared shape.
T = TypeVar("T", bound=Mapping[str, Any], default=Any)


@dataclass(frozen=True)
class PageSlice(Generic[T]):
    docs: list[T]
    next_cursor: str | None


async def newest_first(collection: AsyncCollection[T], query: Filter, page: PageParams,
                       projection: dict[str, Any] | None = None) -> PageSlice[T]:
    """The page of ``query``'s documents after ``page.cursor``, by descending ``_id``."""
    filters = dict(query)
    after = page.after_id()
    if after is not None:
        # Merged into the filter when it can be: a planner may not see an index through $and.
        filters = ({**filters, "_id": {"$lt": after}} if "_id" not in filters
                   else {"$and": [filters, {"_id": {"$lt": after}}]})
    cursor = collection.find(filters, projection).sort("_id", -1)
    found = await cursor.limit(page.limit + 1).to_list()
    more = len(found) > page.limit
    docs = found[: page.limit]
    return PageSlice(docs=docs, next_cursor=encode_cursor(docs[-1]["_id"]) if more else None)
