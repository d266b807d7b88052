"""Conflict-of-interest declarations, and the only view of a candidate a member has before one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bson import ObjectId
from dateutil.relativedelta import relativedelta

from app.errors import Forbidden, NotFound
from app.models.common import PageParams, object_id
from app.models.panels import (
    ConflictCheck,
    ConflictDeclarationDoc,
    ConflictDeclarationIn,
    ConflictDeclarationList,
    ConflictDeclarationRead,
    DeclarationKind,
    EmployerLine,
    PanelApplication,
    PanelApplicationList,
)
from app.models.stored import ConflictProfileDoc, ConflictViewDoc
from app.repositories import applications as applications_repo
from app.repositories import calls as calls_repo
from app.repositories import panel_applications
from app.repositories import panels as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import subject_of
from app.services.context import Ctx
from app.services.panels.access import (
    Seat,
    is_chair,
    is_staff_of,
    load_call,
    member_seat,
    seat_for_application,
)

# "Current and recent employers": the ones a conflict of interest usually comes from.
RECENT_YEARS = 5


def _employers(profile: ConflictProfileDoc, today: date) -> list[EmployerLine]:
    since = today - relativedelta(years=RECENT_YEARS)
    lines = []
    for job in profile.get("experience") or []:
        end = _as_date(job.get("end"))
        if end is None or end >= since:
            lines.append(EmployerLine(employer=str(job.get("employer")),
                                      start=_as_date(job.get("start")) or since, end=end))
    return lines


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return None


def _check_view(application: ConflictViewDoc, today: date, kind: DeclarationKind | None
                ) -> ConflictCheck:
    profile: ConflictProfileDoc = application.get("profile") or {}
    return ConflictCheck(
        application_id=str(application["_id"]), first_name=profile.get("first_name"),
        last_name=profile.get("last_name"), birth_name=profile.get("birth_name"),
        employers=_employers(profile, today), declaration=kind)


async def conflict_check(ctx: Ctx, *, application_id: str) -> ConflictCheck:
    """Names and current/recent employers: what a member judges a conflict on."""
    seat = await seat_for_application(ctx, application_id)
    view = await panel_applications.conflict_view(ctx.db, seat.application["_id"])
    if view is None:
        raise NotFound("No such application.")
    latest = await repo.latest_declaration(ctx.db, application_id=view["_id"],
                                           member_sub=ctx.actor.sub)
    await audit.record(ctx, action=audit.Action.read, resource="application.conflict_check",
                       resource_id=application_id, subject=subject_of(seat.application))
    return _check_view(view, ctx.clock.now().date(), latest.kind if latest else None)


async def declare(ctx: Ctx, *, application_id: str, payload: ConflictDeclarationIn
                  ) -> ConflictDeclarationRead:
    """Record the member's declaration; a later one corrects it (both stay, audited)."""
    seat: Seat = await seat_for_application(ctx, application_id)
    previous = await repo.latest_declaration(ctx.db, application_id=seat.application["_id"],
                                             member_sub=ctx.actor.sub)
    saved = ConflictDeclarationDoc(
        id=ObjectId(), call_id=seat.application["call_id"],
        application_id=seat.application["_id"], member_sub=ctx.actor.sub, kind=payload.kind,
        reason=payload.reason, supersedes=previous.id if previous else None,
        at=ctx.clock.now())
    await repo.insert_declaration(ctx.db, saved)
    await audit.record(ctx, action=audit.Action.create, resource="conflict_declaration",
                       resource_id=str(saved.id), subject=subject_of(seat.application),
                       detail=payload.kind.value + (" (correction)" if previous else ""))
    return ConflictDeclarationRead.of(saved, with_reason=is_chair(seat.member))


async def list_declarations(ctx: Ctx, *, application_id: str) -> ConflictDeclarationList:
    """Declarations about an application: all for its staff and the chair (reasons for the
    chair and HR only), a member's own for a member."""
    application = await applications_repo.get(ctx.db,
                                              object_id(application_id, what="application"))
    if application is None or not panel_applications.is_before_panel(application):
        raise NotFound("No such application.")
    call = await calls_repo.get(ctx.db, application["call_id"])
    staff = call is not None and is_staff_of(ctx, call)
    seat = await member_seat(ctx, application["call_id"])
    if not staff and seat is None:
        if ctx.actor.has(Role.panel, Role.recruiter, Role.hr):
            raise NotFound("No such application.")
        raise Forbidden("Only the panel and the recruiting unit see declarations.")
    chair = seat is not None and is_chair(seat[1])
    docs = await repo.declarations_of(ctx.db, application_id=application["_id"])
    if not (staff or chair):
        docs = [d for d in docs if d.member_sub == ctx.actor.sub]
    with_reason = chair or ctx.actor.has(Role.hr)
    await audit.record(ctx, action=audit.Action.read, resource="conflict_declaration",
                       resource_id=application_id, subject=subject_of(application))
    return ConflictDeclarationList(items=[ConflictDeclarationRead.of(d, with_reason=with_reason)
                                          for d in docs])


async def worklist(ctx: Ctx, *, call_id: str, page: PageParams) -> PanelApplicationList:
    """The applications before a call's panel, in the pre-declaration view (members, staff)."""
    call = await load_call(ctx, call_id)
    found = await panel_applications.before_panel_page(ctx.db, call_id=call["_id"], page=page)
    mine = await repo.member_declarations(ctx.db, call_id=call["_id"], member_sub=ctx.actor.sub)
    today = ctx.clock.now().date()
    items = []
    for doc in found.docs:
        declared = mine.get(doc["_id"])
        view = _check_view(doc, today, declared.kind if declared else None)
        items.append(PanelApplication(**dict(view), status=doc["status"]))
    await audit.record_many(ctx, action=audit.Action.list, resource="application.conflict_check",
                            items=[(str(d["_id"]), subject_of(d)) for d in found.docs])
    return PanelApplicationList(items=items, next_cursor=found.next_cursor)
