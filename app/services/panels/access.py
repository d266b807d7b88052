"""Who may see what of a selection panel's work; "not yours" is a 404.

A panel member sees a call only through its panel, an application only once the unit put it
before the panel, and the file only after declaring no conflict about that candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

from bson import ObjectId

from app.errors import Forbidden, NotFound
from app.models.common import object_id
from app.models.panels import DeclarationKind, PanelDoc, PanelMember, PanelRole
from app.models.stored import ApplicationDoc, CallDoc
from app.repositories import applications as applications_repo
from app.repositories import calls as calls_repo
from app.repositories import panel_applications
from app.repositories import panels as repo
from app.security.principal import Role
from app.services.context import Ctx
from app.services.panels.errors import Conflicted, DeclarationRequired

STAFF = (Role.recruiter, Role.hr)
PANEL_ROLES = (Role.panel, Role.recruiter, Role.hr)


@dataclass(frozen=True)
class Seat:
    """A panel member's place on the panel of an application's call."""

    panel: PanelDoc
    member: PanelMember
    application: ApplicationDoc


def is_staff_of(ctx: Ctx, call: CallDoc) -> bool:
    """HR, or a recruiter of the call's unit (or a unit above it)."""
    return ctx.actor.has(Role.hr) or (
        ctx.actor.has(Role.recruiter) and ctx.actor.covers_unit(call.get("unit")))


async def load_call(ctx: Ctx, call_id: str) -> CallDoc:
    """The call if the caller is its staff or sits on its panel; 404 otherwise."""
    if not ctx.actor.has(*PANEL_ROLES):
        raise Forbidden("Your role has no business with selection panels.")
    call = await calls_repo.get(ctx.db, object_id(call_id, what="call"))
    if call is None:
        raise NotFound("No such call.")
    if is_staff_of(ctx, call):
        return call
    if ctx.actor.has(Role.panel):
        panel = await repo.get(ctx.db, call["_id"])
        if panel is not None and panel.member(ctx.actor.sub) is not None:
            return call
    raise NotFound("No such call.")


async def staff_call(ctx: Ctx, call_id: str) -> CallDoc:
    """The call if the caller is its recruiting unit or HR (panel members get 403/404)."""
    call = await load_call(ctx, call_id)
    if not is_staff_of(ctx, call):
        raise Forbidden("Only the recruiting unit or HR may do this.")
    return call


async def member_seat(ctx: Ctx, call_id: ObjectId) -> tuple[PanelDoc, PanelMember] | None:
    """The caller's seat on a call's panel, if they hold the panel role and sit on it."""
    if not ctx.actor.has(Role.panel):
        return None
    panel = await repo.get(ctx.db, call_id)
    member = panel.member(ctx.actor.sub) if panel else None
    return (panel, member) if panel and member else None


async def seat_for_application(ctx: Ctx, application_id: str) -> Seat:
    """The caller's seat for an application before their panel; 404 for anything else."""
    if not ctx.actor.has(Role.panel):
        raise Forbidden("Only selection panel members do this.")
    application = await applications_repo.get(ctx.db,
                                              object_id(application_id, what="application"))
    if application is None or not panel_applications.is_before_panel(application):
        raise NotFound("No such application.")
    seat = await member_seat(ctx, application["call_id"])
    if seat is None:
        raise NotFound("No such application.")
    return Seat(panel=seat[0], member=seat[1], application=application)


async def declared_kind(ctx: Ctx, application_id: ObjectId) -> DeclarationKind | None:
    latest = await repo.latest_declaration(ctx.db, application_id=application_id,
                                           member_sub=ctx.actor.sub)
    return latest.kind if latest else None


async def require_file_access(ctx: Ctx, seat: Seat) -> None:
    """403 until the member declared no conflict about this candidate."""
    kind = await declared_kind(ctx, seat.application["_id"])
    if kind is None:
        raise DeclarationRequired("Declare whether you have a conflict of interest with this "
                                  "candidate before reading or scoring the file.")
    if kind == DeclarationKind.conflict:
        raise Conflicted("You declared a conflict of interest with this candidate: you abstain.")


async def panel_can_read(ctx: Ctx, application: ApplicationDoc) -> bool:
    """Whether a panel member may read this application's file (and its documents)."""
    if not panel_applications.is_before_panel(application):
        return False
    seat = await member_seat(ctx, application["call_id"])
    if seat is None:
        return False
    return await declared_kind(ctx, application["_id"]) == DeclarationKind.no_conflict


def is_chair(member: PanelMember | None) -> bool:
    return member is not None and member.role == PanelRole.chair
