"""What anyone may read: published calls only."""

from __future__ import annotations

import re

from app.caching import etag_of
from app.db import Filter
from app.errors import NotFound
from app.models.calls import AnyCallRead, CallKind, CallStatus, published_read
from app.models.calls_public import PublicCallList, PublicCallSummary
from app.models.common import PageParams, object_id
from app.models.stored_more import PublicCallViewDoc
from app.repositories import calls as calls_repo
from app.services.calls.access import subtree
from app.services.calls.editing import text_filter
from app.services.context import Ctx

PUBLISHED = {"status": CallStatus.published.value}
SUMMARY_FIELDS = list(calls_repo.PUBLIC_SUMMARY)  # what a listed call shows (bench/ reads it)


async def list_public_calls(
    ctx: Ctx, *, page: PageParams, kind: CallKind | None = None, unit: str | None = None,
    place: str | None = None, open_now: bool = False, q: str | None = None,
) -> PublicCallList:
    """Published calls as summaries, newest first (closed, completed and cancelled ones are not
    listed); each links to its full notice."""
    clauses: list[Filter] = [PUBLISHED]
    if kind is not None:
        clauses.append({"kind": kind.value})
    if unit:
        clauses.append(subtree(unit))
    if place and place.strip():
        exact = "^" + re.escape(place.strip()) + "$"
        clauses.append({"places_of_employment": {"$regex": exact, "$options": "i"}})
    if open_now:
        clauses.append({"deadline.utc": {"$gt": ctx.clock.now()}})
    if q and q.strip():
        clauses.append(text_filter(q))
    found = await calls_repo.public_summaries_page(ctx.db, query=_merged(clauses), page=page)
    return PublicCallList(items=[_summary(d) for d in found.docs],
                           next_cursor=found.next_cursor)


async def public_calls_page(
    ctx: Ctx, *, page: PageParams, kind: CallKind | None = None, unit: str | None = None,
    place: str | None = None, open_now: bool = False, q: str | None = None,
) -> tuple[bytes, str]:
    """A page of the public list as served (JSON body and its ETag), rendered at most once per
    ``ATS_PUBLIC_LIST_CACHE_SECONDS`` by this replica."""
    # "Open now" is judged at a moment: a page rendered a second ago may count one call more.
    moment = ctx.clock.now().replace(microsecond=0) if open_now else None
    key = (page.limit, page.cursor, kind, unit, place, moment, q)
    ttl = ctx.settings.public_list_cache_seconds
    pages = ctx.public_pages
    rendered = pages.get(key, ttl) if pages is not None else None
    if rendered is None:
        found = await list_public_calls(ctx, page=page, kind=kind, unit=unit, place=place,
                                        open_now=open_now, q=q)
        body = found.model_dump_json(by_alias=True).encode()
        rendered = body, etag_of(body)
        if pages is not None:
            pages.put(key, rendered, ttl)
    return rendered


def _merged(clauses: list[Filter]) -> Filter:
    """One filter document when no field repeats: the embedded database's planner picks an index
    for ``{status, ...}`` but not through ``$and`` (a collection scan and an in-memory sort)."""
    keys = [k for clause in clauses for k in clause]
    if len(keys) == len(set(keys)):
        return {k: v for clause in clauses for k, v in clause.items()}
    return {"$and": clauses}


def _summary(doc: PublicCallViewDoc) -> PublicCallSummary:
    call_id = str(doc["_id"])
    return PublicCallSummary.model_validate({
        **doc, "id": call_id, "links": {"notice": f"/api/v1/public/calls/{call_id}"}})


async def get_public_call(ctx: Ctx, *, call_id: str) -> AnyCallRead:
    """One published call; any other status is not found."""
    doc = await calls_repo.get(ctx.db, object_id(call_id, what="call"))
    if doc is None or doc["status"] != CallStatus.published.value:
        raise NotFound("No such call.")
    return published_read(doc)
