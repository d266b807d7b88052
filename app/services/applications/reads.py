"""Reading applications: one, a page, and the eligibility verdict (special needs apart)."""

from __future__ import annotations

import asyncio

from bson import ObjectId

from app.db import Filter
from app.errors import Unprocessable
from app.models.applications import (
    ApplicationList,
    ApplicationRead,
    ApplicationStatus,
    application_read,
    staff_read,
)
from app.models.common import PageParams
from app.models.eligibility import EligibilityVerdict
from app.models.stored import ApplicationDoc, ApplicationWithCallDoc
from app.repositories import applications as repo
from app.repositories import calls as calls_repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import (
    call_of,
    is_owner,
    readable_application,
    require_application_role,
    subject_of,
)
from app.services.applications.drafts import compute_verdict, full_profile
from app.services.context import Ctx


def view_for(ctx: Ctx, application: ApplicationWithCallDoc) -> ApplicationRead:
    """The candidate's side (candidate, submitting PermRep) sees statuses and dates; staff who
    may read the application see who changed its status and why."""
    if is_owner(ctx, application):
        return application_read(application)
    return staff_read(application)


async def get_application(ctx: Ctx, *, application_id: str) -> ApplicationRead:
    """One application the caller may see (404 otherwise)."""
    application = await readable_application(ctx, application_id=application_id)
    # Independent round trips, in flight together; a failed audit write still fails the read.
    _, reads = await asyncio.gather(
        audit.record(ctx, action=audit.Action.read, resource="application",
                     resource_id=application_id, subject=subject_of(application)),
        with_calls(ctx, [application]))
    return reads[0]


async def with_calls(ctx: Ctx, applications: list[ApplicationDoc]) -> list[ApplicationRead]:
    """The applications with their call's summary, read in one query for the whole page."""
    calls = await calls_repo.summaries(ctx.db, [a["call_id"] for a in applications],
                                       ttl=ctx.settings.call_cache_seconds)
    return [view_for(ctx, {**a, "call": calls.get(a["call_id"])}) for a in applications]


async def _visibility(ctx: Ctx, *, call_id: ObjectId | None,
                      status: ApplicationStatus | None) -> list[Filter]:
    """The caller's need-to-know, with the request's filters, as queries (any one of them
    grants sight). Each is one flat document of equalities (and one ``$in``), so that the
    common case, one clause, is a query an index serves whole on every database: a planner
    may not see an index through ``$and`` (SecantusDB does not)."""
    actor = ctx.actor
    own: Filter = {"purging": None}  # one being purged is gone already
    if call_id is not None:
        own["call_id"] = call_id
    if status is not None:
        own["status"] = status.value
    queries: list[Filter] = []
    if actor.has(Role.candidate):
        queries.append({"channel": "candidate", "owner_sub": actor.sub, **own})
    if actor.has(Role.permrep) and actor.country:
        queries.append({"channel": "permrep", "permrep_country": actor.country, **own})
    scope = actor.staff_scope  # HR: its DG; a recruiter: its unit and the units below
    if scope is not None:
        call_ids = await repo.call_ids_under_unit(ctx.db, scope)
        if call_id is not None:
            call_ids = [c for c in call_ids if c == call_id]
        if call_ids:
            queries.append(repo.staff_listing_query(call_ids=call_ids, status=own.get("status")))
    # Panel members see nothing until conflict declarations exist (a later issue).
    return queries


def _call_filter(call_id: str | None) -> ObjectId | None:
    if call_id is None:
        return None
    if not ObjectId.is_valid(call_id):
        raise Unprocessable("call_id is not a call id.",
                            errors=[{"loc": ["query", "call_id"], "msg": "not an id"}])
    return ObjectId(call_id)


async def list_applications(
    ctx: Ctx, *, page: PageParams, call_id: str | None = None,
    status: ApplicationStatus | None = None, submitted_by_me: bool = False,
) -> ApplicationList:
    """The applications the caller may see, newest first; one audit event per application."""
    require_application_role(ctx)
    queries = await _visibility(ctx, call_id=_call_filter(call_id), status=status)
    if not queries:
        return ApplicationList(items=[])
    query = queries[0] if len(queries) == 1 else {"$or": queries}
    if submitted_by_me:  # what this caller (a PermRep's system, a candidate) itself sent
        query = {"$and": [query, {"$or": [{"permrep_sub": ctx.actor.sub},
                                          {"owner_sub": ctx.actor.sub}]}]}
    found = await repo.find_page(ctx.db, filters=query, page=page)
    await audit.record_many(ctx, action=audit.Action.list, resource="application",
                            items=[(str(a["_id"]), subject_of(a)) for a in found.docs])
    return ApplicationList(items=await with_calls(ctx, found.docs),
                           next_cursor=found.next_cursor)


async def get_eligibility(ctx: Ctx, *, application_id: str) -> EligibilityVerdict:
    """The stored verdict of a submitted application, or a live one for a draft."""
    application = await readable_application(ctx, application_id=application_id)
    if application.get("eligibility"):
        verdict = EligibilityVerdict.model_validate(application["eligibility"])
    else:
        call = await call_of(ctx, application)
        verdict = await compute_verdict(ctx, application=application, call=call,
                                        profile=full_profile(application))
    await audit.record(ctx, action=audit.Action.read, resource="application.eligibility",
                       resource_id=application_id, subject=subject_of(application))
    return verdict
