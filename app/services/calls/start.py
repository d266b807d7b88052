"""The actual starting date, which HR sets once known: SNE criteria are then judged at it."""

from __future__ import annotations

import logging
from datetime import date

from pydantic import ConfigDict, Field

from app.errors import PreconditionFailed
from app.models.calls import AnyCallRead, CallStatus, call_read
from app.models.common import InputModel, check_if_match
from app.repositories import calls as calls_repo
from app.services import audit
from app.services.applications.verdicts import reevaluate_call
from app.services.calls.access import load_visible, require_staff
from app.services.calls.store import illegal
from app.services.context import Ctx

log = logging.getLogger("app.calls")


class StartDateIn(InputModel):
    """The secondment's (or contract's) actual starting date; null goes back to the notice's
    provisional start."""

    start_date: date | None = Field(description="The actual starting date, or null.")

    model_config = ConfigDict(json_schema_extra={"examples": [{"start_date": "2024-09-16"}]})


async def set_start_date(ctx: Ctx, *, call_id: str, payload: StartDateIn,
                         if_match: str | None = None) -> AnyCallRead:
    """Set (or clear) the actual start and re-evaluate the verdicts already given."""
    require_staff(ctx)
    doc = await load_visible(ctx, call_id)
    check_if_match(if_match, doc["version"], required=False)
    if doc["status"] == CallStatus.cancelled.value:
        raise illegal(doc["status"], "take a starting date")
    value = payload.start_date.isoformat() if payload.start_date is not None else None
    updated = await calls_repo.update_if(
        ctx.db, call_id=doc["_id"], expect={"version": doc["version"]},
        update={"$set": {"start_date": value, "updated_at": ctx.clock.now()}})
    if updated is None:
        raise PreconditionFailed("The call changed since you read it; read it again and retry.")
    await audit.record(ctx, action=audit.Action.update, resource="call",
                       resource_id=str(doc["_id"]), detail="start_date")
    count = await reevaluate_call(ctx, call=updated, why="start_date")
    log.info("verdicts re-evaluated", extra={"call_id": str(doc["_id"]), "count": count})
    return call_read(updated)
