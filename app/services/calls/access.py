"""Who may manage which calls: recruiters their unit's subtree, HR every call."""

from __future__ import annotations

import re
from typing import Any

from app.db import Document
from app.errors import Forbidden, NotFound
from app.models.common import object_id
from app.repositories import calls as calls_repo
from app.security.principal import Role
from app.services.context import Ctx

STAFF_ROLES = (Role.recruiter, Role.hr)


def require_staff(ctx: Ctx) -> None:
    """403 unless the caller is a recruiter or HR."""
    if not ctx.actor.has(*STAFF_ROLES):
        raise Forbidden("Managing calls needs the recruiter or hr role.")


def sees_unit(ctx: Ctx, unit: str) -> bool:
    """HR sees every unit; a recruiter their own unit and the units below it."""
    return ctx.actor.has(Role.hr) or ctx.actor.covers_unit(unit)


def subtree(unit: str) -> dict[str, Any]:
    """A filter on ``unit`` matching ``unit`` and every unit below it."""
    return {"unit": {"$regex": "^" + re.escape(unit.upper()) + r"(\.|$)"}}


def scope_query(ctx: Ctx) -> dict[str, Any]:
    """The calls the caller may know exist, as a filter."""
    if ctx.actor.has(Role.hr):
        return {}
    if not ctx.actor.unit:
        # A recruiter without a unit claim manages nothing.
        return {"unit": {"$in": []}}
    return subtree(ctx.actor.unit)


async def load_visible(ctx: Ctx, call_id: str) -> Document:
    """The call if the caller may see it; 404 otherwise (never reveal another unit's calls)."""
    doc = await calls_repo.get(ctx.db, object_id(call_id, what="call"))
    if doc is None or not sees_unit(ctx, doc["unit"]):
        raise NotFound("No such call.")
    return doc
