"""Erasure, restriction and objection requests, handled by rules.

Before the application is decided (a draft, or submitted and not yet assessed, in a call not
completed), the application is withdrawn and erased at once. After a decision, the data is
needed to answer for that decision: processing is restricted (staff no longer see the
application, no decision or hand-over happens) and the purge erases it at retention end. A
legal hold also turns an erasure into a restriction. The DPO lists the requests and answers.
"""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from dateutil.relativedelta import relativedelta

from app.db import Filter, Update
from app.errors import Forbidden, NotFound
from app.models.applications import ApplicationRead, application_read
from app.models.common import PageParams, object_id
from app.models.privacy import (
    PrivacyRequestAnswer,
    PrivacyRequestCreate,
    PrivacyRequestDoc,
    PrivacyRequestList,
    PrivacyRequestRead,
    RequestStatus,
)
from app.models.stored import ApplicationDoc, CallDoc
from app.repositories import applications as applications_repo
from app.repositories import calls as calls_repo
from app.repositories import privacy as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import is_owner, subject_of
from app.services.context import Ctx
from app.services.privacy import erase
from app.services.privacy.retention import current_policy

UNDECIDED = ("draft", "submitted")
ERASED = "Withdrawn and erased: nothing of this application is kept."
RESTRICTED = ("Restricted: the application is no longer processed nor shown to staff; it is "
              "erased at the end of the retention period.")
HELD = " A legal hold (complaint or litigation) applies until the case is closed."


def _subject_ref(ctx: Ctx, sub: str) -> str:
    """Lets a candidate find their own requests; dropped when the application is erased."""
    return audit.pseudonym(ctx.settings.pseudonym_key.get_secret_value(),
                           "privacy-request\x00" + sub)


async def _target(ctx: Ctx, application_id: str) -> ApplicationDoc:
    """The candidate's own application, or any for the DPO; 404 otherwise."""
    if not ctx.actor.has(Role.candidate, Role.dpo):
        raise Forbidden("Requests are filed by the candidate, or by the DPO on their behalf.")
    found = await applications_repo.get(ctx.db, object_id(application_id, what="application"))
    if found is None or found.get("purging"):
        raise NotFound("No such application.")
    if not ctx.actor.has(Role.dpo) and not is_owner(ctx, found):
        raise NotFound("No such application.")
    return found


async def _held(ctx: Ctx, application: ApplicationDoc) -> bool:
    calls, applications = await repo.active_hold_targets(ctx.db)
    return application["_id"] in applications or application["call_id"] in calls


async def file_request(ctx: Ctx, *, payload: PrivacyRequestCreate) -> PrivacyRequestRead:
    """File and handle a request by the rules; the answer says what was done."""
    application = await _target(ctx, payload.application_id)
    call = await calls_repo.get(ctx.db, application["call_id"])
    held = await _held(ctx, application)
    decided = application["status"] not in UNDECIDED or (
        call is not None and call["status"] == "completed")
    owner = application.get("owner_sub") or subject_of(application)
    request_id = ObjectId()
    now = ctx.clock.now()
    await audit.record(ctx, action=audit.Action.request, resource="privacy_request",
                       resource_id=str(request_id), subject=subject_of(application),
                       detail=payload.kind.value)
    request = PrivacyRequestDoc(
        id=request_id, kind=payload.kind, application_id=application["_id"],
        subject_ref=_subject_ref(ctx, owner), requested_by_dpo=ctx.actor.has(Role.dpo),
        reason=payload.reason, created_at=now, answered_at=now, status=RequestStatus.completed,
        outcome=ERASED)
    if not decided and not held:
        await repo.insert_request(ctx.db, request)
        claimed = await erase.claim(ctx, [application], run_id=request_id, reason="erasure")
        await erase.finish(ctx, claimed, run_id=None)
    else:
        await repo.set_restricted(ctx.db, application_id=application["_id"], now=now)
        await repo.insert_request(ctx.db, request.model_copy(update={
            "status": RequestStatus.restricted, "outcome": RESTRICTED + (HELD if held else ""),
            "erase_after": _retention_end(ctx, call)}))
    stored = await repo.get_request(ctx.db, request_id)
    assert stored is not None
    return PrivacyRequestRead.of(stored)


def _retention_end(ctx: Ctx, call: CallDoc | None) -> datetime | None:
    closed = call.get("closed_at") or call.get("cancelled_at") if call is not None else None
    if closed is None or call is None:
        return None  # the call is still open: one year after it closes
    months = current_policy(ctx).rule_for(str(call["kind"])).not_selected_months
    return closed + relativedelta(months=months)


async def _visible(ctx: Ctx, request_id: str) -> PrivacyRequestDoc:
    found = await repo.get_request(ctx.db, object_id(request_id, what="request"))
    if found is None:
        raise NotFound("No such request.")
    if ctx.actor.has(Role.dpo):
        return found
    if ctx.actor.has(Role.candidate) and found.subject_ref == _subject_ref(ctx, ctx.actor.sub):
        return found
    raise NotFound("No such request.")


async def get_request(ctx: Ctx, *, request_id: str) -> PrivacyRequestRead:
    """One request: the DPO's, or the candidate's own (404 otherwise)."""
    return PrivacyRequestRead.of(await _visible(ctx, request_id))


async def list_requests(ctx: Ctx, *, page: PageParams, status: RequestStatus | None
                        ) -> PrivacyRequestList:
    """The DPO sees every request; a candidate their own."""
    query: Filter = {"status": status.value} if status else {}
    if not ctx.actor.has(Role.dpo):
        if not ctx.actor.has(Role.candidate):
            raise Forbidden("Requests are the candidate's and the DPO's business.")
        query["subject_ref"] = _subject_ref(ctx, ctx.actor.sub)
    docs, cursor = await repo.requests_page(ctx.db, query=query, page=page)
    return PrivacyRequestList(items=[PrivacyRequestRead.of(d) for d in docs],
                              next_cursor=cursor)


async def restricted_application(ctx: Ctx, *, request_id: str) -> ApplicationRead:
    """The DPO alone reads an application whose processing is restricted; audited."""
    if not ctx.actor.has(Role.dpo):
        raise Forbidden("A restricted application is visible to the DPO only.")
    found = await _visible(ctx, request_id)
    application = (await applications_repo.get(ctx.db, found.application_id)
                   if found.application_id else None)
    if application is None or application.get("purging"):
        raise NotFound("The application was erased.")
    await audit.record(ctx, action=audit.Action.read, resource="application",
                       resource_id=str(application["_id"]), subject=subject_of(application),
                       detail="restricted")
    return application_read(application)


async def answer_request(ctx: Ctx, *, request_id: str, answer: PrivacyRequestAnswer
                         ) -> PrivacyRequestRead:
    """The DPO's answer; refusing a restriction lets processing resume. Audited."""
    found = await _visible(ctx, request_id)
    fields: Update = {"outcome": answer.outcome, "answered_at": ctx.clock.now()}
    if answer.refuse:
        fields["status"] = RequestStatus.refused.value
        if found.application_id is not None and found.status is RequestStatus.restricted:
            await repo.set_restricted(ctx.db, application_id=found.application_id, now=None)
    updated = await repo.update_request(ctx.db, found.id, fields)
    assert updated is not None
    await audit.record(ctx, action=audit.Action.update, resource="privacy_request",
                       resource_id=request_id, detail="refused" if answer.refuse else "answered")
    return PrivacyRequestRead.of(updated)
