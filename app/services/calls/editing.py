"""Creating, reading, listing and changing calls (staff side)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.responses import JSONResponse

from app.db import Filter, Update
from app.errors import Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable
from app.models.calls import (
    AnyCallCreate,
    AnyCallRead,
    CallCreate,
    CallKind,
    CallList,
    CallRead,
    CallStatus,
    CallUpdate,
    call_read,
    published_read,
)
from app.models.common import JsonObject, PageParams, check_if_match, etag, object_id
from app.models.stored import CallDoc
from app.repositories import calls as calls_repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.verdicts import reevaluate_call
from app.services.calls.access import load_visible, require_staff, scope_query, subtree
from app.services.calls.store import (
    NULLABLE_FIELDS,
    deadline_doc,
    foreign_members,
    illegal,
    new_call_doc,
    refuse_foreign,
)
from app.services.context import Ctx
from app.services.idempotency import run_once
from app.services.merge_patch import patched_members, validated
from app.services.panels.access import member_seat

Q_MAX = 100
EDITABLE = (CallStatus.draft, CallStatus.published)
FIXED_AFTER_PUBLICATION = ("kind", "reference")
# The fields a stored verdict depends on.
JUDGED_BY = frozenset({"criteria", "provisional_start", "eligibility_date", "open_to",
                       "documents", "deadline"})


def _may_manage_unit(ctx: Ctx, unit: str) -> None:
    if not ctx.actor.manages_unit(unit):
        raise Forbidden("You may manage calls of your own unit and the units below it only "
                        "(HR: of its DG).")


async def create_call(ctx: Ctx, *, payload: CallCreate | AnyCallCreate) -> AnyCallRead:
    """Create a draft call (recruiters in their unit's subtree, HR anywhere)."""
    require_staff(ctx)
    if isinstance(payload, CallCreate):
        payload = payload.root
    _may_manage_unit(ctx, payload.unit)
    doc = new_call_doc(payload, now=ctx.clock.now(), by=ctx.actor.sub)
    inserted = await calls_repo.insert(ctx.db, doc)
    if inserted is None:
        raise Conflict("A call with this reference already exists.")
    await audit.record(ctx, action=audit.Action.create, resource="call",
                       resource_id=str(inserted))
    return call_read(doc)


async def create_call_once(
    ctx: Ctx, *, payload: AnyCallCreate, idempotency_key: str | None
) -> JSONResponse:
    """``create_call`` behind ``Idempotency-Key``: 201 with Location and ETag, replayed on retry."""
    require_staff(ctx)

    async def produce() -> tuple[int, Any, dict[str, str]]:
        read = await create_call(ctx, payload=payload)
        headers = {"Location": f"/api/v1/calls/{read.id}", "ETag": etag(read.version)}
        return 201, read.model_dump(mode="json", by_alias=True), headers

    return await run_once(ctx, key=idempotency_key, scope="calls.create",
                          body=payload.model_dump(mode="json"), produce=produce)


async def get_call(ctx: Ctx, *, call_id: str) -> AnyCallRead:
    """One call the caller may manage; a panel member reads the call they sit on as published
    (they assess after the deadline, when the public no longer sees it); 404 for anyone else."""
    try:
        return call_read(await load_visible(ctx, call_id))
    except NotFound:
        if not ctx.actor.has(Role.panel):
            raise
        call = await calls_repo.get(ctx.db, object_id(call_id, what="call"))
        if call is None or call.get("status") == "draft" \
                or await member_seat(ctx, call["_id"]) is None:
            raise
        return published_read(call)


def text_filter(q: str) -> Filter:
    """Case-insensitive substring search over title and reference (the text is escaped)."""
    pattern = {"$regex": re.escape(q.strip()[:Q_MAX]), "$options": "i"}
    return {"$or": [{"title": pattern}, {"reference": pattern}]}


async def list_calls(
    ctx: Ctx, *, page: PageParams, status: CallStatus | None = None,
    kind: CallKind | None = None, unit: str | None = None, q: str | None = None,
) -> CallList:
    """Calls the caller may manage, newest first; ``unit`` matches that unit and those below."""
    require_staff(ctx)
    clauses: list[Filter] = [scope_query(ctx)]
    if status is not None:
        clauses.append({"status": status.value})
    if kind is not None:
        clauses.append({"kind": kind.value})
    if unit:
        clauses.append(subtree(unit))
    if q and q.strip():
        clauses.append(text_filter(q))
    nonempty = [c for c in clauses if c]
    query = {"$and": nonempty} if nonempty else {}
    found = await calls_repo.find_page(ctx.db, query=query, page=page)
    return CallList(items=[CallRead(call_read(d)) for d in found.docs],
                    next_cursor=found.next_cursor)


def _changes(payload: CallUpdate, foreign: frozenset[str]) -> Update:
    """The members to set; another kind's members (only ever cleared) are left out."""
    changes = payload.model_dump(mode="json", exclude_unset=True,
                                 exclude={"corrigendum_reason", "deadline", *foreign})
    for name, value in changes.items():
        if value is None and name not in NULLABLE_FIELDS:
            raise Unprocessable(f"{name} cannot be null.",
                                errors=[{"type": "missing", "loc": ["body", name],
                                         "msg": "may not be null"}])
    if "deadline" in payload.model_fields_set:
        if payload.deadline is None:
            raise Unprocessable("deadline cannot be null.",
                                errors=[{"type": "missing", "loc": ["body", "deadline"],
                                         "msg": "may not be null"}])
        changes["deadline"] = deadline_doc(payload.deadline)
    return changes


def _same(field: str, stored: Any, new: Any) -> bool:
    if field == "deadline":
        return bool(stored and stored["local"] == new["local"] and stored["zone"] == new["zone"])
    return bool(stored == new)


def _editable(doc: CallDoc) -> JsonObject:
    """The stored call as the members a merge patch applies to (the deadline as printed)."""
    current = {name: doc.get(name) for name in CallUpdate.model_fields}
    deadline = doc.get("deadline")
    if isinstance(deadline, dict):
        # A date-only deadline is patched as the date printed, not as its next-day instant.
        if deadline.get("last_day"):
            current["deadline"] = {"last_day": deadline["last_day"], "zone": deadline.get("zone")}
        else:
            current["deadline"] = {"local": deadline.get("local"), "zone": deadline.get("zone")}
    current["corrigendum_reason"] = None
    return current


async def update_call(
    ctx: Ctx, *, call_id: str, patch: JsonObject, if_match: str | None
) -> AnyCallRead:
    """Apply a JSON Merge Patch: change a draft freely; change a published call only by a
    recorded corrigendum."""
    doc = await load_visible(ctx, call_id)
    check_if_match(if_match, doc["version"])
    payload = validated(CallUpdate, patched_members(_editable(doc), patch))
    status = CallStatus(doc["status"])
    if status not in EDITABLE:
        raise illegal(status, "change")
    kind = CallKind(payload.kind or doc["kind"])
    foreign = foreign_members(kind)
    refuse_foreign(kind, payload)
    changes = {k: v for k, v in _changes(payload, foreign).items()
               if not _same(k, doc.get(k), v)}
    if not changes:
        return call_read(doc)
    if "unit" in changes:
        _may_manage_unit(ctx, changes["unit"])
    now = ctx.clock.now()
    update: Update = {"$set": {**changes, "updated_at": now}}
    # A draft that changes kind drops its old kind's members (and an older document, stored
    # with every kind's members, loses the ones its kind never had).
    if stale := sorted(foreign & doc.keys()):
        update["$unset"] = dict.fromkeys(stale, "")
    if status is CallStatus.published:
        fixed = [f for f in FIXED_AFTER_PUBLICATION if f in changes]
        if fixed:
            raise Conflict(f"{', '.join(fixed)} never change after publication.")
        if payload.corrigendum_reason is None:
            raise Unprocessable(
                "A published call changes only by corrigendum: give corrigendum_reason.",
                errors=[{"type": "missing", "loc": ["body", "corrigendum_reason"],
                         "msg": "required"}])
        if "deadline" in changes and changes["deadline"]["utc"] <= now:
            raise Conflict("A published call's deadline cannot move into the past.")
        update["$push"] = {"corrigenda": {
            "version": doc["version"] + 1, "at": now, "by": ctx.actor.sub,
            "reason": payload.corrigendum_reason, "fields": sorted(changes),
        }}
    try:
        updated = await calls_repo.update_if(
            ctx.db, call_id=doc["_id"], expect={"version": doc["version"], "status": status.value},
            update=update)
    except calls_repo.DuplicateReference:
        raise Conflict("A call with this reference already exists.") from None
    if updated is None:
        raise PreconditionFailed("The call changed since you read it; read it again and retry.")
    await audit.record(ctx, action=audit.Action.update, resource="call",
                       resource_id=str(doc["_id"]),
                       detail="corrigendum" if status is CallStatus.published else "draft")
    if status is CallStatus.published and set(changes) & JUDGED_BY:
        # A corrigendum to what verdicts are judged by applies to those already given.
        await reevaluate_call(ctx, call=updated, why="corrigendum")
    return call_read(updated)
