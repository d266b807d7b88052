"""The life of a call: draft → published → closed → completed; cancelled from draft/published."""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.db import Update
from app.errors import Conflict, PreconditionFailed
from app.models.calls import AnyCallRead, CallStatus, ClosedReason, call_read
from app.models.common import check_if_match
from app.models.stored import CallDoc
from app.repositories import calls as calls_repo
from app.services import audit
from app.services.calls.access import load_visible
from app.services.calls.store import TRANSITIONS, illegal, transition_update
from app.services.context import Ctx
from app.services.integrations import webhooks

log = logging.getLogger("app.calls")
_RETRIES = 3
_BATCH = 200


def _deadline_ahead(ctx: Ctx, doc: CallDoc) -> None:
    if doc["deadline"]["utc"] <= ctx.clock.now():
        raise Conflict("The deadline has passed: correct it before publishing.")


async def _transition(
    ctx: Ctx, *, call_id: str, action: str, if_match: str | None,
    extra: Update | None = None, check: Callable[[Ctx, CallDoc], None] | None = None,
) -> AnyCallRead:
    # One call: whoever may not see it gets load_visible's 404 (existing or not), never a 403.
    sources, target = TRANSITIONS[action]
    for _ in range(_RETRIES):
        doc = await load_visible(ctx, call_id)
        check_if_match(if_match, doc["version"], required=False)
        if doc["status"] not in sources:
            raise illegal(doc["status"], action)
        if check is not None:
            check(ctx, doc)
        update = transition_update(source=doc["status"], target=target, now=ctx.clock.now(),
                                   by=ctx.actor.sub, extra=extra)
        updated = await calls_repo.update_if(
            ctx.db, call_id=doc["_id"], expect={"version": doc["version"]}, update=update)
        if updated is not None:
            await audit.record(ctx, action=audit.Action.update, resource="call",
                               resource_id=str(doc["_id"]), detail=f"{action}")
            log.info("call %s", action, extra={"call_id": str(doc["_id"])})
            await webhooks.emit_call(ctx, action=action, call=updated)
            return call_read(updated)
        if if_match is not None:
            raise PreconditionFailed("The call changed since you read it; read it again.")
    raise Conflict("The call is changing right now; try again.", headers={"Retry-After": "1"})


async def publish_call(ctx: Ctx, *, call_id: str, if_match: str | None = None) -> AnyCallRead:
    """Publish a draft; its deadline must still be ahead."""
    return await _transition(ctx, call_id=call_id, action="publish", if_match=if_match,
                             check=_deadline_ahead)


async def close_call(ctx: Ctx, *, call_id: str, if_match: str | None = None) -> AnyCallRead:
    """Close a published call by hand (before, or instead of, the deadline job)."""
    return await _transition(ctx, call_id=call_id, action="close", if_match=if_match,
                             extra={"closed_reason": ClosedReason.manual.value})


async def cancel_call(ctx: Ctx, *, call_id: str, if_match: str | None = None) -> AnyCallRead:
    """Cancel a draft or published call."""
    return await _transition(ctx, call_id=call_id, action="cancel", if_match=if_match)


async def complete_call(ctx: Ctx, *, call_id: str, if_match: str | None = None) -> AnyCallRead:
    """Mark a closed call completed (its selection is over)."""
    return await _transition(ctx, call_id=call_id, action="complete", if_match=if_match)


async def close_due_calls(ctx: Ctx) -> int:
    """Close every published call whose deadline has passed; the number closed by THIS run.

    Each close is conditional on the call still being published, so two schedulers racing
    close a call exactly once: the loser's update matches nothing.
    """
    now = ctx.clock.now()
    closed = 0
    while True:
        # Batches keep memory flat; a closed call leaves the query, so each batch is new work.
        due = await calls_repo.due_for_closure(ctx.db, now=now, limit=_BATCH)
        for call_id in due:
            update = transition_update(
                source=CallStatus.published.value, target=CallStatus.closed, now=now,
                by=ctx.actor.sub, reason="deadline",
                extra={"closed_reason": ClosedReason.deadline.value})
            updated = await calls_repo.update_if(
                ctx.db, call_id=call_id,
                expect={"status": CallStatus.published.value, "deadline.utc": {"$lte": now}},
                update=update)
            if updated is not None:
                closed += 1
                await webhooks.emit_call(ctx, action="close", call=updated)
                await audit.record(ctx, action=audit.Action.update, resource="call",
                                   resource_id=str(call_id), detail="close:deadline")
        if len(due) < _BATCH:
            return closed
