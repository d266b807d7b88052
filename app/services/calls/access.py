"""Who may manage which calls: HR its DG, a recruiter its unit's subtree, nobody else.

Collections and creation refuse a caller without a staff scope (403: the role itself may not);
a route about one call answers 404 to anyone who may not see that call, whether it exists or
not, so an id tells an outsider nothing.
"""

from __future__ import annotations

import re

from app.db import Filter
from app.errors import Forbidden, NotFound
from app.models.common import object_id
from app.models.stored import CallDoc
from app.repositories import calls as calls_repo
from app.services.context import Ctx


def require_staff(ctx: Ctx) -> str:
    """The caller's staff scope (HR: its DG; recruiter: its unit); 403 if it has none."""
    scope = ctx.actor.staff_scope
    if scope is None:
        raise Forbidden("Managing calls needs the recruiter or hr role, with a unit claim.")
    return scope


def sees_unit(ctx: Ctx, unit: str) -> bool:
    """HR sees its DG's units; a recruiter its own unit and the units below it."""
    return ctx.actor.manages_unit(unit)


def subtree(unit: str) -> Filter:
    """A filter on ``unit`` matching ``unit`` and every unit below it."""
    return {"unit": {"$regex": "^" + re.escape(unit.upper()) + r"(\.|$)"}}


def scope_query(ctx: Ctx) -> Filter:
    """The calls the caller may know exist, as a filter (403 without a staff scope)."""
    return subtree(require_staff(ctx))


async def load_visible(ctx: Ctx, call_id: str) -> CallDoc:
    """The call if the caller may see it; 404 otherwise (never reveal another unit's calls)."""
    if ctx.actor.staff_scope is None:
        raise NotFound("No such call.")
    doc = await calls_repo.get(ctx.db, object_id(call_id, what="call"))
    if doc is None or not sees_unit(ctx, doc["unit"]):
        raise NotFound("No such call.")
    return doc
