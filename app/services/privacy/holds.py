"""Legal holds: the DPO suspends deletion of a call's or an application's data (complaint,
litigation), and lifts it when the case is closed; the purge skips what is held."""

from __future__ import annotations

from bson import ObjectId

from app.errors import Conflict, NotFound
from app.models.common import PageParams, object_id
from app.models.privacy import (
    HoldScope,
    LegalHoldCreate,
    LegalHoldDoc,
    LegalHoldList,
    LegalHoldRead,
)
from app.repositories import applications as applications_repo
from app.repositories import privacy as repo
from app.services import audit
from app.services.applications.access import subject_of
from app.services.context import Ctx


async def place_hold(ctx: Ctx, *, payload: LegalHoldCreate) -> LegalHoldRead:
    """Hold a call or an application that exists (404 otherwise); audited."""
    target = object_id(payload.target_id, what=payload.scope.value)
    subject: str | None = None
    if payload.scope is HoldScope.call:
        if not await repo.exists(ctx.db, "calls", target):
            raise NotFound("No such call.")
    else:
        application = await applications_repo.get(ctx.db, target)
        if application is None or application.get("purging"):
            raise NotFound("No such application.")
        subject = subject_of(application)
    hold_id = ObjectId()
    await repo.insert_hold(ctx.db, LegalHoldDoc(
        id=hold_id, scope=payload.scope, target_id=target, reason=payload.reason,
        reference=payload.reference, created_by=ctx.actor.sub, created_at=ctx.clock.now()))
    await audit.record(ctx, action=audit.Action.hold, resource=f"legal_hold.{payload.scope}",
                       resource_id=str(target), subject=subject, detail=str(hold_id))
    found = await repo.get_hold(ctx.db, hold_id)
    assert found is not None
    return LegalHoldRead.of(found)


async def lift_hold(ctx: Ctx, *, hold_id: str) -> LegalHoldRead:
    """Lift a hold: deletion resumes at the next run; 409 if already lifted; audited."""
    oid = object_id(hold_id, what="legal hold")
    existing = await repo.get_hold(ctx.db, oid)
    if existing is None:
        raise NotFound("No such legal hold.")
    lifted = await repo.lift_hold(ctx.db, hold_id=oid, by=ctx.actor.sub, now=ctx.clock.now())
    if lifted is None:
        raise Conflict("This legal hold was lifted already.")
    await audit.record(ctx, action=audit.Action.release, resource=f"legal_hold.{lifted.scope}",
                       resource_id=str(lifted.target_id), detail=hold_id)
    return LegalHoldRead.of(lifted)


async def list_holds(ctx: Ctx, *, active_only: bool, page: PageParams) -> LegalHoldList:
    """Holds, newest first (no personal data: ids, reasons, references)."""
    docs, cursor = await repo.holds_page(ctx.db, active_only=active_only, page=page)
    return LegalHoldList(items=[LegalHoldRead.of(d) for d in docs], next_cursor=cursor)
