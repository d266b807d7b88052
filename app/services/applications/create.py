"""Creating an application through the channel its call accepts."""

from __future__ import annotations

from typing import Any, cast

from bson import ObjectId
from fastapi.responses import JSONResponse
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from app.errors import Conflict, NotFound
from app.models.applications import (
    ApplicationCreate,
    ApplicationRead,
    ApplicationStatus,
    CandidateProfileDraft,
    application_read,
)
from app.models.common import etag, object_id
from app.models.profile import CandidateProfile
from app.models.stored import ApplicationDoc, CallDoc, CastDeclarationDoc, ProfileDoc
from app.repositories import applications as repo
from app.repositories import audit as audit_repo
from app.repositories import calls as calls_repo
from app.repositories import together
from app.services import audit
from app.services.applications import rules
from app.services.applications.access import require_application_role, subject_of
from app.services.applications.crypto import seal
from app.services.applications.tx import atomically
from app.services.context import Ctx
from app.services.idempotency import run_once


def profile_doc(profile: CandidateProfileDraft | CandidateProfile) -> ProfileDoc:
    """How a (draft) profile is stored: JSON types, absent fields left out."""
    # The models' JSON is ProfileDoc's shape (tests/applications/test_stored_shapes.py).
    return cast(ProfileDoc, profile.model_dump(mode="json", exclude_none=True))


def cast_declaration(call_kind: str, profile: ProfileDoc) -> CastDeclarationDoc | None:
    """The EPSO CAST registration a CA candidate declares (verified later against CAST imports)."""
    if call_kind != "ca":
        return None
    return {"epso_per_id": profile.get("epso_per_id"),
            "function_groups": list(profile.get("cast_function_groups") or []),
            "verified": False}


async def _visible_call(ctx: Ctx, call_id: str) -> CallDoc:
    """A call open to applications is public: anything else does not exist for applicants."""
    call = await calls_repo.get_recent(ctx.db, object_id(call_id, what="call"),
                                       ttl=ctx.settings.call_cache_seconds)
    if call is None or call.get("status") in (None, "draft"):
        raise NotFound("No such call.")
    return call


async def duplicate_conflict(ctx: Ctx, *, call_id: ObjectId, profile_code: str,
                             key: str) -> Conflict:
    """The 409 for a second application to the same call and profile."""
    existing = await repo.find_duplicate(ctx.db, call_id=call_id, profile_code=profile_code,
                                         candidate_key=key)
    return Conflict("This candidate already has an application for this call and profile.",
                    existing_application_id=str(existing) if existing else None)


async def create_application(
    ctx: Ctx, *, call_id: str, payload: ApplicationCreate
) -> ApplicationRead:
    """A new draft application; 403 for the wrong channel, 409 after the deadline or twice."""
    require_application_role(ctx)
    call = await _visible_call(ctx, call_id)
    kind = str(call["kind"])
    channel = rules.check_channel(ctx.actor, kind)
    now = ctx.clock.now()
    rules.ensure_open(call, now, action="applying")
    profile_code = rules.choose_profile(call, payload.profile_code)
    profile = profile_doc(payload.profile)
    if channel == "permrep":
        rules.check_open_to(call, ctx.actor.country)
        rules.check_permrep_country(ctx.actor, profile)
    key = rules.candidate_key(settings_key=ctx.settings.pseudonym_key.get_secret_value(),
                              channel=channel, actor=ctx.actor, profile=profile)
    # The id the driver would give it on insert, given here: the audit event names it first.
    doc: ApplicationDoc = {
        "_id": ObjectId(), "call_id": call["_id"], "call_kind": kind, "profile_code": profile_code,
        "channel": channel, "candidate_key": key,
        "owner_sub": ctx.actor.sub if channel == "candidate" else None,
        "permrep_country": ctx.actor.country if channel == "permrep" else None,
        "permrep_sub": ctx.actor.sub if channel == "permrep" else None,
        "status": ApplicationStatus.draft.value, "left_draft": False, "profile": profile,
        "cast_declaration": cast_declaration(kind, profile), "eligibility": None,
        "status_history": [], "version": 1, "created_at": now, "updated_at": now,
    }
    needs = payload.special_needs
    if needs is None:
        return await _store_with_its_record(ctx, doc, profile_code=profile_code, call=call)

    async def store(session: AsyncClientSession | None) -> ObjectId:
        inserted = await repo.insert(ctx.db, doc, session=session)
        if needs is not None:
            sealed = seal(ctx.settings, application_id=inserted, plaintext=needs)
            await repo.put_special_needs(ctx.db, application_id=inserted, kid=sealed.kid,
                                         nonce=sealed.nonce, ciphertext=sealed.ciphertext,
                                         now=now, session=session)
        return inserted

    try:
        # The application and its special needs exist together or not at all.
        inserted = await atomically(ctx, store)
    except DuplicateKeyError:
        raise await duplicate_conflict(ctx, call_id=call["_id"], profile_code=profile_code,
                                       key=key) from None
    await audit.record(ctx, action=audit.Action.create, resource="application",
                       resource_id=str(inserted), subject=subject_of(doc))
    return application_read(doc)


async def _store_with_its_record(ctx: Ctx, doc: ApplicationDoc, *, profile_code: str,
                                 call: CallDoc) -> ApplicationRead:
    """The application and its audit event in one ordered command, after the pseudonym keys of
    people seen for the first time (usually a person's first application): a duplicate key stops
    it before the application (the person had a key: write again with it), a duplicate
    application (the unique index on candidate, call and profile) before the event."""
    subject = subject_of(doc)
    first = audit.event_with_new_keys(ctx, action=audit.Action.create, resource="application",
                                      resource_id=str(doc["_id"]), subject=subject)
    keys = [together.Insert(audit_repo.SUBJECT_KEYS, key) for key in first.key_docs]
    application = together.Insert(repo.COLLECTION, doc)
    try:
        await together.write_together(ctx.db, [
            *keys, application, together.Insert(audit_repo.COLLECTION, first.event)])
        audit.remember(ctx, first)
    except together.DuplicateAt as exc:
        if exc.index > len(keys):
            raise
        if exc.index == len(keys):  # the application: its keys were stored before it
            audit.remember(ctx, first)
            raise await _duplicate(ctx, doc, profile_code) from None
        # A key existed (the person was seen before): the event under their stored keys.
        record = await audit.event(ctx, action=audit.Action.create, resource="application",
                                   resource_id=str(doc["_id"]), subject=subject)
        try:
            await together.write_together(ctx.db, [
                application, together.Insert(audit_repo.COLLECTION, record)])
        except together.DuplicateAt as again:
            if again.index != 0:
                raise
            raise await _duplicate(ctx, doc, profile_code) from None
    return application_read({**doc, "call": calls_repo.summary(call)})


async def _duplicate(ctx: Ctx, doc: ApplicationDoc, profile_code: str) -> Conflict:
    return await duplicate_conflict(ctx, call_id=doc["call_id"], profile_code=profile_code,
                                    key=str(doc["candidate_key"]))


async def create_application_once(
    ctx: Ctx, *, call_id: str, payload: ApplicationCreate, idempotency_key: str | None
) -> JSONResponse:
    """``create_application`` behind ``Idempotency-Key``: a PermRep's retry replays the 201."""
    require_application_role(ctx)

    async def produce() -> tuple[int, Any, dict[str, str]]:
        read = await create_application(ctx, call_id=call_id, payload=payload)
        headers = {"Location": f"/api/v1/applications/{read.id}", "ETag": etag(read.version)}
        return 201, read.model_dump(mode="json", by_alias=True), headers

    return await run_once(ctx, key=idempotency_key, scope=f"applications.create:{call_id}",
                          body=payload.model_dump(mode="json"), produce=produce,
                          application_of=lambda body: body.get("id"))
