"""The data subject's export: everything held about the caller, as JSON, streamed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime

from app.errors import Forbidden
from app.models.common import JsonObject
from app.models.privacy import ExportApplication, ExportDecision, ExportDocument
from app.models.stored import ApplicationDoc
from app.models.stored_more import AuditEventDoc
from app.repositories import applications as applications_repo
from app.repositories import audit as audit_repo
from app.repositories import documents as documents_repo
from app.repositories import privacy as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.crypto import open_sealed
from app.services.context import Ctx

MAX_DOCUMENTS = 200  # per application; uploads are capped far below this


async def data_export(ctx: Ctx) -> AsyncIterator[str]:
    """Audit first, then stream: applications one by one, then the caller's audit trail."""
    if not ctx.actor.has(Role.candidate):
        raise Forbidden("The data export is a candidate's own: other roles hold no profile "
                        "here.")
    await audit.record(ctx, action=audit.Action.export, resource="me.data_export",
                       resource_id=ctx.actor.sub, subject=ctx.actor.sub)
    aliases = await audit.person_matches(ctx, ctx.actor.sub)
    return _stream(ctx, aliases)


async def _stream(ctx: Ctx, aliases: list[str]) -> AsyncIterator[str]:
    head = {"subject": ctx.actor.sub, "generated_at": ctx.clock.now().isoformat()}
    yield json.dumps(head)[:-1] + ', "applications": ['
    first = True
    async for application in repo.applications_of_owner(ctx.db, ctx.actor.sub):
        item = await _application(ctx, application)
        yield ("" if first else ",") + item.model_dump_json(by_alias=True)
        first = False
    yield '], "audit_trail": ['
    first = True
    query = {"$or": [{"subject_id": {"$in": aliases}}, {"actor": {"$in": aliases}}]}
    async for event in audit_repo.stream(ctx.db, filters=query):
        yield ("" if first else ",") + json.dumps(_event(event), default=str)
        first = False
    yield "]}"


async def _application(ctx: Ctx, application: ApplicationDoc) -> ExportApplication:
    docs = await documents_repo.all_for_application(ctx.db, application["_id"],
                                                    cap=MAX_DOCUMENTS)
    sealed = await applications_repo.get_special_needs(ctx.db, application["_id"])
    needs = open_sealed(ctx.settings, application_id=application["_id"],
                        nonce=bytes(sealed["nonce"]), ciphertext=bytes(sealed["ciphertext"]),
                        kid=sealed.get("kid")) if sealed else None
    return ExportApplication(
        id=str(application["_id"]), call_id=str(application["call_id"]),
        call_kind=application["call_kind"], profile_code=application["profile_code"],
        status=application["status"], restricted=bool(application.get("restricted_at")),
        transferred=bool(application.get("transferred_at")),
        profile=application.get("profile") or {}, eligibility=application.get("eligibility"),
        decisions=[ExportDecision.model_validate(h)
                   for h in application.get("status_history") or []],
        documents=[ExportDocument(
            id=str(d["_id"]), kind=d["kind"], filename=d["filename"],
            content_type=d["content_type"], size=d["size"], sha256=d["sha256"],
            download=f"/api/v1/documents/{d['_id']}/content", uploaded_at=d["uploaded_at"])
            for d in docs],
        special_needs=needs, created_at=application["created_at"],
        submitted_at=application.get("submitted_at"))


def _event(event: AuditEventDoc) -> JsonObject:
    shown = {k: v.isoformat() if isinstance(v, datetime) else v
             for k, v in event.items() if k != "_id"}
    shown["id"] = str(event["_id"])
    return shown
