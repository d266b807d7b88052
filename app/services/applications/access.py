"""Who may see and change an application (need to know); "not yours" is a 404.

On a route about one application (or its documents, verdict, decision, special needs) a caller
who may not read it gets the same 404 whether it exists or not: dpo and admin included, who never
see applications. A 403 there means "you may read this, but not do that to it"; on collection
and creation routes it means the role itself is refused.
"""

from __future__ import annotations

from app.errors import Conflict, Forbidden, NotFound
from app.models.common import object_id
from app.models.stored import ApplicationDoc, CallDoc, SubjectDoc
from app.repositories import applications as repo
from app.repositories import calls as calls_repo
from app.security.principal import Role
from app.services.context import Ctx
from app.services.panels.access import panel_can_read

DRAFT = "draft"


def require_application_role(ctx: Ctx) -> None:
    """403 on collection and creation routes for callers who never see applications (dpo,
    admin, and staff whose token names no unit: HR and recruiters are scoped by it)."""
    actor = ctx.actor
    if not (actor.has(Role.candidate, Role.permrep, Role.panel) or actor.staff_scope):
        raise Forbidden("Your role does not give access to applications.")


def is_owner(ctx: Ctx, application: ApplicationDoc) -> bool:
    """The candidate themself, or the Permanent Representation that submits it."""
    actor = ctx.actor
    if actor.has(Role.candidate) and application.get("channel") == "candidate":
        return bool(application.get("owner_sub")) and application.get("owner_sub") == actor.sub
    if actor.has(Role.permrep) and application.get("channel") == "permrep":
        return actor.country is not None and application.get("permrep_country") == actor.country
    return False


async def can_read(ctx: Ctx, application: ApplicationDoc, call: CallDoc | None = None
                   ) -> bool:
    """Need to know: owner, own PermRep, the unit's hierarchy, HR of the DG (never drafts for
    staff)."""
    if is_owner(ctx, application):
        return True
    # A draft is the candidate's; a restricted application is no longer processed by staff.
    if application.get("status") == DRAFT or application.get("restricted_at"):
        return False
    if ctx.actor.staff_scope is not None:
        if call is None:
            call = await calls_repo.get_recent(ctx.db, application["call_id"],
                                              ttl=ctx.settings.call_cache_seconds)
        if call is not None and ctx.actor.manages_unit(call.get("unit")):
            return True
    if ctx.actor.has(Role.panel):
        return await panel_can_read(ctx, application)
    return False


async def _load(ctx: Ctx, application_id: str) -> ApplicationDoc:
    found = await repo.get(ctx.db, object_id(application_id, what="application"))
    # An application being purged is gone already, even if a killed run left parts of it.
    if found is None or found.get("purging"):
        raise NotFound("No such application.")
    return found


async def readable_application(ctx: Ctx, *, application_id: str) -> ApplicationDoc:
    """The stored application; 404 if the caller may not see it (existing or not)."""
    application = await _load(ctx, application_id)
    if not await can_read(ctx, application):
        raise NotFound("No such application.")
    return application


async def owned_application(ctx: Ctx, *, application_id: str) -> ApplicationDoc:
    """The application if the caller owns it (any status); 403 for staff who may only read it."""
    application = await _load(ctx, application_id)
    if is_owner(ctx, application):
        return application
    if await can_read(ctx, application):
        raise Forbidden("Only the candidate or the submitting Permanent Representation may "
                        "change an application.")
    raise NotFound("No such application.")


async def writable_draft(ctx: Ctx, *, application_id: str) -> ApplicationDoc:
    """The caller's own draft; 404 if not theirs, 409 if it is no longer a draft."""
    application = await owned_application(ctx, application_id=application_id)
    if application.get("status") != DRAFT:
        raise Conflict(f"The application is {application.get('status')}; only drafts change.",
                       application_status=application.get("status"))
    return application


async def call_of(ctx: Ctx, application: ApplicationDoc) -> CallDoc:
    """The call the application answers (recently read calls from memory)."""
    call = await calls_repo.get_recent(ctx.db, application["call_id"],
                                       ttl=ctx.settings.call_cache_seconds)
    if call is None:
        raise NotFound("The application's call no longer exists.")
    return call


def subject_of(application: SubjectDoc) -> str:
    """The person the application is about, as the audit trail's subject (pseudonymised there)."""
    return str(application.get("candidate_key") or application["_id"])
