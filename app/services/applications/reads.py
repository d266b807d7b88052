"""Reading applications: one, a page, the eligibility verdict, and (HR only) special needs."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from app.errors import Forbidden, Unprocessable
from app.models.applications import (
    ApplicationList,
    ApplicationRead,
    ApplicationStatus,
    SpecialNeedsRead,
    application_read,
)
from app.models.common import PageParams
from app.models.eligibility import EligibilityVerdict
from app.repositories import applications as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import (
    call_of,
    readable_application,
    require_application_role,
    subject_of,
)
from app.services.applications.crypto import open_sealed
from app.services.applications.drafts import compute_verdict, full_profile
from app.services.context import Ctx

NOT_DRAFT = {"$ne": ApplicationStatus.draft.value}


async def get_application(ctx: Ctx, *, application_id: str) -> ApplicationRead:
    """One application the caller may see (404 otherwise)."""
    application = await readable_application(ctx, application_id=application_id)
    await audit.record(ctx, action=audit.Action.read, resource="application",
                       resource_id=application_id, subject=subject_of(application))
    return application_read(application)


async def _visibility(ctx: Ctx) -> list[dict[str, Any]]:
    """The caller's need-to-know as query clauses (any one of them grants sight)."""
    actor = ctx.actor
    clauses: list[dict[str, Any]] = []
    if actor.has(Role.candidate):
        clauses.append({"channel": "candidate", "owner_sub": actor.sub})
    if actor.has(Role.permrep) and actor.country:
        clauses.append({"channel": "permrep", "permrep_country": actor.country})
    if actor.has(Role.hr):
        clauses.append({"status": NOT_DRAFT})
    elif actor.has(Role.recruiter) and actor.unit:
        call_ids = await repo.call_ids_under_unit(ctx.db, actor.unit)
        if call_ids:
            clauses.append({"status": NOT_DRAFT, "call_id": {"$in": call_ids}})
    # Panel members see nothing until conflict declarations exist (a later issue).
    return clauses


def _filters(call_id: str | None, status: ApplicationStatus | None) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    if call_id is not None:
        if not ObjectId.is_valid(call_id):
            raise Unprocessable("call_id is not a call id.",
                                errors=[{"loc": ["query", "call_id"], "msg": "not an id"}])
        filters["call_id"] = ObjectId(call_id)
    if status is not None:
        filters["status"] = status.value
    return filters


async def list_applications(
    ctx: Ctx, *, page: PageParams, call_id: str | None = None,
    status: ApplicationStatus | None = None, submitted_by_me: bool = False,
) -> ApplicationList:
    """The applications the caller may see, newest first; one audit event per application."""
    require_application_role(ctx)
    clauses = await _visibility(ctx)
    if not clauses:
        return ApplicationList(items=[])
    query = {"$and": [_filters(call_id, status), {"$or": clauses}]}
    if submitted_by_me:  # what this caller (a PermRep's system, a candidate) itself sent
        query["$and"].append({"$or": [{"permrep_sub": ctx.actor.sub},
                                      {"owner_sub": ctx.actor.sub}]})
    found = await repo.find_page(ctx.db, filters=query, page=page)
    await audit.record_many(ctx, action=audit.Action.list, resource="application",
                            items=[(str(a["_id"]), subject_of(a)) for a in found.docs])
    return ApplicationList(items=[application_read(a) for a in found.docs],
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


async def get_special_needs(ctx: Ctx, *, application_id: str) -> SpecialNeedsRead:
    """Decrypted special needs, for HR (who organise the interview logistics) only."""
    application = await readable_application(ctx, application_id=application_id)
    if not ctx.actor.has(Role.hr):
        raise Forbidden("Special needs are health data: only HR, who organise the interview "
                        "logistics, may read them.")
    stored = await repo.get_special_needs(ctx.db, application["_id"])
    plain = None
    if stored is not None:
        plain = open_sealed(ctx.settings, application_id=application["_id"],
                            nonce=bytes(stored["nonce"]), ciphertext=bytes(stored["ciphertext"]))
    await audit.record(ctx, action=audit.Action.read, resource="application.special_needs",
                       resource_id=application_id, subject=subject_of(application))
    return SpecialNeedsRead(application_id=application_id, special_needs=plain,
                            updated_at=stored.get("updated_at") if stored else None)
