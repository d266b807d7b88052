"""Drafts: change them, submit them (validated, eligibility computed, frozen), withdraw them."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import ValidationError
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from app.errors import Conflict, PreconditionFailed, Unprocessable, validation_errors
from app.i18n import content_language, language_var
from app.models.applications import (
    ApplicationRead,
    ApplicationStatus,
    ApplicationUpdate,
    application_read,
)
from app.models.common import JsonObject, check_if_match, etag, object_id, to_milliseconds
from app.models.profile import CandidateProfile
from app.models.stored import (
    ApplicationChangeDoc,
    ApplicationDoc,
    DocumentRulesDoc,
    ProfileDoc,
    StatusEntryDoc,
)
from app.models.stored_more import DocumentMetaDoc
from app.repositories import applications as repo
from app.repositories import calls as calls_repo
from app.repositories import documents as documents_repo
from app.services import audit
from app.services.applications import rules
from app.services.applications.access import (
    call_of,
    owned_application,
    subject_of,
    writable_draft,
)
from app.services.applications.create import cast_declaration, duplicate_conflict, profile_doc
from app.services.applications.crypto import seal
from app.services.applications.status_change import STALE, StatusChange, change_status
from app.services.applications.tx import atomically
from app.services.applications.verdicts import compute_verdict as compute_verdict
from app.services.applications.verdicts import verdict_doc
from app.services.context import Ctx
from app.services.eligibility.localized import with_worded_verdict
from app.services.idempotency import run_once
from app.services.merge_patch import patched_members, validated


def _stale() -> PreconditionFailed:
    return PreconditionFailed(STALE)


async def update_draft(
    ctx: Ctx, *, application_id: str, patch: JsonObject, if_match: str | None
) -> ApplicationRead:
    """Apply a JSON Merge Patch to a draft (owner only, ``If-Match`` required): what the patch
    leaves out stays as it was; the merged draft is validated as a whole."""
    application = await writable_draft(ctx, application_id=application_id)
    check_if_match(if_match, application["version"])
    call = await call_of(ctx, application)
    stored = {"profile_code": application["profile_code"],
              "profile": application.get("profile") or {}}
    payload = validated(ApplicationUpdate, patched_members(stored, patch))
    changes = payload.model_dump(exclude_unset=True)
    now = ctx.clock.now()
    fields: ApplicationChangeDoc = {"updated_at": now}
    profile: ProfileDoc = application.get("profile") or {}
    if "profile" in changes:
        profile = profile_doc(payload.profile) if payload.profile is not None else {}
        fields["profile"] = profile
        fields["cast_declaration"] = cast_declaration(application["call_kind"], profile)
    if "profile_code" in changes:
        fields["profile_code"] = rules.choose_profile(call, payload.profile_code)
    if application["channel"] == "permrep" and "profile" in changes:
        rules.check_permrep_country(ctx.actor, profile)
        fields["candidate_key"] = rules.candidate_key(
            settings_key=ctx.settings.pseudonym_key.get_secret_value(), channel="permrep",
            actor=ctx.actor, profile=profile)

    async def store(session: AsyncClientSession) -> ApplicationDoc:
        updated = await repo.update_versioned(
            ctx.db, application_id=application["_id"], version=application["version"],
            set_fields=fields, status_in=[ApplicationStatus.draft.value], session=session)
        if updated is None:
            raise _stale()
        if "special_needs" in changes:
            if payload.special_needs is None:
                await repo.delete_special_needs(ctx.db, application_id=application["_id"],
                                                session=session)
            else:
                sealed = seal(ctx.settings, application_id=application["_id"],
                                     plaintext=payload.special_needs)
                await repo.put_special_needs(ctx.db, application_id=application["_id"],
                                             kid=sealed.kid, nonce=sealed.nonce,
                                             ciphertext=sealed.ciphertext, now=now,
                                             session=session)
        return updated

    try:
        updated = await atomically(ctx, store)
    except DuplicateKeyError:
        raise await duplicate_conflict(
            ctx, call_id=application["call_id"],
            profile_code=fields.get("profile_code", application["profile_code"]),
            key=fields.get("candidate_key", application["candidate_key"])) from None
    await audit.record(ctx, action=audit.Action.update, resource="application",
                       resource_id=application_id, subject=subject_of(updated),
                       detail=",".join(sorted(changes)))
    return application_read(updated)


def full_profile(application: ApplicationDoc) -> CandidateProfile:
    """The draft profile as a complete one; 422 listing what is missing or wrong."""
    try:
        return CandidateProfile.model_validate(application.get("profile") or {})
    except ValidationError as exc:
        errors = [{**e, "loc": ["profile", *e["loc"]]} for e in validation_errors(exc.errors())]
        raise Unprocessable("The profile is incomplete: complete it before submitting.",
                            errors=errors) from None


def missing_documents(rules: DocumentRulesDoc, documents: list[DocumentMetaDoc]) -> list[str]:
    """The required kinds not uploaded; a single-PDF call's one PDF holds them all (TA)."""
    required = [str(kind) for kind in rules.get("required") or []]
    if rules.get("single_pdf") and documents:
        return []
    present = {d["kind"] for d in documents}
    return [kind for kind in required if kind not in present]


async def submit_application(
    ctx: Ctx, *, application_id: str, if_match: str | None
) -> ApplicationRead:
    """Submit a draft before the deadline: full profile, required documents, eligibility."""
    # The documents hang on the application's id only: read with it (kept only if it is ours).
    oid = object_id(application_id, what="application")
    application, documents = await asyncio.gather(
        writable_draft(ctx, application_id=application_id),
        documents_repo.all_for_application(ctx.db, oid, cap=100))
    check_if_match(if_match, application["version"], required=False)
    call = await call_of(ctx, application)  # recently read calls come from memory
    now = to_milliseconds(ctx.clock.now())  # as stored, so the answer equals a later read
    rules.ensure_open(call, now, action="submission")
    profile = full_profile(application)
    if application["channel"] == "permrep":
        # The notice may have been corrected since the draft was created.
        rules.check_open_to(call, ctx.actor.country)
        rules.check_permrep_country(ctx.actor, application.get("profile") or {})
    missing = missing_documents(call.get("documents") or {}, documents)
    if missing:
        raise Unprocessable("Upload the documents the call requires before submitting.",
                            errors=[{"loc": ["documents", kind], "msg": "required document "
                                     "missing"} for kind in missing])
    verdict = await compute_verdict(ctx, application=application, call=call, profile=profile,
                                    documents=documents)
    history: StatusEntryDoc = {"at": now, "by": ctx.actor.sub, "from": "draft",
                               "to": "submitted", "reason": None}
    set_fields: ApplicationChangeDoc = {
        "status": ApplicationStatus.submitted.value, "left_draft": True, "submitted_at": now,
        "updated_at": now,
        "eligibility": verdict_doc(verdict),
        "priority_rank": rules.priority_rank(call, application.get("profile") or {}),
        "profile": profile_doc(profile),
        "cast_declaration": cast_declaration(application["call_kind"],
                                             application.get("profile") or {})}

    updated = await change_status(ctx, application=application, change=StatusChange(
        set_fields=set_fields, history=history, status_in=[ApplicationStatus.draft.value],
        event="application.submitted", action=audit.Action.submit))
    return application_read({**updated, "call": calls_repo.summary(call)})


async def submit_application_once(
    ctx: Ctx, *, application_id: str, if_match: str | None, idempotency_key: str | None
) -> JSONResponse:
    """``submit_application`` behind ``Idempotency-Key``: a PermRep's retry replays the 200."""

    async def produce() -> tuple[int, Any, dict[str, str]]:
        read = await submit_application(ctx, application_id=application_id, if_match=if_match)
        # The verdict just judged, worded for the reader (a replay answers the same words).
        worded = with_worded_verdict(read, language=language_var.get())
        return 200, worded.model_dump(mode="json", by_alias=True), {
            "ETag": etag(read.version), **content_language()}

    return await run_once(ctx, key=idempotency_key, scope=f"applications.submit:{application_id}",
                          body={"if_match": if_match}, produce=produce)


async def withdraw_application(
    ctx: Ctx, *, application_id: str, if_match: str | None
) -> ApplicationRead:
    """Withdraw before the deadline and before any decision (owner or submitting PermRep)."""
    application = await owned_application(ctx, application_id=application_id)
    check_if_match(if_match, application["version"], required=False)
    status = application["status"]
    if status not in rules.WITHDRAWABLE:
        raise Conflict(f"The application is {status}; it can be withdrawn only before a "
                       "decision is taken on it.", application_status=status)
    call = await call_of(ctx, application)
    now = to_milliseconds(ctx.clock.now())  # as stored, so the answer equals a later read
    if now >= rules.deadline_instant(call):
        raise Conflict("The deadline has passed: withdrawal was possible until "
                       f"{rules.deadline_text(call)}.",
                       deadline=rules.deadline_instant(call).isoformat())
    history: StatusEntryDoc = {"at": now, "by": ctx.actor.sub, "from": status,
                               "to": "withdrawn", "reason": None}
    updated = await change_status(ctx, application=application, change=StatusChange(
        set_fields={"status": ApplicationStatus.withdrawn.value, "left_draft": True,
                    "withdrawn_at": now, "updated_at": now},
        history=history, status_in=list(rules.WITHDRAWABLE),
        event="application.status_changed", action=audit.Action.withdraw))
    return application_read({**updated, "call": calls_repo.summary(call)})
